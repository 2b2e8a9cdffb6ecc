// The domain tests' store on either engine (MAHKAMA_TEST_ENGINE: sqlite, the default, or postgres),
// behind one handle, so the same test proves the same thing on both: plain SQL with `?`
// placeholders, row counts and a fingerprint of every table ("nothing was written"), and the
// attacker's session (append-only triggers and foreign keys off) used by the audit-chain tests.
// PostgreSQL: each store is a schema of its own in the test database (TEST_DATABASE_URL, or the
// embedded server of test/setup/postgres.ts), dropped at close.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { sqliteAuditHighWater, type AuditHighWater } from '../../src/domain/audit-chain';
import type { Database, Db } from '../../src/domain/db-schema';
import { postgresAuditHighWater } from '../../src/store/postgres/audit-high-water';
import { openPostgresWith } from '../../src/store/postgres/open-postgres';
import type { PgMigration } from '../../src/store/postgres/migrations/migration';
import { openDatabase } from '../../src/store/sqlite/open-database';
import type { Migration } from '../../src/store/sqlite/migrations/migration';

export type Engine = 'sqlite' | 'postgres';

/** The engine this test run's stores use: the `integration-pg` project sets postgres. */
export const TEST_ENGINE: Engine = process.env.MAHKAMA_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** The test database's URL (TEST_DATABASE_URL, or the embedded server the global setup started). */
export function testDatabaseUrl(): string {
  const url = inject('testDatabaseUrl');
  if (!url) throw new Error('No test PostgreSQL: this file must run in the integration-pg project (vitest.config.ts)');
  return url;
}

/** What the tests read and run through a store or one of its transactions. */
export interface SqlRunner {
  /** The Kysely handle these statements run on (inside `attack`: the attacker's transaction). */
  db: Db;
  /** Rows of a statement with `?` placeholders. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** The first column of the first row. */
  value<T = unknown>(text: string, params?: readonly unknown[]): Promise<T>;
  /** A statement that returns no rows; resolves to the number of rows it changed. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
}

export interface AttackerSession extends SqlRunner {
  /** Sets the engine's record of the highest audit seq ever handed out (SQLite's sqlite_sequence). */
  setAuditHighWater(seq: number): Promise<void>;
}

export interface TestStore extends SqlRunner {
  engine: Engine;
  /** The engine's audit high-water mark, for CommandEnv.auditHighWater and verifyAuditChain. */
  auditHighWater: AuditHighWater;
  /** SQLite only: the file. */
  file?: string;
  /** SQLite only (files of SQLITE_ONLY_FILES): the raw better-sqlite3 handle. Throws on PostgreSQL. */
  sqliteRaw(): BetterSqlite3.Database;
  /** Row count of every table of the store (engine-only tables included). */
  tableCounts(): Promise<Record<string, number>>;
  /** A digest of every row of every table: equal before and after means nothing was written at all. */
  fingerprint(): Promise<string>;
  /**
   * The attacker's session: `fn` runs in one transaction with the append-only triggers and the
   * foreign-key checks off, as someone holding the database would. Rolled back after `fn` unless
   * `commit` (then the triggers are back as they were, the rows stay as the attacker left them).
   */
  attack<T>(fn: (s: AttackerSession) => Promise<T>, opts?: { commit?: boolean }): Promise<T>;
  /** Counts the transaction-control statements (BEGIN, SAVEPOINT) the store runs while `fn` runs. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ value: T; begins: number; savepoints: number }>;
  close(): Promise<void>;
}

export interface OpenTestStoreOptions {
  /** SQLite: the file (created if absent). */
  file?: string;
  /** Open as if this build knew just the first `n` migrations (an older schema). */
  migrationsUpTo?: number;
  /** SQLite only: exactly these migrations. */
  migrations?: readonly Migration[];
  /** The engine, when not the run's: a desk is SQLite whichever engine its server runs on. */
  engine?: Engine;
}

