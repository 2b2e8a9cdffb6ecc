// Real full disks for tests: shell lines run in a user and mount namespace of their own (unshare:
// no privilege needed, and a tmpfs mounted there goes away with the process), where a test mounts
// a tmpfs of the size it wants and runs its worker processes on it. Shared by the full-disk tests
// of the desk file, imports, uploads, downloads and OCR.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { entryArgs, type EntryName } from './entries';

const REPO = path.resolve(import.meta.dirname, '../..');
const UNSHARE = ['--user', '--map-root-user', '--mount', 'sh', '-c'];

/** The shell command that starts test entry `entry` with `args` (one JSON argument). */
export function workerCommand(entry: EntryName, args: object): string {
  return `"${process.execPath}" ${entryArgs(entry).map((a) => `"${a}"`).join(' ')} '${JSON.stringify(args)}'`;
}

/** The shell lines run in a namespace of their own, waited for (blocks this process: nothing here may answer the script). */
export function runInMountNamespace(lines: readonly string[], timeoutMs = 120_000): SpawnSyncReturns<string> {
  return spawnSync('unshare', [...UNSHARE, lines.join('\n')], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
}

/** The same without blocking: for scripts whose workers talk to a server in this process. */
export function startInMountNamespace(lines: readonly string[]) {
  return spawn('unshare', [...UNSHARE, lines.join('\n')], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
}
