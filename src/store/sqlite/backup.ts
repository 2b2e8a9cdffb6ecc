// Online backup of an open SQLite store (the server's file, while it serves): SQLite's backup API
// through better-sqlite3. Copied in small steps, a backup starts over whenever another connection
// writes between two of them, and a server that never goes quiet could keep it starting over; so
// every page is copied in one step, one read transaction of WAL mode: a consistent image, while
// the server's writers go on (a WAL reader blocks no writer). The copy is written beside the target
// under a temporary name, made one self-contained file (no -wal), opened again and judged —
// ours (application_id) and sound (a full integrity_check) — and only then given its name, without
// ever replacing a file already there. Anything short of that leaves no file behind.
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { APPLICATION_ID } from './file-identity';

/** Pages per backup step: better-sqlite3's largest, i.e. the whole database at once. */
const ALL_PAGES = 0x7fffffff;

export interface BackupInfo {
  file: string;
  sizeBytes: number;
}

export async function backupSqliteStore(raw: BetterSqlite3.Database, file: string): Promise<BackupInfo> {
  const partial = `${file}.partial-${process.pid}`;
  try {
    try {
      await raw.backup(partial, { progress: () => ALL_PAGES });
    } catch (err) {
      throw new AppError('DB_UNAVAILABLE', 'errors.backup.writeFailed', { params: { file, reason: reasonOf(err) }, cause: err });
    }
    const copy = new BetterSqlite3(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      const rows = copy.pragma('integrity_check') as { integrity_check: string }[];
      const sound = rows.length === 1 && rows[0]?.integrity_check === 'ok';
      if (!sound || copy.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
        throw new AppError('DB_CORRUPT', 'errors.backup.copyDamaged', { params: { file } });
      }
    } finally {
      copy.close();
    }
    try {
      // A hard link gives the name only if nothing has it: a backup never replaces a file.
      fs.linkSync(partial, file);
    } catch (err) {
      throw new AppError('DB_UNAVAILABLE', 'errors.backup.writeFailed', { params: { file, reason: reasonOf(err) }, cause: err });
    }
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { file, sizeBytes: fs.statSync(file).size };
}

function reasonOf(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}