/** `?` placeholders to PostgreSQL's `$n`, leaving quoted strings and identifiers alone. */
export function toPostgresPlaceholders(text: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

function runner(db: Kysely<Database>, engine: Engine): SqlRunner {
  const exec = async <T>(text: string, params: readonly unknown[] = []) => {
    const compiled = CompiledQuery.raw(engine === 'postgres' ? toPostgresPlaceholders(text) : text, [...params]);
    return db.executeQuery<T>(compiled);
  };
  return {
    db,
    query: async <T>(text: string, params?: readonly unknown[]) => (await exec<T>(text, params)).rows,
    get: async <T>(text: string, params?: readonly unknown[]) => (await exec<T>(text, params)).rows[0],
    value: async <T>(text: string, params?: readonly unknown[]) => {
      const row = (await exec<Record<string, unknown>>(text, params)).rows[0];
      return (row === undefined ? undefined : Object.values(row)[0]) as T;
    },
    run: async (text: string, params?: readonly unknown[]) => Number((await exec(text, params)).numAffectedRows ?? 0n),
  };
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function fingerprintOf(s: SqlRunner, tables: readonly string[]): Promise<string> {
  const h = createHash('sha256');
  for (const name of tables) {
    h.update(`#${name}\n`);
    // Every column in the ORDER BY: a total order, so the digest never depends on where an
    // engine happens to keep rows (PostgreSQL moves a row on UPDATE, even one rolled back).
    const first = await s.query(`SELECT * FROM ${quoteIdent(name)} LIMIT 1`);
    const width = first[0] ? Object.keys(first[0]).length : 1;
    const order = Array.from({ length: width }, (_, i) => i + 1).join(', ');
    for (const row of await s.query(`SELECT * FROM ${quoteIdent(name)} ORDER BY ${order}`)) {
      h.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
    }
  }
  return h.digest('hex');
}

/**
 * Row counts and a digest of every row of every table of a store opened elsewhere (a server's
 * store, through its own Kysely handle), but the tables `except` names or, with `exceptSearch`,
 * whose name contains `search` (the desk's FTS5 index and its shadow tables).
 */
export function probeOfStore(db: Db, engine: Engine, opts: { except?: readonly string[]; exceptSearch?: boolean } = {}): Pick<TestStore, 'tableCounts' | 'fingerprint'> {
  const s = runner(db, engine);
  const except = new Set(opts.except ?? []);
  const tables = async () =>
    (engine === 'sqlite'
      ? await s.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      : await s.query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE \"C\"",
        )
    )
      .map((r) => r.name)
      .filter((t) => !except.has(t) && !(opts.exceptSearch && t.includes('search')));
  return {
    tableCounts: async () => {
      const out: Record<string, number> = {};
      for (const t of await tables()) out[t] = Number(await s.value(`SELECT count(*) FROM ${quoteIdent(t)}`));
      return out;
    },
    fingerprint: async () => fingerprintOf(s, await tables()),
  };
}

/** probeOfStore's digest: equal before and after means nothing was written outside `except`. */
export function fingerprintOfStore(db: Db, engine: Engine, opts: { except?: readonly string[]; exceptSearch?: boolean } = {}): Promise<string> {
  return probeOfStore(db, engine, opts).fingerprint();
}

class Rollback<T> {
  constructor(readonly value: T) {}
}

/** Runs `fn` in a Kysely transaction that is always rolled back unless `commit`. */
async function transactionOf<T>(db: Db, commit: boolean, fn: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      const value = await fn(trx);
      if (!commit) throw new Rollback(value);
      return value;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.value as T;
    throw err;
  }
}

const APPEND_ONLY_TRIGGERS = ['audit_no_update', 'audit_no_delete', 'audit_subjects_no_update', 'audit_subjects_no_delete'];

