// The data-folder lock: <dataDir>/mahkama.lock holds the PID of the process whose services have
// the database open. Restore refuses to run under a live holder; a lock left by a dead process is
// taken over. It must never delete a lock held by a live process.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';

export const LOCK_FILE_NAME = 'mahkama.lock';

/** Locks held by this process, so a second service in the same process is refused too. */
const heldHere = new Set<string>();

export interface DataDirLock {
  file: string;
  release(): void;
}

export function lockFileFor(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), LOCK_FILE_NAME);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PID of the live process holding the lock, or null when it is free or stale. */
export function lockHolder(lockFile: string): number | null {
  const resolved = path.resolve(lockFile);
  if (heldHere.has(resolved)) return process.pid;
  let text: string;
  try {
    text = fs.readFileSync(resolved, 'utf8');
  } catch {
    return null;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  return isAlive(pid) ? pid : null;
}

/** Takes the lock or throws DB_UNAVAILABLE naming the holder. */
export function acquireLock(lockFile: string): DataDirLock {
  const file = path.resolve(lockFile);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(file);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          heldHere.delete(file);
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = lockHolder(file);
      if (holder !== null) {
        throw new AppError('DB_UNAVAILABLE', 'errors.db.inUse', { params: { pid: holder, file: path.dirname(file) } });
      }
      // Stale: left by a process that died without releasing it.
      try {
        fs.unlinkSync(file);
      } catch {
        /* someone else removed it first; retry decides */
      }
    }
  }
  throw new AppError('DB_UNAVAILABLE', 'errors.db.inUse', { params: { pid: 0, file: path.dirname(file) } });
}
