// The quick_check worker as the built app runs it: `node out/main/shell.js` (what `npm start` runs
// without Electron) on an existing store starts the worker from out/main/quick-check.js — found from
// the bundle's chunk, standing alone — and its verdict reaches the log; the main-thread fallback is
// never needed. A damaged store gets the other verdict from the same built worker.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../../src/main/services/app-service';
import { smashIndexRootPage } from '../../helpers/damage';
import { tempDir, testConfig } from './helpers';

const repo = path.resolve(import.meta.dirname, '../../..');
const shellJs = path.join(repo, 'out', 'main', 'shell.js');

beforeAll(() => {
  // `npm test` builds before the tests; a lone run of this file builds the bundles itself.
  if (!fs.existsSync(shellJs) || !fs.existsSync(path.join(repo, 'out', 'main', 'quick-check.js'))) {
    const build = spawnSync(path.join(repo, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: repo, stdio: 'ignore' });
    expect(build.status).toBe(0);
  }
}, 180_000);

async function existingStore(): Promise<string> {
  const dataDir = tempDir();
  const service = await createAppService({ dataDir, config: testConfig(dataDir), dailySnapshots: false });
  const r = await service.handle('setup.initialize', {
    language: 'fr',
    court: { code: 'TPI-TAZA', nameAr: 'المحكمة الابتدائية بتازة', nameFr: 'Tribunal de première instance de Taza' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    user: { username: 'leila.taza', displayName: 'Leila', password: 'Taza-greffe-2026!' },
  });
  expect(r.ok).toBe(true);
  await service.close();
  return dataDir;
}

/** Runs the built shell until a log line matching `until` appears; returns every log message. */
async function builtShellLog(dataDir: string, until: RegExp): Promise<string[]> {
  const child = spawn(process.execPath, [shellJs], {
    cwd: repo,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MAHKAMA_DATA_DIR: dataDir, MAHKAMA_OPEN_BROWSER: '0', MAHKAMA_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!until.test(err) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  return err
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);
}

describe('the built quick_check worker', () => {
  it('judges a sound store from out/main/quick-check.js, without falling back to the main thread', async () => {
    const messages = await builtShellLog(await existingStore(), /quick_check: database (sound|damaged)/);
    expect(messages).toContain('quick_check: database sound');
    expect(messages.filter((m) => m.includes('could not run'))).toEqual([]);
  }, 90_000);

  it('finds the damage of a damaged store', async () => {
    const dataDir = await existingStore();
    smashIndexRootPage(path.join(dataDir, 'mahkama.db'), 'cases_number');
    const messages = await builtShellLog(dataDir, /quick_check: database (sound|damaged)/);
    expect(messages).toContain('quick_check: database damaged; nothing more will be written');
    expect(messages.filter((m) => m.includes('could not run'))).toEqual([]);
  }, 90_000);
});
