// Snapshots on real files: taken before a migration, restorable, and refused when they are not a
// sound Mahkama database — in which case the current database is left byte for byte as it was.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand, verifyAuditChain } from '../../../src/domain';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/store/sqlite/migrations';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { LOCK_FILE_NAME } from '../../../src/main/services/lock';
import {
  checkSnapshot,
  createSnapshot,
  dailySnapshotDue,
  fileTimestamp,
  listSnapshots,
  pruneSnapshots,
  restoreSnapshot,
} from '../../../src/main/services/snapshots';
import { AppError } from '../../../src/shared/errors';
import { commandEnv, passwordHash, seedWorkstationDb, sha256File, tempDir } from './helpers';

const DAY = 24 * 60 * 60 * 1000;

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

function userVersion(file: string): number {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return Number(db.pragma('user_version', { simple: true }));
  } finally {
    db.close();
  }
}

function filesIn(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

/** A workstation db with a snapshot, then one more user added after the snapshot. */
async function dbWithSnapshotAndLaterChange(dir: string) {
  const dbFile = path.join(dir, 'mahkama.db');
  const { courtId, userId } = await seedWorkstationDb(dbFile);
  const opened = await openDatabase(dbFile);
  const snap = await createSnapshot(opened.raw, path.join(dir, 'snapshots'), 'manual');
  await runCommand(opened.db, commandEnv(courtId), { userId, roles: ['admin'] }, 'createUser', {
    username: 'karim.idrissi',
    displayName: 'Karim Idrissi',
    roles: ['clerk'],
    passwordHash: await passwordHash(),
  });
  await opened.close();
  return { dbFile, snap, courtId };
}

function usernames(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare('SELECT username FROM users ORDER BY username').all() as { username: string }[]).map((r) => r.username);
  } finally {
    db.close();
  }
}

