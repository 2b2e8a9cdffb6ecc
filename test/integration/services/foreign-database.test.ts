// Another program's SQLite file where the desk expects its own, left as a crash leaves it (a WAL
// never checkpointed, a hot rollback journal): the desk starts to DB_FOREIGN and the file, its WAL,
// its journal and its folder are byte for byte as they were — SQLite never got to recover them.
// And the other side: a Mahkama store killed before its first checkpoint still opens as ours.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/domain';
import { createAppService, DB_FILE_NAME } from '../../../src/main/services/app-service';
import { APPLICATION_ID, readSqliteHeader } from '../../../src/store/sqlite/file-identity';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { LATEST_SCHEMA_VERSION } from '../../../src/store/sqlite/migrations';
import { sha256File, tempDir, testConfig } from './helpers';
import { entryArgs } from '../../helpers/entries';

const REPO = path.resolve(import.meta.dirname, '../../..');

/** Runs the writer until it says "ready", then kills it with SIGKILL. */
async function writeThenKill(mode: string, file: string): Promise<void> {
  const child = spawn(process.execPath, [...entryArgs('killed-writer'), mode, file], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
  const deadline = Date.now() + 30_000;
  while (!out.includes('ready') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  expect(await exited, `writer ${mode}: ${err}`).toBe('SIGKILL');
  expect(out).toContain('ready');
}

/** Every file of the folder with its sha256 (the -shm included: nothing may even be mapped anew). */
function folderState(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [f, sha256File(path.join(dir, f))]),
  );
}

async function startDesk(dataDir: string) {
  const service = await createAppService({ dataDir, config: testConfig(dataDir), dailySnapshots: false });
  try {
    const status = await service.handle('app.status', {});
    if (!status.ok) throw new Error(JSON.stringify(status.error));
    return status.value;
  } finally {
    await service.close();
  }
}

describe("another program's database, left by a crash", () => {
  it('with a WAL not checkpointed since its last rows: DB_FOREIGN, and the file, its -wal and -shm are unchanged, nothing new beside them', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    await writeThenKill('foreign-wal-later', dbFile);
    expect(readSqliteHeader(dbFile)?.schemaCookie).toBeGreaterThan(0);
    expect(fs.statSync(`${dbFile}-wal`).size).toBeGreaterThan(0);
    const before = folderState(dataDir);

    const status = await startDesk(dataDir);

    expect(status.startupError).toMatchObject({ code: 'DB_FOREIGN', i18nKey: 'errors.db.foreign' });
    expect(folderState(dataDir)).toEqual(before);
  });

  it('with a hot rollback journal: DB_FOREIGN, and the file and its -journal are unchanged (not rolled back)', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    await writeThenKill('foreign-journal', dbFile);
    expect(fs.statSync(`${dbFile}-journal`).size).toBeGreaterThan(0);
    const before = folderState(dataDir);

    const status = await startDesk(dataDir);

    expect(status.startupError).toMatchObject({ code: 'DB_FOREIGN', i18nKey: 'errors.db.foreign' });
    expect(folderState(dataDir)).toEqual(before);
  });

  it('whose header has no id and no schema yet (all of it in the WAL) is judged on a copy: DB_FOREIGN, nothing changed', async () => {
    // The same crash as above, killed before the WAL ever reached the main file: the header alone
    // cannot tell it from an empty file, so the desk asks a copy.
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    await writeThenKill('foreign-wal', dbFile);
    expect(readSqliteHeader(dbFile)).toEqual({ applicationId: 0, userVersion: 0, schemaCookie: 0 });
    const before = folderState(dataDir);
    const tmpBefore = fs.readdirSync(path.dirname(dataDir)).filter((f) => f.startsWith('mahkama-inspect-'));

    expect((await startDesk(dataDir)).startupError).toMatchObject({ code: 'DB_FOREIGN' });
    expect(folderState(dataDir)).toEqual(before);
    // The copy's temporary folder is gone.
    expect(fs.readdirSync(path.dirname(dataDir)).filter((f) => f.startsWith('mahkama-inspect-'))).toEqual(tmpBefore);
  });

  it('with another application_id: DB_FOREIGN from the header, whatever is beside it', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const other = new BetterSqlite3(dbFile);
    other.pragma('application_id = 1195984463'); // 'GPKG': a GeoPackage
    other.exec('CREATE TABLE features (id INTEGER PRIMARY KEY, geom BLOB)');
    other.close();
    fs.writeFileSync(`${dbFile}-journal`, Buffer.alloc(512, 7));
    const before = folderState(dataDir);
    expect((await startDesk(dataDir)).startupError).toMatchObject({ code: 'DB_FOREIGN' });
    expect(folderState(dataDir)).toEqual(before);
  });

  it('wearing our application_id over its own tables at schema version 0: DB_FOREIGN, nothing migrated into it', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const other = new BetterSqlite3(dbFile);
    other.pragma(`application_id = ${APPLICATION_ID}`);
    other.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5)");
    other.close();
    const before = folderState(dataDir);
    expect((await startDesk(dataDir)).startupError).toMatchObject({ code: 'DB_FOREIGN' });
    expect(folderState(dataDir)).toEqual(before);
  });

  it('a file that is not SQLite at all is DB_CORRUPT without SQLite opening it, and nothing appears beside it', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    fs.writeFileSync(dbFile, 'PK\u0003\u0004 a zip archive, not a database'.repeat(50));
    fs.writeFileSync(`${dbFile}-wal`, Buffer.alloc(4096, 1));
    const before = folderState(dataDir);
    expect((await startDesk(dataDir)).startupError).toMatchObject({ code: 'DB_CORRUPT' });
    expect(folderState(dataDir)).toEqual(before);
  });
});

describe('a Mahkama store killed before its first checkpoint', () => {
  it('made by this release: its header already says Mahkama, and it opens with everything written', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    await writeThenKill('mahkama', dbFile);
    expect(fs.statSync(`${dbFile}-wal`).size).toBeGreaterThan(0);
    expect(readSqliteHeader(dbFile)?.applicationId).toBe(APPLICATION_ID);

    const opened = await openDatabase(dbFile);
    try {
      expect(opened.raw.prepare('SELECT code FROM courts').pluck().get()).toBe('TPI-AGADIR');
      expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: true });
    } finally {
      await opened.close();
    }
  });

  it('killed while its very first transaction was being written (a hot journal beside it): rolled back to nothing, then made anew', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    await writeThenKill('mahkama-first-page', dbFile);
    expect(fs.statSync(`${dbFile}-journal`).size).toBeGreaterThan(0);
    const status = await startDesk(dataDir);
    expect(status.startupError).toBeNull();
    expect(status.setUp).toBe(false);
    expect(readSqliteHeader(dbFile)).toMatchObject({ applicationId: APPLICATION_ID, userVersion: LATEST_SCHEMA_VERSION });
    expect(fs.existsSync(`${dbFile}-journal`)).toBe(false);
  });

  it('made by the earlier release (id only in its WAL): judged on a copy, opened, and its header says Mahkama afterwards', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    await writeThenKill('mahkama-legacy', dbFile);
    expect(readSqliteHeader(dbFile)?.applicationId).toBe(0);

    const status = await startDesk(dataDir);
    expect(status.startupError).toBeNull();
    expect(readSqliteHeader(dbFile)).toMatchObject({ applicationId: APPLICATION_ID, userVersion: LATEST_SCHEMA_VERSION });
  });
});
