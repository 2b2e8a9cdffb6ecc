// Snapshots of the workstation database (SQLite online backup): before every migration, daily,
// on demand; pruned after the retention period; never kept when the copy fails quick_check (a
// damaged file is not snapshotted); restored only after the file proves to be a sound Mahkama
// database. Nothing here ever deletes or overwrites the current database: a restore moves it aside.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../../shared/errors';
import type { Database } from '../../domain/db-schema';
import { verifyAuditChain } from '../../domain';
import { identifyDatabaseFile } from '../../store/sqlite/file-identity';
import { quickCheckInWorker } from './db/integrity';
import { LATEST_SCHEMA_VERSION } from '../../store/sqlite/migrations';
import { acquireLock, lockFileFor } from './lock';

export const SNAPSHOT_DIR_NAME = 'snapshots';
const DAY_MS = 24 * 60 * 60 * 1000;
const NAME_PATTERN = /^mahkama-([0-9]{8}T[0-9]{9}Z)-([a-z0-9-]{1,40})\.db$/;

export interface SnapshotInfo {
  file: string;
  name: string;
  takenAt: Date;
  reason: string;
  sizeBytes: number;
}

export function snapshotsDirOf(dataDir: string): string {
  return path.join(dataDir, SNAPSHOT_DIR_NAME);
}

/** 2026-01-15T09:30:00.123Z → 20260115T093000123Z: sortable, and legal in every file system. */
export function fileTimestamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

function parseFileTimestamp(s: string): Date {
  const m = /^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{3})Z$/.exec(s)!;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
}

/** Every snapshot in the folder, oldest first. Files that do not follow the naming are ignored. */
export function listSnapshots(dir: string): SnapshotInfo[] {
  if (!fs.existsSync(dir)) return [];
  const out: SnapshotInfo[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = NAME_PATTERN.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const takenAt = parseFileTimestamp(m[1]!);
    if (Number.isNaN(takenAt.getTime())) continue;
    out.push({ file, name, takenAt, reason: m[2]!, sizeBytes: fs.statSync(file).size });
  }
  return out.sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime() || a.name.localeCompare(b.name));
}

/**
 * Online backup of an open database into the snapshot folder. Written under a temporary name and
 * renamed when complete, so a half-written file is never mistaken for a snapshot. The copy is a
 * page-for-page image of the database, so its quick_check (in a worker thread) is the source's:
 * a damaged database gives no snapshot, only DB_CORRUPT.
 */
export async function createSnapshot(raw: BetterSqlite3.Database, dir: string, reason: string, now: Date = new Date()): Promise<SnapshotInfo> {
  if (!/^[a-z0-9-]{1,40}$/.test(reason)) throw new RangeError(`bad snapshot reason: ${reason}`);
  fs.mkdirSync(dir, { recursive: true });
  let stamp = now;
  let name = `mahkama-${fileTimestamp(stamp)}-${reason}.db`;
  // Two snapshots in the same millisecond (a test, a fast retry) must not overwrite each other.
  while (fs.existsSync(path.join(dir, name))) {
    stamp = new Date(stamp.getTime() + 1);
    name = `mahkama-${fileTimestamp(stamp)}-${reason}.db`;
  }
  const file = path.join(dir, name);
  const partial = `${file}.partial`;
  try {
    await raw.backup(partial);
    // A snapshot is one self-contained file: no -wal beside it that could get lost on a copy.
    const copy = new BetterSqlite3(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const verdict = await quickCheckInWorker(partial);
    if (!verdict.ok) throw new AppError('DB_CORRUPT', 'errors.snapshot.sourceDamaged', { params: { file: raw.name } });
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return { file, name, takenAt: stamp, reason, sizeBytes: fs.statSync(file).size };
}

/** Snapshot of a database file that is not open here (CLI): read-only source, same checks as restore. */
export async function snapshotDatabaseFile(dbFile: string, dir: string, reason: string, now: Date = new Date()): Promise<SnapshotInfo> {
  if (!fs.existsSync(dbFile)) throw new AppError('DB_UNAVAILABLE', 'errors.db.cannotOpen', { params: { file: dbFile } });
  checkHeader(dbFile);
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file: dbFile }, cause: err });
  }
  try {
    checkUserVersion(raw, dbFile);
    return await createSnapshot(raw, dir, reason, now);
  } finally {
    raw.close();
  }
}

/** True when no daily snapshot exists or the newest one is older than 24 hours. */
export function dailySnapshotDue(dir: string, now: Date = new Date()): boolean {
  const daily = listSnapshots(dir).filter((s) => s.reason === 'daily');
  const newest = daily[daily.length - 1];
  return !newest || now.getTime() - newest.takenAt.getTime() >= DAY_MS;
}

/**
 * Deletes snapshots older than the retention period, except the newest snapshot of all, so a
 * workstation left unused for months still has one to go back to. Returns the deleted files.
 */
