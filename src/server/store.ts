// Which engine the server's store runs on, behind one function: the embedded SQLite file by
// default (opened by the same opener and migrations as the desk), PostgreSQL when DATABASE_URL is
// set (src/store/postgres: the same schema, migrated at open; several instances share it).
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../domain/db-schema';
import { AppError } from '../shared/errors';
import { openPostgres } from '../store/postgres';
import { backupSqliteStore, type BackupInfo } from '../store/sqlite/backup';
import { openDatabase, requireDatabaseFile } from '../store/sqlite/open-database';
import type { ServerConfig } from './config';
import type { Logger } from './logger';
import { walCheckpointer, type WalCheckpointer } from './wal-checkpoints';

export const SQLITE_FILE_NAME = 'mahkama-server.db';

export interface ServerStore {
  db: Kysely<Database>;
  engine: 'sqlite' | 'postgres';
  /** Resolves when the database answers a trivial query; rejects otherwise (readiness). */
  ping(): Promise<void>;
  /**
   * Starts the store's housekeeping off the request path (SQLite: WAL checkpoints while no request
   * is in flight). `isBusy` tells it whether requests are running.
   */
  startMaintenance(isBusy: () => boolean): void;
  /**
   * SQLite only: an online backup of the file into `file` (a new file, never one that exists),
   * checked before it is kept (src/store/sqlite/backup.ts). PostgreSQL has none: pg_dump backs it up.
   */
  backup?(file: string): Promise<BackupInfo>;
  /** Stops housekeeping, truncates the SQLite WAL, and closes. */
  close(): Promise<void>;
}

export interface ServerStoreOptions {
  log?: Logger;
  /** SQLite checkpoint timer period (tests shorten it). */
  checkpointIntervalMs?: number;
  /**
   * SQLite: the store must be there already (the admin CLI's commands but create-court): a
   * mistyped MAHKAMA_SERVER_DATA_DIR is refused, not answered from a new empty store.
   */
  mustExist?: boolean;
}

export async function openServerStore(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>, opts: ServerStoreOptions = {}): Promise<ServerStore> {
  if (config.databaseUrl !== null) {
    const opened = await openPostgres(config.databaseUrl.reveal());
    let closed = false;
    return {
      db: opened.db,
      engine: 'postgres',
      ping: () => opened.ping(),
      // PostgreSQL keeps its own write-ahead log: nothing for the server to do off the request path.
      startMaintenance() {},
      async close() {
        if (closed) return;
        closed = true;
        await opened.close();
      },
    };
  }
  const file = path.join(config.dataDir, SQLITE_FILE_NAME);
  if (opts.mustExist) requireDatabaseFile(file);
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
  } catch (err) {
    // A file where the folder should be, or a folder the server may not write: the setting is named.
    throw new AppError('DB_UNAVAILABLE', 'errors.server.dataDirUnusable', { params: { dir: config.dataDir }, cause: err });
  }
  const opened = await openDatabase(file);
  const { raw } = opened;
  let checkpoints: WalCheckpointer | undefined;
  let closed = false;
  return {
    db: opened.db,
    engine: 'sqlite',
    async ping() {
      if (closed || !raw.open) throw new AppError('DB_UNAVAILABLE', 'errors.db.cannotOpen');
      raw.prepare('SELECT 1').get();
    },
    backup: (target) => backupSqliteStore(raw, target),
    startMaintenance(isBusy) {
      if (checkpoints || closed) return;
      checkpoints = walCheckpointer(raw, {
        isBusy,
        ...(opts.checkpointIntervalMs ? { intervalMs: opts.checkpointIntervalMs } : {}),
        onError: (err) => opts.log?.warn({ err }, 'WAL checkpoint failed'),
      });
      checkpoints.start();
    },
    async close() {
      if (closed) return;
      closed = true;
      checkpoints?.stop();
      try {
        const r = (checkpoints ?? walCheckpointer(raw, { isBusy: () => false })).truncate();
        if (r.busy) opts.log?.warn({ checkpoint: r }, 'WAL not fully truncated at close');
      } catch (err) {
        opts.log?.warn({ err }, 'WAL checkpoint at close failed');
      }
      await opened.close();
    },
  };
}

/** Readiness of the blob folder: a file can be created, written to disk, and removed there. */
export async function checkFolderWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.ready-${process.pid}-${Date.now()}`);
  const handle = await fs.promises.open(probe, 'wx');
  try {
    await handle.writeFile('ok');
    await handle.sync();
  } finally {
    await handle.close();
    await fs.promises.rm(probe, { force: true });
  }
}
