// The desk checkpoints its WAL and refreshes planner statistics when quiet, never inside a command.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../../src/store/sqlite/open-database';
import { idleMaintenance } from '../../../src/main/services/db/idle-maintenance';

let opened: OpenedDatabase | undefined;
let dir: string | undefined;
afterEach(async () => {
  await opened?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  opened = undefined;
  dir = undefined;
});

describe('idle database maintenance', () => {
  it('leaves commits to the WAL while busy and folds the WAL back into the file once the desk is quiet', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-idle-'));
    const file = path.join(dir, 'mahkama.db');
    opened = await openDatabase(file);
    expect(opened.raw.pragma('wal_autocheckpoint', { simple: true })).toBe(16384);
    opened.raw.exec('CREATE TABLE scratch (v TEXT)');
    const insert = opened.raw.prepare('INSERT INTO scratch VALUES (?)');
    const sizeAtStart = fs.statSync(file).size;
    for (let i = 0; i < 300; i++) insert.run('x'.repeat(2000));
    // 300 commits (≈600 kB) later the rows are still only in the WAL: no checkpoint ran on the way.
    expect(fs.statSync(file).size).toBe(sizeAtStart);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(600_000);
    const m = idleMaintenance(opened.raw, 20);
    m.touched();
    expect(fs.statSync(file).size).toBe(sizeAtStart); // not at the keystroke: after the quiet period
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.statSync(file).size).toBeGreaterThan(sizeAtStart + 600_000);
    m.stop();
  });

  it('does nothing after it is stopped or once the database is closed', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-idle-'));
    opened = await openDatabase(path.join(dir, 'mahkama.db'));
    const errors: unknown[] = [];
    const m = idleMaintenance(opened.raw, 10, (e) => errors.push(e));
    await opened.close();
    opened = undefined;
    m.runNow();
    m.touched();
    await new Promise((r) => setTimeout(r, 50));
    m.stop();
    expect(errors).toEqual([]);
  });
});