describe('snapshot before migration', () => {
  it('a database written by an older release is snapshotted, as it was, before it is migrated', async () => {
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThan(1);
    const dir = tempDir();
    const dbFile = path.join(dir, 'mahkama.db');
    const old = await openDatabase(dbFile, { migrations: MIGRATIONS.slice(0, 1) });
    old.raw.prepare("INSERT INTO settings(key, value) VALUES ('marker', 'written by release 1')").run();
    await old.close();
    expect(userVersion(dbFile)).toBe(1);

    const seenAtSnapshot: number[] = [];
    const opened = await openDatabase(dbFile, {
      beforeMigrate: async (raw, from) => {
        seenAtSnapshot.push(Number(raw.pragma('user_version', { simple: true })), from);
        await createSnapshot(raw, path.join(dir, 'snapshots'), `pre-migration-v${from}`);
      },
    });
    await opened.close();

    expect(seenAtSnapshot).toEqual([1, 1]);
    expect(userVersion(dbFile)).toBe(LATEST_SCHEMA_VERSION);
    const snaps = listSnapshots(path.join(dir, 'snapshots'));
    expect(snaps.map((s) => s.reason)).toEqual(['pre-migration-v1']);
    expect(userVersion(snaps[0]!.file)).toBe(1);
    const copy = new BetterSqlite3(snaps[0]!.file, { readonly: true });
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'marker'").get()).toEqual({ value: 'written by release 1' });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
  });

  it('when the snapshot cannot be taken, nothing is migrated', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'mahkama.db');
    await (await openDatabase(dbFile, { migrations: MIGRATIONS.slice(0, 1) })).close();
    const before = sha256File(dbFile);
    await expect(
      openDatabase(dbFile, {
        beforeMigrate: async () => {
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow();
    expect(userVersion(dbFile)).toBe(1);
    expect(sha256File(dbFile)).toBe(before);
  });

  it('a brand-new database has nothing to protect and gets no pre-migration snapshot', async () => {
    const dir = tempDir();
    let called = false;
    const opened = await openDatabase(path.join(dir, 'mahkama.db'), {
      beforeMigrate: () => {
        called = true;
      },
    });
    await opened.close();
    expect(called).toBe(false);
  });
});

describe('restoring a snapshot', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });

  it('a clerk restores yesterday’s snapshot: the later change is gone, the replaced database is kept aside', async () => {
    const dir = tempDir();
    const { dbFile, snap } = await dbWithSnapshotAndLaterChange(dir);
    expect(usernames(dbFile)).toEqual(['greffier.chef', 'karim.idrissi']);
    const replaced = sha256File(dbFile);

    const outcome = await restoreSnapshot(snap.file, dbFile);

    expect(usernames(dbFile)).toEqual(['greffier.chef']);
    expect(outcome.movedAside[0]).toMatch(/mahkama\.db\.before-restore-[0-9T]+Z$/);
    expect(sha256File(outcome.movedAside[0]!)).toBe(replaced);
    expect(usernames(outcome.movedAside[0]!)).toEqual(['greffier.chef', 'karim.idrissi']);
    expect(fs.existsSync(snap.file)).toBe(true);
    // The restored database opens, migrates if needed, and its chain still verifies.
    const opened = await openDatabase(dbFile);
    const chain = await verifyAuditChain(opened.db);
    await opened.close();
    expect(chain.ok).toBe(true);
    expect(outcome.auditEntries).toBe(chain.checked);
  });

  async function refusedLeavesDbUntouched(snapshotFile: string, code: string) {
    const dir = path.dirname(snapshotFile);
    const dbFile = path.join(dir, 'mahkama.db');
    await seedWorkstationDb(dbFile);
    const before = sha256File(dbFile);
    const listing = filesIn(dir);
    await expectAppError(restoreSnapshot(snapshotFile, dbFile), code);
    expect(sha256File(dbFile)).toBe(before);
    expect(filesIn(dir)).toEqual(listing);
  }

  it('a corrupt snapshot (random bytes) is refused and the current database is unchanged', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'mahkama-20260101T000000000Z-daily.db');
    fs.writeFileSync(bad, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
    await refusedLeavesDbUntouched(bad, 'DB_CORRUPT');
  });

  it('a snapshot cut in half (copy interrupted) is refused', async () => {
    const dir = tempDir();
    const { snap } = await dbWithSnapshotAndLaterChange(tempDir());
    const bytes = fs.readFileSync(snap.file);
    const half = path.join(dir, 'half.db');
    fs.writeFileSync(half, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refusedLeavesDbUntouched(half, 'DB_CORRUPT');
  });

  it('an SQLite file of another program is refused as foreign', async () => {
    const dir = tempDir();
    const foreign = path.join(dir, 'other.db');
    const db = new BetterSqlite3(foreign);
    db.exec("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('hello')");
    db.close();
    await refusedLeavesDbUntouched(foreign, 'DB_FOREIGN');
  });

  it('a snapshot whose audit trail was edited is refused', async () => {
    const dir = tempDir();
    const { snap } = await dbWithSnapshotAndLaterChange(tempDir());
    const tampered = path.join(dir, 'tampered.db');
    fs.copyFileSync(snap.file, tampered);
    const db = new BetterSqlite3(tampered);
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit SET wall_time = '2020-01-01T00:00:00.000Z' WHERE seq = 1").run();
    db.close();
    const err = await expectAppError(checkSnapshot(tampered), 'SNAPSHOT_INVALID');
    expect(err.params?.seq).toBe(1);
    await refusedLeavesDbUntouched(tampered, 'SNAPSHOT_INVALID');
  });

  it('a missing snapshot file is refused', async () => {
    const dir = tempDir();
    await refusedLeavesDbUntouched(path.join(dir, 'nope.db'), 'SNAPSHOT_INVALID');
  });

  it('restore is refused while the app runs on that database (live PID in the lock file)', async () => {
    const dir = tempDir();
    const { dbFile, snap } = await dbWithSnapshotAndLaterChange(dir);
    const app = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(app);
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), `${app.pid}\n`);
    const before = sha256File(dbFile);
    const err = await expectAppError(restoreSnapshot(snap.file, dbFile), 'DB_UNAVAILABLE');
    expect(err.i18nKey).toBe('errors.db.inUse');
    expect(sha256File(dbFile)).toBe(before);
    expect(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8').trim()).toBe(String(app.pid));
  });

  it('a lock left by a process that died does not block a restore', async () => {
    const dir = tempDir();
    const { dbFile, snap } = await dbWithSnapshotAndLaterChange(dir);
    const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((r) => dead.on('exit', r));
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), `${dead.pid}\n`);
    await restoreSnapshot(snap.file, dbFile);
    expect(usernames(dbFile)).toEqual(['greffier.chef']);
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  });
});

