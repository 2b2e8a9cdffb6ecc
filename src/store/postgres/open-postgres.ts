// Opens the PostgreSQL store (the server's, and the domain tests' second engine): a pg Pool whose
// results keep the desk's JavaScript types, Kysely's PostgresDialect over it, and the schema
// migrated to this build's version first. A database whose schema is newer than this build is
// refused (DB_TOO_NEW), never written. No Electron, no HTTP.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { AppError } from '../../shared/errors';
import type { Database } from '../../domain/db-schema';
import { preparedStatementName } from '../../domain/prepared-queries';
import { migratePostgres } from './migrate';
import type { PgMigration } from './migrations/migration';

export interface OpenedPostgres {
  db: Kysely<Database>;
  close(): Promise<void>;
  ping(): Promise<void>;
}

/** A PostgreSQL schema name we create and put first on the search path: plain lower-case, unquoted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * bigint (count(*), sum over integers, the audit seq and outbox mutation ids) as a JS number, like
 * better-sqlite3 gives it, so the domain's `number` columns hold on both engines. Past 2^53 a
 * number would round silently: a BigInt instead, which no domain code mistakes for a number.
 */
function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** numeric: only aggregates give one (sum over bigint); kept as text when a number would not say it exactly. */
function parseNumeric(text: string): number | string {
  const n = Number(text);
  return Number.isFinite(n) && (Number.isSafeInteger(n) || String(n) === text) ? n : text;
}

/** Per pool, not pg's global registry: another user of pg in the same process keeps its own parsing. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8_OID) return parseInt8;
    if (format !== 'binary' && oid === NUMERIC_OID) return parseNumeric;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The write path's reused queries (`prepared-queries.ts`) run as named statements on this
 * connection: PostgreSQL parses and plans each once per connection instead of on every call (about
 * a third of a short statement's round trip). Any other query goes as Kysely sent it.
 */
function keepHotStatementsPrepared(client: pg.PoolClient): void {
  // The class's own method, looked up on each call (whoever wraps pg's Client#query still sees every statement).
  const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
      const name = preparedStatementName(text);
      if (name !== undefined) return proto.query.call(client, { name, text, values });
    }
    return proto.query.apply(client, args);
  };
}

/** Why PostgreSQL could not be used, as the operator can act on it: reached but refused, or not reached. */
function unreachable(err: unknown): AppError {
  const code = (err as { code?: unknown }).code;
  // SQLSTATE: 3D000 no such database, 28P01/28000 the login refused, 42501 no privilege.
  if (code === '3D000') return new AppError('DB_UNAVAILABLE', 'errors.db.databaseMissing', { cause: err });
  if (code === '28P01' || code === '28000') return new AppError('DB_UNAVAILABLE', 'errors.db.serverLoginRefused', { cause: err });
  if (code === '42501') return new AppError('DB_UNAVAILABLE', 'errors.db.serverPermissionDenied', { cause: err });
  return new AppError('DB_UNAVAILABLE', 'errors.db.serverUnreachable', { cause: err });
}

export interface OpenPostgresTestOptions {
  /** Tests only: migrate as if this build knew just these migrations. */
  migrations?: readonly PgMigration[];
}

/**
 * Opens (and migrates) the store at `url`. `schema`: a PostgreSQL schema to create if absent and
 * use through the search path, so several stores (the tests' courts) can live in one database.
 * Throws AppError: DB_UNAVAILABLE when the server cannot be reached, DB_TOO_NEW for a schema
 * written by a newer build.
 */
export async function openPostgres(url: string, opts?: { schema?: string }): Promise<OpenedPostgres> {
  return openPostgresWith(url, opts ?? {}, {});
}

/** openPostgres with options only tests use (kept out of the signature the server codes against). */
export async function openPostgresWith(url: string, opts: { schema?: string }, testOpts: OpenPostgresTestOptions): Promise<OpenedPostgres> {
  const schema = opts.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new AppError('VALIDATION_FAILED', 'errors.validationFailed', { fields: [{ path: ['schema'], i18nKey: 'errors.field.badFormat' }] });
  }
  const pool = new pg.Pool({
    connectionString: url,
    types: TYPES,
    // Every connection of the pool starts with the store's schema first, so unqualified names
    // (the domain's queries, the triggers' bodies) resolve there and nowhere else.
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection (server restart) must not crash the process: the pool
  // drops it and the next query opens another.
  pool.on('error', () => {});
  pool.on('connect', keepHotStatementsPrepared);
  try {
    await migratePostgres(pool, schema, testOpts.migrations);
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof AppError) throw err;
    throw unreachable(err);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      // Kysely ends the pool only if a query went through it: a store closed unused (only
      // migrated) would keep its connections open, and keep answering ping.
      if (!pool.ended && !pool.ending) await pool.end();
    },
    ping: async () => {
      if (closed) throw unreachable(new Error('the store is closed'));
      try {
        await pool.query('SELECT 1');
      } catch (err) {
        throw unreachable(err);
      }
    },
  };
}
