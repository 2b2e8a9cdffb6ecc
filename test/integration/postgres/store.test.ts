// The PostgreSQL store itself: migrated on open, once even when several servers open it at once;
// refused when its schema is newer than this build; results in the desk's JavaScript types; the
// audit append-only on this engine too, and its high-water mark kept in the appending transaction.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/domain/db-schema';
import { postgresAuditHighWater } from '../../../src/store/postgres/audit-high-water';
import { openPostgres, type OpenedPostgres } from '../../../src/store/postgres/open-postgres';
import { PG_LATEST_SCHEMA_VERSION, PG_MIGRATIONS } from '../../../src/store/postgres/migrations';
import { testDatabaseUrl } from '../../helpers/store';

const opened: OpenedPostgres[] = [];
const schemas: string[] = [];

function freshSchema(): string {
  const s = `t_store_${randomBytes(6).toString('hex')}`;
  schemas.push(s);
  return s;
}

async function open(schema: string): Promise<OpenedPostgres> {
  const o = await openPostgres(testDatabaseUrl(), { schema });
  opened.push(o);
  return o;
}

afterEach(async () => {
  const last = opened[0];
  for (const s of schemas.splice(0)) if (last) await sql`DROP SCHEMA IF EXISTS ${sql.id(s)} CASCADE`.execute(last.db);
  for (const o of opened.splice(0)) await o.close();
});

const versions = async (db: Kysely<Database>) => (await sql<{ version: number }>`SELECT version FROM schema_migrations ORDER BY version`.execute(db)).rows.map((r) => r.version);

const AUDIT_ROW = { device_id: 'd', hlc: 'h', wall_time: 'w', user_id: null, command: 'c', changes: '[]', prev_hash: 'p', hash: 'x' };

describe('opening the PostgreSQL store', () => {
  it('creates its schema and brings it to this build\'s version, each migration recorded once', async () => {
    const store = await open(freshSchema());
    await store.ping();
    expect(await versions(store.db)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect(PG_LATEST_SCHEMA_VERSION).toBe(PG_MIGRATIONS.at(-1)!.version);
  });

  it('several servers opening one new database at once migrate it once (advisory lock), and all of them work', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => open(schema)));
    for (const s of stores) expect(await versions(s.db)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect((await stores[3]!.db.selectFrom('case_types').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(10);
  });

  it('a database whose schema is newer than this build is refused with DB_TOO_NEW and left as it was', async () => {
    const schema = freshSchema();
    const first = await open(schema);
    await sql`INSERT INTO schema_migrations (version, name) VALUES (${PG_LATEST_SCHEMA_VERSION + 1}, 'from-the-future')`.execute(first.db);
    await expect(openPostgres(testDatabaseUrl(), { schema })).rejects.toMatchObject({
      code: 'DB_TOO_NEW',
      i18nKey: 'errors.db.tooNew',
      params: { found: PG_LATEST_SCHEMA_VERSION + 1, supported: PG_LATEST_SCHEMA_VERSION },
    });
    expect(await versions(first.db)).toEqual([...PG_MIGRATIONS.map((m) => m.version), PG_LATEST_SCHEMA_VERSION + 1]);
  });

  it('a server that cannot be reached is DB_UNAVAILABLE, and a schema name that is not a plain name is refused', async () => {
    await expect(openPostgres('postgres://postgres@127.0.0.1:1/none')).rejects.toMatchObject({ code: 'DB_UNAVAILABLE', i18nKey: 'errors.db.serverUnreachable' });
    await expect(openPostgres(testDatabaseUrl(), { schema: 'x; DROP SCHEMA public' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('what the store gives back', () => {
  it('counts and bigints come back as numbers, like better-sqlite3 gives them; past 2^53 as BigInt, never rounded', async () => {
    const store = await open(freshSchema());
    const r = await sql<{ n: number; big: number; huge: bigint; total: number }>`
      SELECT (SELECT count(*) FROM holidays) AS n, 9007199254740991::bigint AS big, 9007199254740993::bigint AS huge, (SELECT sum(version) FROM case_types) AS total`.execute(store.db);
    expect(r.rows[0]).toEqual({ n: expect.any(Number), big: 9007199254740991, huge: 9007199254740993n, total: 10 });
  });

  it('the audit is append-only here too: update, delete and truncate are refused', async () => {
    const store = await open(freshSchema());
    await store.db.insertInto('audit').values({ seq: 1, ...AUDIT_ROW }).execute();
    await expect(sql`UPDATE audit SET command = 'x'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit CASCADE`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_subjects`.execute(store.db)).resolves.toBeDefined();
  });

  it('the high-water mark follows the highest seq appended, and a rolled-back append leaves it as it was', async () => {
    const store = await open(freshSchema());
    expect(await postgresAuditHighWater(store.db)).toBe(0);
    await store.db.insertInto('audit').values({ seq: 1, ...AUDIT_ROW }).execute();
    await store.db.insertInto('audit').values({ seq: 2, ...AUDIT_ROW }).execute();
    expect(await postgresAuditHighWater(store.db)).toBe(2);
    await expect(
      store.db.transaction().execute(async (trx) => {
        await trx.insertInto('audit').values({ seq: 3, ...AUDIT_ROW }).execute();
        expect(await postgresAuditHighWater(trx)).toBe(3);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await postgresAuditHighWater(store.db)).toBe(2);
  });
});