async function openSqliteStore(opts: OpenTestStoreOptions, dir: string | undefined): Promise<TestStore> {
  const file = opts.file ?? path.join(dir!, 'mahkama.db');
  const { MIGRATIONS } = await import('../../src/store/sqlite/migrations');
  const migrations = opts.migrations ?? (opts.migrationsUpTo !== undefined ? MIGRATIONS.filter((m) => m.version <= opts.migrationsUpTo!) : undefined);
  const opened = await openDatabase(file, migrations ? { migrations } : {});
  const raw = opened.raw;
  const base = runner(opened.db, 'sqlite');
  const tables = () =>
    (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  return {
    ...base,
    engine: 'sqlite',
    file,
    auditHighWater: sqliteAuditHighWater,
    sqliteRaw: () => raw,
    tableCounts: async () => Object.fromEntries(tables().map((t) => [t, (raw.prepare(`SELECT count(*) AS n FROM ${quoteIdent(t)}`).get() as { n: number }).n])),
    // The FTS5 shadow tables of party_search are left out: the index's own bookkeeping, not rows.
    fingerprint: () => fingerprintOf(base, tables().filter((t) => !t.startsWith('party_search'))),
    attack: async (fn, { commit = false } = {}) => {
      // foreign_keys cannot change inside a transaction: off before it, on again after.
      raw.pragma('foreign_keys = OFF');
      try {
        return await transactionOf(opened.db, commit, async (trx) => {
          const s = runner(trx, 'sqlite');
          const triggers = await s.query<{ name: string; sql: string }>(
            `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${APPEND_ONLY_TRIGGERS.map(() => '?').join(', ')})`,
            APPEND_ONLY_TRIGGERS,
          );
          for (const t of triggers) await s.run(`DROP TRIGGER ${quoteIdent(t.name)}`);
          const value = await fn({ ...s, setAuditHighWater: async (seq) => void (await s.run("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit'", [seq])) });
          for (const t of triggers) await s.run(t.sql);
          return value;
        });
      } finally {
        raw.pragma('foreign_keys = ON');
      }
    },
    countStatements: async (fn) => {
      const proto = Object.getPrototypeOf(raw.prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown };
      const original = proto.run;
      let begins = 0;
      let savepoints = 0;
      proto.run = function (this: BetterSqlite3.Statement, ...args: unknown[]) {
        const text = this.source.trim().toLowerCase();
        if (text.startsWith('begin')) begins++;
        if (text.startsWith('savepoint')) savepoints++;
        return original.apply(this, args);
      };
      try {
        return { value: await fn(), begins, savepoints };
      } finally {
        proto.run = original;
      }
    },
    close: async () => {
      await opened.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgresStore(opts: OpenTestStoreOptions): Promise<TestStore> {
  if (opts.file !== undefined || opts.migrations !== undefined) throw new Error('a file or SQLite migrations name a SQLite store');
  const url = testDatabaseUrl();
  const schema = `t_${randomBytes(8).toString('hex')}`;
  const { PG_MIGRATIONS } = await import('../../src/store/postgres/migrations');
  const migrations: readonly PgMigration[] | undefined = opts.migrationsUpTo !== undefined ? PG_MIGRATIONS.filter((m) => m.version <= opts.migrationsUpTo!) : undefined;
  const opened = await openPostgresWith(url, { schema }, migrations ? { migrations } : {});
  const base = runner(opened.db, 'postgres');
  const tables = async () =>
    (
      await base.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE \"C\"",
      )
    ).map((r) => r.name);
  return {
    ...base,
    engine: 'postgres',
    auditHighWater: postgresAuditHighWater,
    sqliteRaw: () => {
      throw new Error('This test reaches SQLite itself: list its file in SQLITE_ONLY_FILES (vitest.config.ts)');
    },
    tableCounts: async () => {
      const out: Record<string, number> = {};
      for (const t of await tables()) out[t] = await base.value<number>(`SELECT count(*) FROM ${quoteIdent(t)}`);
      return out;
    },
    fingerprint: async () => fingerprintOf(base, await tables()),
    attack: (fn, { commit = false } = {}) =>
      transactionOf(opened.db, commit, async (trx) => {
        const s = runner(trx, 'postgres');
        // Replica mode fires no ordinary trigger and checks no foreign key, for this transaction only
        // (the test database's user is a superuser, as an attacker holding the server would be).
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        return fn({ ...s, setAuditHighWater: async (seq) => void (await s.run('UPDATE audit_high_water SET seq = ? WHERE id = 1', [seq])) });
      }),
    countStatements: async (fn) => {
      // Kysely's PostgreSQL driver sends every statement through pg's Client#query.
      const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
      const original = proto.query;
      let begins = 0;
      let savepoints = 0;
      proto.query = function (this: unknown, ...args: unknown[]) {
        const first = args[0];
        const text = (typeof first === 'string' ? first : typeof first === 'object' && first && 'text' in first ? String(first.text) : '').trim().toLowerCase();
        if (text.startsWith('begin')) begins++;
        if (text.startsWith('savepoint')) savepoints++;
        return original.apply(this, args);
      };
      try {
        return { value: await fn(), begins, savepoints };
      } finally {
        proto.query = original;
      }
    },
    close: async () => {
      try {
        await base.run(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
      } finally {
        await opened.close();
      }
    },
  };
}

/** A fresh store on the run's engine, or `engine` (SQLite: in a temporary folder of its own unless `file`). */
export async function openTestStore(opts: OpenTestStoreOptions = {}): Promise<TestStore> {
  if ((opts.engine ?? TEST_ENGINE) === 'postgres') return openPostgresStore(opts);
  const dir = opts.file === undefined ? fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'mahkama-domain-')) : undefined;
  return openSqliteStore(opts, dir);
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/setup/postgres.ts for the integration-pg project. */
    testDatabaseUrl: string;
  }
}