export function pruneSnapshots(dir: string, retentionDays: number, now: Date = new Date()): string[] {
  const all = listSnapshots(dir);
  const newest = all[all.length - 1];
  const limit = now.getTime() - retentionDays * DAY_MS;
  const deleted: string[] = [];
  for (const s of all) {
    if (s === newest || s.takenAt.getTime() >= limit) continue;
    fs.rmSync(s.file, { force: true });
    deleted.push(s.file);
  }
  return deleted;
}

/** Ours and not newer than this build, from the header read with fs before SQLite opens the file. */
function checkHeader(file: string): number {
  const identity = identifyDatabaseFile(file);
  switch (identity.kind) {
    case 'ours':
      if (identity.userVersion > LATEST_SCHEMA_VERSION) {
        throw new AppError('DB_TOO_NEW', 'errors.db.tooNew', { params: { file, found: identity.userVersion, supported: LATEST_SCHEMA_VERSION } });
      }
      return identity.userVersion;
    case 'foreign':
    case 'empty':
      throw new AppError('DB_FOREIGN', 'errors.db.foreign', { params: { file } });
    case 'new': // zero bytes: not a database
    case 'not-sqlite':
    case 'unreadable':
      throw new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file } });
  }
}

/** The schema version as SQLite reads it (a WAL may hold a later one than the header). */
function checkUserVersion(raw: BetterSqlite3.Database, file: string): number {
  let userVersion: number;
  try {
    userVersion = Number(raw.pragma('user_version', { simple: true }));
  } catch (err) {
    throw new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file }, cause: err });
  }
  if (userVersion > LATEST_SCHEMA_VERSION) {
    throw new AppError('DB_TOO_NEW', 'errors.db.tooNew', { params: { file, found: userVersion, supported: LATEST_SCHEMA_VERSION } });
  }
  return userVersion;
}

export interface SnapshotCheck {
  schemaVersion: number;
  auditEntries: number;
}

/**
 * Proves a file is a sound Mahkama database: ours (application_id), not newer than this build,
 * passes integrity_check, and its audit chain verifies. Throws DB_FOREIGN / DB_CORRUPT /
 * DB_TOO_NEW / SNAPSHOT_INVALID. Opens read-only: a copy is checked, never the original changed.
 */
export async function checkSnapshot(file: string): Promise<SnapshotCheck> {
  checkHeader(file);
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file }, cause: err });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    const schemaVersion = checkUserVersion(raw, file);
    let integrity: unknown;
    try {
      integrity = raw.pragma('integrity_check', { simple: true });
    } catch (err) {
      throw new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file }, cause: err });
    }
    if (integrity !== 'ok') throw new AppError('DB_CORRUPT', 'errors.db.corrupt', { params: { file } });
    let chain: Awaited<ReturnType<typeof verifyAuditChain>>;
    try {
      chain = await verifyAuditChain(db);
    } catch (err) {
      throw new AppError('SNAPSHOT_INVALID', 'errors.snapshot.unreadable', { params: { file }, cause: err });
    }
    if (!chain.ok) {
      throw new AppError('SNAPSHOT_INVALID', 'errors.snapshot.auditBroken', { params: { file, seq: chain.firstBroken.seq } });
    }
    return { schemaVersion, auditEntries: chain.checked };
  } finally {
    await db.destroy();
  }
}

export interface RestoreOutcome {
  restoredFrom: string;
  /** Where the database that was current went (the main file first), never deleted. */
  movedAside: string[];
  schemaVersion: number;
  auditEntries: number;
}

/**
 * Puts a snapshot in place of the workstation database. Refused while the app holds the data
 * folder's lock. The snapshot is copied next to the database and the COPY is checked, so what
 * was checked is exactly what gets restored; the current file (+ -wal/-shm) is renamed to
 * <db>.before-restore-<timestamp>.
 */
export async function restoreSnapshot(snapshotFile: string, dbFile: string, now: Date = new Date()): Promise<RestoreOutcome> {
  const src = path.resolve(snapshotFile);
  const target = path.resolve(dbFile);
  if (!fs.existsSync(src) || !fs.statSync(src).isFile()) {
    throw new AppError('SNAPSHOT_INVALID', 'errors.snapshot.missing', { params: { file: src } });
  }
  const lock = acquireLock(lockFileFor(target));
  const stamp = fileTimestamp(now);
  const incoming = `${target}.restoring-${stamp}`;
  try {
    fs.copyFileSync(src, incoming, fs.constants.COPYFILE_EXCL);
    let check: SnapshotCheck;
    try {
      check = await checkSnapshot(incoming);
    } finally {
      // A read-only open can leave an empty -shm/-wal next to the copy; they belong to nothing.
      fs.rmSync(`${incoming}-wal`, { force: true });
      fs.rmSync(`${incoming}-shm`, { force: true });
    }
    const aside = `${target}.before-restore-${stamp}`;
    const movedAside: string[] = [];
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(target + suffix)) {
        fs.renameSync(target + suffix, aside + suffix);
        movedAside.push(aside + suffix);
      }
    }
    fs.renameSync(incoming, target);
    return { restoredFrom: src, movedAside, ...check };
  } catch (err) {
    fs.rmSync(incoming, { force: true });
    throw err;
  } finally {
    lock.release();
  }
}
