// Opens the workstation's SQLite file: checks from its header, before SQLite opens it, that it is
// ours and not newer than this build (file-identity.ts), sets the pragmas every connection needs,
// snapshots before migrating, migrates, and hands back Kysely. It must never open read-write,
// overwrite or "repair" a file it does not recognise: the local database is the only copy of a
// court's records while offline, and another program's file is not ours to touch.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely';
import { AppError } from '../../shared/errors';
import type { Database } from '../../domain/db-schema';
import { registerDirectExecutor } from '../../domain/prepared-queries';
import { APPLICATION_ID, identifyDatabaseFile } from './file-identity';
import { electronNativeBinding } from './native-binding';
import { MIGRATIONS } from './migrations';
import { registerSqlFunctions } from './sql-functions';
import type { Migration } from './migrations/migration';

export { APPLICATION_ID };

export interface OpenedDatabase {
  db: Kysely<Database>;
  raw: BetterSqlite3.Database;
  file: string;
  /** Schema version found before migrating (0 for a new file). */
  previousVersion: number;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * Called with the raw handle before the first migration is applied to an existing database;
   * awaited, and a throw aborts the open with nothing migrated (e.g. the snapshot failed).
   */
  beforeMigrate?: (raw: BetterSqlite3.Database, fromVersion: number) => void | Promise<void>;
  readonly?: boolean;
  /** Tests only: open as if this build knew just these migrations (to make an older schema). */
  migrations?: readonly Migration[];
}

/** Kysely prepares every query anew; caching statements by SQL text removes most of that cost. */
function withStatementCache(raw: BetterSqlite3.Database, max = 500) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
        cache.set(sql, stmt);
        return stmt;
      }
      stmt = raw.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}

/**
 * BEGIN IMMEDIATE: take the write lock at the start, so a command never fails half-way on
 * SQLITE_BUSY. And no ROLLBACK of a transaction SQLite has already rolled back itself: on a full
 * disk (SQLITE_FULL), an I/O error or no memory it may end the transaction at once, and the
 * ROLLBACK's own "no transaction is active" would replace the error the clerk must see (a full
 * disk answered as INTERNAL: test/integration/services/desk-disk-full.test.ts).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    private readonly raw: BetterSqlite3.Database,
    cfg: ConstructorParameters<typeof SqliteDialect>[0],
  ) {
    super(cfg);
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.raw.inTransaction) await super.rollbackTransaction(connection);
  }
}
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly cfg: ConstructorParameters<typeof SqliteDialect>[0],
  ) {
    super(cfg);
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.raw, this.cfg);
  }
}

function classifyOpenError(err: unknown, file: string): AppError {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file }, cause: err });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError('DB_UNAVAILABLE', 'errors.db.busy', { params: { file }, cause: err });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_READONLY') {
    return new AppError('DB_UNAVAILABLE', 'errors.db.cannotOpen', { params: { file }, cause: err });
  }
  return new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file }, cause: err });
}

function pragmaNumber(raw: BetterSqlite3.Database, name: string): number {
  return Number(raw.pragma(name, { simple: true }));
}

/**
 * Refuses, from what file-identity.ts read without opening it, a file that is not a Mahkama
 * database of a version this build knows. Returns whether a new database is to be made.
 */
function assertOursFromHeader(file: string, latestVersion: number, readonly: boolean): { isNew: boolean; fromCopy: boolean } {
  let identity: ReturnType<typeof identifyDatabaseFile>;
  try {
    identity = identifyDatabaseFile(file);
  } catch (err) {
    throw new AppError('DB_UNAVAILABLE', 'errors.db.cannotOpen', { params: { file }, cause: err });
  }
  switch (identity.kind) {
    case 'new':
    case 'empty':
      if (readonly) throw new AppError('DB_UNAVAILABLE', 'errors.db.cannotOpen', { params: { file } });
      return { isNew: true, fromCopy: identity.kind === 'empty' && identity.fromCopy };
    case 'ours':
      if (identity.userVersion > latestVersion) {
        throw new AppError('DB_TOO_NEW', 'errors.db.tooNew', { params: { file, found: identity.userVersion, supported: latestVersion } });
      }
      return { isNew: false, fromCopy: identity.fromCopy };
    case 'foreign':
      throw new AppError('DB_FOREIGN', 'errors.db.foreign', { params: { file } });
    case 'not-sqlite':
    case 'unreadable':
      throw new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file } });
  }
}

/** Opens (creating if absent) and migrates a workstation database. Throws AppError, never a raw error. */
/**
 * For a tool working on a desk's existing file (the command line's close-day and reindex): no
 * database there (no file, or an empty one) is DB_UNAVAILABLE naming the path — called before
 * anything is written beside it (its lock), so a mistyped path makes nothing.
 */
export function requireDatabaseFile(file: string): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    size = 0;
  }
  if (size === 0) throw new AppError('DB_UNAVAILABLE', 'errors.db.notFound', { params: { file } });
}