describe('daily snapshots and pruning', () => {
  async function snapshotFolderWith(ages: { daysAgo: number; reason: string }[], now: Date) {
    const dir = tempDir();
    const dbFile = path.join(dir, 'mahkama.db');
    await seedWorkstationDb(dbFile);
    const snapDir = path.join(dir, 'snapshots');
    const opened = await openDatabase(dbFile);
    for (const a of ages) await createSnapshot(opened.raw, snapDir, a.reason, new Date(now.getTime() - a.daysAgo * DAY));
    await opened.close();
    return snapDir;
  }

  it('a snapshot is due when there is no daily one or the newest daily one is a day old', async () => {
    const now = new Date('2026-03-02T08:00:00Z');
    expect(dailySnapshotDue(tempDir(), now)).toBe(true);
    const fresh = await snapshotFolderWith([{ daysAgo: 0.5, reason: 'daily' }], now);
    expect(dailySnapshotDue(fresh, now)).toBe(false);
    const stale = await snapshotFolderWith([{ daysAgo: 1.01, reason: 'daily' }, { daysAgo: 0.1, reason: 'manual' }], now);
    expect(dailySnapshotDue(stale, now)).toBe(true);
  });

  it('snapshots older than the retention period are removed, younger ones and pre-migration ones within it kept', async () => {
    const now = new Date('2026-03-02T08:00:00Z');
    const dir = await snapshotFolderWith(
      [
        { daysAgo: 45, reason: 'daily' },
        { daysAgo: 31, reason: 'pre-migration-v1' },
        { daysAgo: 29, reason: 'pre-migration-v2' },
        { daysAgo: 2, reason: 'daily' },
        { daysAgo: 1, reason: 'daily' },
      ],
      now,
    );
    const deleted = pruneSnapshots(dir, 30, now);
    expect(deleted.map((f) => path.basename(f)).sort()).toEqual(
      [`mahkama-${fileTimestamp(new Date(now.getTime() - 45 * DAY))}-daily.db`, `mahkama-${fileTimestamp(new Date(now.getTime() - 31 * DAY))}-pre-migration-v1.db`].sort(),
    );
    expect(listSnapshots(dir).map((s) => s.reason)).toEqual(['pre-migration-v2', 'daily', 'daily']);
  });

  it('the newest snapshot is never pruned, however old', async () => {
    const now = new Date('2026-03-02T08:00:00Z');
    const dir = await snapshotFolderWith([{ daysAgo: 400, reason: 'daily' }, { daysAgo: 300, reason: 'daily' }], now);
    pruneSnapshots(dir, 30, now);
    const left = listSnapshots(dir);
    expect(left).toHaveLength(1);
    expect(Math.round((now.getTime() - left[0]!.takenAt.getTime()) / DAY)).toBe(300);
  });

  it('two snapshots in the same millisecond do not overwrite each other', async () => {
    const now = new Date('2026-03-02T08:00:00Z');
    const dir = await snapshotFolderWith([{ daysAgo: 0, reason: 'manual' }, { daysAgo: 0, reason: 'manual' }], now);
    expect(listSnapshots(dir)).toHaveLength(2);
  });
});
