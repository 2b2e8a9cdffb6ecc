// `npm start` where Electron's binary is missing (this machine): it says so in one line, starts the
// browser shell, prints the URL — and the next one each time one is used — and Ctrl+C (SIGINT)
// stops everything with exit code 0.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers';

const repo = path.resolve(import.meta.dirname, '../../..');

function electronInstalled(): boolean {
  const r = spawnSync(process.execPath, ['-e', "require('electron')"], { cwd: repo, stdio: 'ignore', timeout: 60_000 });
  return r.status === 0;
}

describe('npm start', () => {
  it('falls back to the browser shell, prints its URL, and exits cleanly on Ctrl+C', async () => {
    const dataDir = tempDir();
    // Where Electron is installed, the fallback is forced; here it is the real missing binary.
    const env: NodeJS.ProcessEnv = { ...process.env, MAHKAMA_DATA_DIR: dataDir, MAHKAMA_OPEN_BROWSER: '0', MAHKAMA_LOG_LEVEL: 'silent' };
    if (electronInstalled()) env.MAHKAMA_BROWSER_SHELL = '1';
    const child = spawn(process.execPath, [path.join(repo, 'scripts/start.mjs')], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 110_000);
      child.stdout.on('data', () => {
        const m = /http:\/\/127\.0\.0\.1:[0-9]+\/\?token=[A-Za-z0-9_-]+/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child.on('exit', () => reject(new Error(`exited early:\n${out}`)));
    });
    expect(out).toMatch(/The Electron binary is not installed on this machine: starting the browser shell instead\.|MAHKAMA_BROWSER_SHELL=1/);
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    // The console now holds the next address (the used one is spent), and it works once too.
    const next = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no next address printed:\n${out}`)), 20_000);
      const look = () => {
        const m = /the next browser opens with (http:\/\/127\.0\.0\.1:[0-9]+\/\?token=[A-Za-z0-9_-]+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      look();
      child.stdout.on('data', look);
    });
    expect(next).not.toBe(url);
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(next, { redirect: 'manual' })).status).toBe(302);

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // The services closed properly: the data folder's lock file is gone.
    expect(fs.existsSync(path.join(dataDir, 'mahkama.lock'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'mahkama.db'))).toBe(true);
  }, 120_000);
});