export async function openDatabase(file: string, opts: OpenOptions = {}): Promise<OpenedDatabase> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const latestVersion = migrations[migrations.length - 1]?.version ?? 0;
  const { isNew, fromCopy } = assertOursFromHeader(file, latestVersion, !!opts.readonly);
  if (isNew) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(file, { readonly: !!opts.readonly, fileMustExist: !isNew, ...electronNativeBinding() });
  } catch (err) {
    throw classifyOpenError(err, file);
  }
  try {
    // Ours, but after recovery: the header was read before a WAL or journal was applied.
    const appId = pragmaNumber(raw, 'application_id');
    const userVersion = pragmaNumber(raw, 'user_version');
    const tableCount = Number(
      (raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n,
    );
    // No tables without a schema version: our first migration sets both in one transaction.
    if ((appId !== APPLICATION_ID && !(appId === 0 && tableCount === 0)) || (userVersion === 0 && tableCount > 0)) {
      throw new AppError('DB_FOREIGN', 'errors.db.foreign', { params: { file } });
    }
    if (userVersion > latestVersion) {
      throw new AppError('DB_TOO_NEW', 'errors.db.tooNew', {
        params: { file, found: userVersion, supported: latestVersion },
      });
    }
    if (!opts.readonly) {
      // The id goes into the main file's header before the journal becomes a WAL, so that a store
      // killed before its first checkpoint is still known as ours from its header alone.
      if (appId !== APPLICATION_ID) raw.pragma(`application_id = ${APPLICATION_ID}`);
      raw.pragma('journal_mode = WAL');
      // A store whose id was only in its WAL (made by an earlier release and never checkpointed):
      // copy the WAL back now, so its header says it is ours from now on.
      if (fromCopy || appId !== APPLICATION_ID) raw.pragma('wal_checkpoint(TRUNCATE)');
      raw.pragma('synchronous = NORMAL');
      raw.pragma('journal_size_limit = 67108864');
      // Checkpoints copy WAL pages back into the file; done every 1000 pages (the default) they
      // cost more than the commands themselves. The app checkpoints when the desk is idle
      // (idle-maintenance.ts); this bound (64 MiB) only keeps a long burst from growing the WAL.
      raw.pragma('wal_autocheckpoint = 16384');
    }
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    raw.pragma('cache_size = -32000');
    raw.pragma('temp_store = MEMORY');
    registerSqlFunctions(raw);
    const pending = migrations.filter((m) => m.version > userVersion);
    if (pending.length > 0) {
      if (opts.readonly) throw new AppError('DB_UNAVAILABLE', 'errors.db.needsMigration', { params: { file } });
      // A full check reads every page (≈2 s for 1 GB), so it runs where it matters — before a
      // migration rewrites an existing file, and on every snapshot restore — not at each start,
      // where a damaged header or schema already fails above.
      if (userVersion > 0) {
        const integrity = raw.pragma('quick_check', { simple: true });
        if (integrity !== 'ok') throw new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file } });
      }
      if (userVersion > 0) await opts.beforeMigrate?.(raw, userVersion);
      for (const m of pending) {
        // PRAGMA foreign_keys is a no-op inside a transaction: it is switched around it.
        if (m.foreignKeysOff) raw.pragma('foreign_keys = OFF');
        try {
          raw.transaction(() => {
            raw.exec(m.sql);
            if (m.foreignKeysOff && (raw.pragma('foreign_key_check') as unknown[]).length > 0) {
              throw new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file } });
            }
            raw.pragma(`user_version = ${m.version}`);
            if (m.version === 1) raw.pragma(`application_id = ${APPLICATION_ID}`);
          }).immediate();
        } finally {
          if (m.foreignKeysOff) raw.pragma('foreign_keys = ON');
        }
      }
    }
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(raw, { database: withStatementCache(raw) }) });
    // The same result shape as Kysely's SqliteConnection.executeQuery; each reused query shape keeps
    // its own statement (prepared-queries.ts), so no lookup by SQL text per call.
    registerDirectExecutor(db, (sql) => {
      const stmt = raw.prepare(sql);
      if (stmt.reader) return (parameters) => ({ rows: stmt.all(parameters) });
      return (parameters) => {
        const { changes, lastInsertRowid } = stmt.run(parameters);
        return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
      };
    });
    return {
      db,
      raw,
      file,
      previousVersion: userVersion,
      close: async () => {
        await db.destroy();
        // Kysely closes the handle only if it ever opened a connection: a store that ran no query
        // through it would keep the file (and its WAL) open.
        if (raw.open) raw.close();
      },
    };
  } catch (err) {
    try {
      raw.close();
    } catch {
      /* already failing: the first error is the one to report */
    }
    if (err instanceof AppError) throw err;
    throw classifyOpenError(err, file);
  }
}
