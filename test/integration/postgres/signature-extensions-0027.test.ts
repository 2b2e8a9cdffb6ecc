// Migration 0027 on PostgreSQL gives any extension row already there the id the domain derives from
// the file it extends (nameBasedId), in SQL: the same id a desk gives its rows (with the domain's
// own function) and the server's job gives its own, so one file extended is one record everywhere.
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameBasedId } from '../../../src/domain/name-based-id';
import { signatureExtensionId } from '../../../src/domain/rules/signature-extension';
import { nameBasedIdSql } from '../../../src/store/postgres/migrations/0027-signature-extensions-synced';
import { openPostgres, type OpenedPostgres } from '../../../src/store/postgres/open-postgres';
import { testDatabaseUrl } from '../../helpers/store';

let store: OpenedPostgres;
const schema = `t_0027_${randomBytes(6).toString('hex')}`;
beforeAll(async () => {
  store = await openPostgres(testDatabaseUrl(), { schema });
});
afterAll(async () => {
  await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(store.db);
  await store.close();
});

describe('migration 0027 on PostgreSQL', () => {
  it('derives in SQL exactly the id nameBasedId derives, for any name and for extended files', async () => {
    const names = fc.sample(fc.string({ maxLength: 80, unit: 'grapheme' }), 300);
    for (let i = 0; i < 50; i++) names.push(`signature-extension:${createHash('sha256').update(String(i)).digest('hex')}`);
    names.push('', 'signature-extension:', 'محكمة');
    const rows = await sql<{ i: number; id: string }>`
      SELECT i, ${sql.raw(nameBasedIdSql('t'))} AS id FROM unnest(${names}::text[]) WITH ORDINALITY AS s(t, i) ORDER BY i`.execute(store.db);
    expect(rows.rows).toHaveLength(names.length);
    const wrong = rows.rows.filter((r) => r.id !== nameBasedId(names[r.i - 1]!)).map((r) => [names[r.i - 1], r.id]);
    expect(wrong).toEqual([]);
    const file = createHash('sha256').update('7').digest('hex');
    expect(rows.rows.find((r) => names[r.i - 1] === `signature-extension:${file}`)?.id).toBe(signatureExtensionId(file));
  });
});
