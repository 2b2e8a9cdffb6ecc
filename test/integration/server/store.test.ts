// The server's store on a real SQLite file: opened by the desk's opener, WAL checkpoints off the
// request path that still bound the WAL when the server never goes quiet, a WAL truncated at close,
// and an unreachable PostgreSQL refused with a typed error (PostgreSQL itself: test/integration/postgres).
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/server/config';
import { openServerStore, SQLITE_FILE_NAME } from '../../../src/server/store';
import { walCheckpointer, walSizeBytes } from '../../../src/server/wal-checkpoints';
import { AppError } from '../../../src/shared/errors';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { tempDir } from './helpers';

async function writeRows(db: Kysely<unknown>, n: number): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS scratch (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)`.execute(db);
  for (let i = 0; i < n; i += 1) await sql`INSERT INTO scratch (payload) VALUES (${'x'.repeat(2_000)})`.execute(db);
}

function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => (cond() ? resolve() : Date.now() > until ? reject(new Error('condition not met in time')) : setTimeout(poll, 10));
    poll();
  });
}

describe('server store (SQLite)', () => {
  it('is the desk-format file <dataDir>/mahkama-server.db, and answers its ping', async () => {
    const dataDir = path.join(tempDir(), 'not-yet-made');
    const store = await openServerStore({ databaseUrl: null, dataDir });
    try {
      expect(store.engine).toBe('sqlite');
      await expect(store.ping()).resolves.toBeUndefined();
      expect(fs.existsSync(path.join(dataDir, SQLITE_FILE_NAME))).toBe(true);
    } finally {
      await store.close();
    }
    await expect(store.ping()).rejects.toBeInstanceOf(AppError);
  });

  it('checkpoints while idle, waits while requests run, but not for ever (the WAL stays bounded)', async () => {
    const file = path.join(tempDir(), SQLITE_FILE_NAME);
    const opened = await openDatabase(file);
    try {
      await writeRows(opened.db as Kysely<unknown>, 50);
      let busy = true;
      const cp = walCheckpointer(opened.raw, { isBusy: () => busy, maxBusyTicks: 3 });
      expect([cp.tick(), cp.tick(), cp.tick()]).toEqual([null, null, null]);
      // Busy for too long: the fourth tick copies the WAL back anyway.
      const forced = cp.tick();
      expect(forced).toMatchObject({ mode: 'PASSIVE', busy: 0 });
      expect(forced!.logFrames).toBeGreaterThan(0);
      expect(forced!.checkpointedFrames).toBe(forced!.logFrames);

      busy = false;
      await writeRows(opened.db as Kysely<unknown>, 10);
      const idle = cp.tick();
      expect(idle!.checkpointedFrames).toBe(idle!.logFrames);
      expect(walSizeBytes(file)).toBeGreaterThan(0);
      expect(cp.truncate()).toMatchObject({ mode: 'TRUNCATE', busy: 0 });
      expect(walSizeBytes(file)).toBe(0);
    } finally {
      await opened.close();
      if (opened.raw.open) opened.raw.close();
    }
  });

  it("the store's own timer checkpoints off the request path, and close leaves no WAL and a sound file", async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    const store = await openServerStore({ databaseUrl: null, dataDir }, { checkpointIntervalMs: 20 });
    const mainFileBefore = fs.statSync(file).size;
    await writeRows(store.db as Kysely<unknown>, 100);
    // Before any checkpoint, the rows live in the WAL only.
    expect(fs.statSync(file).size).toBe(mainFileBefore);
    store.startMaintenance(() => false);
    await waitFor(() => fs.statSync(file).size > mainFileBefore + 100 * 2_000, 5_000);
    await store.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const reopened = await openDatabase(file, { readonly: true });
    try {
      expect(reopened.raw.pragma('quick_check', { simple: true })).toBe('ok');
      expect((reopened.raw.prepare('SELECT count(*) AS n FROM scratch').get() as { n: number }).n).toBe(100);
    } finally {
      await reopened.close();
      if (reopened.raw.open) reopened.raw.close();
    }
  });

  it('a data folder that is a file is refused naming the setting; asked to exist, a folder with no store makes none', async () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'not a folder');
    await expect(openServerStore({ databaseUrl: null, dataDir: file })).rejects.toMatchObject({ code: 'DB_UNAVAILABLE', i18nKey: 'errors.server.dataDirUnusable', params: { dir: file } });
    const empty = path.join(tempDir(), 'typo');
    await expect(openServerStore({ databaseUrl: null, dataDir: empty }, { mustExist: true })).rejects.toMatchObject({ code: 'DB_UNAVAILABLE', i18nKey: 'errors.db.notFound' });
    expect(fs.existsSync(empty)).toBe(false);
  });

  it('refuses an unreachable PostgreSQL with a typed error', async () => {
    const err = await openServerStore({ databaseUrl: new Secret('postgres://nobody@127.0.0.1:1/nowhere'), dataDir: tempDir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('DB_UNAVAILABLE');
  });
});
