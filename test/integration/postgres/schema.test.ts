// Both engines hold the same schema: a fresh SQLite store and a fresh PostgreSQL store have exactly
// the tables and columns of SCHEMA_COLUMNS (src/domain/db-schema.ts, itself checked against the
// domain's table types by the compiler), with the same kinds and nullability, plus only the tables
// each engine keeps for itself, named here. And they start with the same reference rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_COLUMNS, type ColumnKind } from '../../../src/domain/db-schema';
import { openPostgres, type OpenedPostgres } from '../../../src/store/postgres/open-postgres';
import { PG_MIGRATIONS, POSTGRES_ONLY_TABLES } from '../../../src/store/postgres/migrations';
import { openDatabase, type OpenedDatabase } from '../../../src/store/sqlite/open-database';
import { MIGRATIONS, SQLITE_NOT_NULL_BY_TRIGGER, SQLITE_SEARCH_TABLES } from '../../../src/store/sqlite/migrations';
import { testDatabaseUrl } from '../../helpers/store';

type Columns = Record<string, ColumnKind>;

let dir: string;
let lite: OpenedDatabase;
let pgStore: OpenedPostgres;
const schema = `t_schema_${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-schema-'));
  lite = await openDatabase(path.join(dir, 'mahkama.db'));
  pgStore = await openPostgres(testDatabaseUrl(), { schema });
});
afterAll(async () => {
  await lite?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (pgStore) {
    await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(pgStore.db);
    await pgStore.close();
  }
});

const expected = SCHEMA_COLUMNS as unknown as Record<string, Columns>;
const FTS5_SHADOW = /^(.*)_(data|idx|content|docsize|config)$/;

function sqliteTables(): { shared: string[]; searchOnly: string[] } {
  const names = (lite.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const isSearch = (n: string) => SQLITE_SEARCH_TABLES.includes(n) || SQLITE_SEARCH_TABLES.includes(FTS5_SHADOW.exec(n)?.[1] ?? '');
  return { shared: names.filter((n) => !isSearch(n)), searchOnly: names.filter(isSearch) };
}

function sqliteColumns(table: string): Columns {
  const rows = lite.raw.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string; notnull: number; pk: number }[];
  const out: Columns = {};
  for (const r of rows) {
    const kind = r.type === 'INTEGER' ? 'integer' : r.type === 'TEXT' ? 'text' : `unexpected type ${r.type}`;
    // Every table is STRICT, where a PRIMARY KEY column refuses NULL even without NOT NULL; a few
    // columns added later refuse it by trigger (SQLITE_NOT_NULL_BY_TRIGGER), checked to exist.
    const byTrigger = SQLITE_NOT_NULL_BY_TRIGGER[`${table}.${r.name}`];
    const triggersExist =
      byTrigger !== undefined &&
      byTrigger.every((t) => lite.raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?").get(t, table) !== undefined);
    const nullable = r.notnull === 0 && r.pk === 0 && !triggersExist;
    out[r.name] = `${kind}${nullable ? '?' : ''}` as ColumnKind;
  }
  return out;
}

async function postgresTables(): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(pgStore.db);
  return r.rows.map((x) => x.name).sort();
}

async function postgresColumns(table: string): Promise<{ kinds: Columns; collations: Record<string, string | null> }> {
  const r = await sql<{ name: string; data_type: string; is_nullable: string; collation_name: string | null }>`
    SELECT column_name AS name, data_type, is_nullable, collation_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table}`.execute(pgStore.db);
  const kinds: Columns = {};
  const collations: Record<string, string | null> = {};
  for (const c of r.rows) {
    const kind = c.data_type === 'integer' || c.data_type === 'bigint' ? 'integer' : c.data_type === 'text' ? 'text' : `unexpected type ${c.data_type}`;
    kinds[c.name] = `${kind}${c.is_nullable === 'YES' ? '?' : ''}` as ColumnKind;
    if (kind === 'text') collations[c.name] = c.collation_name;
  }
  return { kinds, collations };
}

describe('one schema on both engines', () => {
  it('SQLite has exactly the listed tables, plus its quick-find indexes (FTS5) and nothing else', () => {
    const { shared, searchOnly } = sqliteTables();
    expect(shared).toEqual(Object.keys(expected).sort());
    expect(searchOnly.filter((n) => SQLITE_SEARCH_TABLES.includes(n)).sort()).toEqual([...SQLITE_SEARCH_TABLES].sort());
  });

  it('PostgreSQL has exactly the listed tables, plus its migration record and audit high-water mark', async () => {
    expect(await postgresTables()).toEqual([...Object.keys(expected), ...POSTGRES_ONLY_TABLES].sort());
  });

  it('every table has exactly the listed columns on both, with the same kind and nullability', async () => {
    for (const table of Object.keys(expected)) {
      expect({ table, columns: sqliteColumns(table) }).toEqual({ table, columns: expected[table] });
      expect({ table, columns: (await postgresColumns(table)).kinds }).toEqual({ table, columns: expected[table] });
    }
  });

  it('every text column on PostgreSQL compares and sorts by code point (COLLATE "C"), as SQLite\'s BINARY does', async () => {
    for (const table of Object.keys(expected)) {
      const { collations } = await postgresColumns(table);
      for (const [column, collation] of Object.entries(collations)) expect({ table, column, collation }).toEqual({ table, column, collation: 'C' });
    }
  });

  it('the migrations are numbered and named alike, and both stores start with the same reference rows', async () => {
    expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    for (const table of ['case_types', 'holidays', 'document_types'] as const) {
      const order = table === 'holidays' ? 'date' : 'id';
      const fromSqlite = lite.raw.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();
      const fromPostgres = (await sql`SELECT * FROM ${sql.table(table)} ORDER BY ${sql.ref(order)}`.execute(pgStore.db)).rows;
      expect(fromSqlite.length).toBeGreaterThan(0);
      expect(fromPostgres).toEqual(fromSqlite);
    }
  });
});
