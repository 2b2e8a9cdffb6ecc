// `npm start`: the desktop app when Electron's binary is installed (electron-vite dev), otherwise
// the browser shell (ARCHITECTURE §8) — said in one line, built first if out/ is missing or older
// than the sources. Ctrl+C stops the child and exits cleanly. It never downloads anything itself
// beyond what electron's own lazy installer tries. MAHKAMA_BROWSER_SHELL=1 skips Electron even
// where it is installed (tests, or a desk that prefers the browser).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronSqliteBinding } from './electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

/** Path of the Electron binary, or null. require('electron') downloads it lazily and throws when it cannot. */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 5 * 60_000,
  });
  const binary = probe.status === 0 ? probe.stdout.trim() : '';
  return binary && fs.existsSync(binary) ? binary : null;
}

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const outputs = ['out/main/shell.js', 'out/renderer/index.html'].map((f) => path.join(root, f));
  if (outputs.some((f) => !fs.existsSync(f))) return true;
  const builtAt = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  const sourcesAt = Math.max(...['src', 'electron.vite.config.ts', 'package.json'].map((p) => newestMtime(path.join(root, p))));
  return sourcesAt > builtAt;
}

/** Runs a child in the foreground; Ctrl+C reaches it (same process group) and we wait for it to stop. */
function runForeground(command, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    const forward = (signal) => {
      if (child.exitCode === null) child.kill(signal);
    };
    const onSigint = () => forward('SIGINT');
    const onSigterm = () => forward('SIGTERM');
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      resolve(signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : (code ?? 1));
    });
  });
}

async function main() {
  const forceShell = process.env.MAHKAMA_BROWSER_SHELL === '1';
  if (!forceShell && electronBinary()) {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
    const binding = await electronSqliteBinding(root, version);
    const env = { ...process.env, MAHKAMA_SQLITE_BINDING: binding };
    process.exit(await runForeground(process.execPath, [electronVite, 'dev'], env));
  }
  console.log(
    forceShell
      ? 'MAHKAMA_BROWSER_SHELL=1: starting the browser shell.'
      : 'The Electron binary is not installed on this machine: starting the browser shell instead.',
  );
  if (buildIsStale()) {
    const code = await runForeground(process.execPath, [electronVite, 'build']);
    if (code !== 0) process.exit(code);
  }
  process.exit(await runForeground(process.execPath, [path.join(root, 'out', 'main', 'shell.js')]));
}

main();
