// Tells what a database file is before SQLite opens it for writing: the 100-byte header read with
// fs (magic string, user_version at offset 60, application_id at 68), and, only when the header
// alone cannot say (application_id 0 with a write-ahead log or a rollback journal beside it), the
// same questions asked of a COPY of the file and its journals in a temporary folder.
// It must never open, write, roll back, checkpoint or create anything beside the file it inspects:
// opening another program's SQLite file read-write would merge its WAL or roll back its journal.
// Hand-written because no library reads SQLite's header without opening the file through SQLite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** PRAGMA application_id of a Mahkama workstation database: 'MKMA'. */
export const APPLICATION_ID = 0x4d4b4d41;

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;

/** What the header says, or what the file is when it has none. */
export type FileIdentity =
  /** No file, or zero bytes, and no journal beside it: a new database may be made here. */
  | { kind: 'new' }
  /** Not an SQLite file (wrong magic, or shorter than a header). */
  | { kind: 'not-sqlite' }
  /** SQLite, application_id is Mahkama's. */
  | { kind: 'ours'; userVersion: number; fromCopy: boolean }
  /** SQLite, application_id 0 and no schema at all, journals included: nothing of anyone's is in it. */
  | { kind: 'empty'; fromCopy: boolean }
  /** SQLite of another program (another application_id, or a schema without ours). */
  | { kind: 'foreign' }
  /** The header said "look closer", and the copy could not be read as SQLite. */
  | { kind: 'unreadable' };

export interface RawHeader {
  applicationId: number;
  userVersion: number;
  /** Offset 40: incremented by every schema change; 0 when no table was ever made. */
  schemaCookie: number;
}

/** The journals SQLite would read (and change) on open: -wal and -journal, when they hold bytes. */
export function journalsBeside(file: string): string[] {
  return ['-wal', '-journal'].map((s) => file + s).filter((f) => sizeOf(f) > 0);
}

function sizeOf(file: string): number {
  try {
    const st = fs.statSync(file);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}

/** The header of an SQLite file, read with fs; null when the file is not SQLite. */
export function readSqliteHeader(file: string): RawHeader | null {
  const buf = Buffer.alloc(HEADER_BYTES);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, buf, 0, HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < HEADER_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  return { schemaCookie: buf.readUInt32BE(40), userVersion: buf.readUInt32BE(60), applicationId: buf.readUInt32BE(68) };
}

/**
 * Copies the file and its journals to a temporary folder, lets SQLite recover the COPY (merge the
 * WAL, roll back a hot journal) and reads what it holds. The temporary folder is always removed.
 */
function identifyCopy(file: string, journals: readonly string[]): FileIdentity {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-inspect-'));
  try {
    const copy = path.join(dir, 'inspect.db');
    if (sizeOf(file) > 0) fs.copyFileSync(file, copy);
    for (const j of journals) fs.copyFileSync(j, copy + j.slice(file.length));
    let db: BetterSqlite3.Database;
    try {
      db = new BetterSqlite3(copy);
    } catch {
      return { kind: 'unreadable' };
    }
    try {
      const applicationId = Number(db.pragma('application_id', { simple: true }));
      const userVersion = Number(db.pragma('user_version', { simple: true }));
      const objects = Number(db.prepare('SELECT count(*) FROM sqlite_master').pluck().get());
      if (applicationId === APPLICATION_ID) return userVersion === 0 && objects > 0 ? { kind: 'foreign' } : { kind: 'ours', userVersion, fromCopy: true };
      if (applicationId === 0 && objects === 0 && userVersion === 0) return { kind: 'empty', fromCopy: true };
      return { kind: 'foreign' };
    } catch {
      return { kind: 'unreadable' };
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What `file` is, without writing to it or beside it. The header is enough for a Mahkama file
 * (application_id is written into the main file before its first transaction) and for most
 * others; a header with application_id 0, or none at all, next to a journal is judged on a copy,
 * since what counts is what SQLite would see after recovery (a Mahkama store of an earlier
 * release, killed before its first checkpoint, has its whole schema in the WAL; a new one killed
 * inside its first transaction has no header yet and a journal that empties it).
 */
export function identifyDatabaseFile(file: string): FileIdentity {
  const journals = journalsBeside(file);
  if (sizeOf(file) === 0) return journals.length === 0 ? { kind: 'new' } : identifyCopy(file, journals);
  const header = readSqliteHeader(file);
  // A new store killed inside its first transaction: page 1 not yet written, the journal holds
  // the way back to nothing. Only SQLite, on a copy, can tell that from junk beside junk.
  if (!header) return journals.length === 0 ? { kind: 'not-sqlite' } : identifyCopy(file, journals);
  if (header.applicationId === APPLICATION_ID) {
    // Ours has no schema before migration 1, which sets user_version in the same transaction: a
    // schema at version 0 under our id is another program's file wearing it.
    if (header.userVersion === 0 && header.schemaCookie !== 0) return { kind: 'foreign' };
    return { kind: 'ours', userVersion: header.userVersion, fromCopy: false };
  }
  if (header.applicationId !== 0) return { kind: 'foreign' };
  // A schema in the main file without our id: another program's, whatever its journals hold.
  if (header.schemaCookie !== 0) return { kind: 'foreign' };
  return journals.length === 0 ? { kind: 'empty', fromCopy: false } : identifyCopy(file, journals);
}
