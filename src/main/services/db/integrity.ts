// The database's soundness while the desk runs: `PRAGMA quick_check` in a worker thread
// (workers/quick-check.ts) whose verdict the first write of a session and every snapshot wait
// for, and SQLite's corruption codes recognised wherever they surface, so a damaged file is
// answered with DB_CORRUPT and the clerk's message, never INTERNAL. It must never write to the
// file it checks.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { isCorruptionCode, quickCheckFile, type IntegrityVerdict, type QuickCheckReply, type QuickCheckRequest } from '../../workers/quick-check';
import { electronNativeBinding } from '../../../store/sqlite/native-binding';

export type { IntegrityVerdict };

/** The refusal a clerk reads when the file is damaged: nothing was saved, call the court's IT. */
export function damagedDatabase(file: string, cause?: unknown): AppError {
  return new AppError('DB_CORRUPT', 'errors.db.damaged', { params: { file }, ...(cause === undefined ? {} : { cause }) });
}

/** True when err, or an error it was caused by (an INTERNAL wrapping SQLite's), says the file is damaged. */
export function isCorruption(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (isCorruptionCode((e as { code?: unknown }).code)) return true;
  }
  return false;
}

interface WorkerScript {
  script: string;
  eval: boolean;
}

/**
 * Where the worker's code is. Built: out/main/quick-check.js (beside the entry, or one folder up
 * from a chunk), taken from app.asar.unpacked in a packaged app. From source (tests, `npm run cli`
 * under tsx): the TypeScript file, behind tsx registered inside the worker itself, because a
 * worker thread does not inherit the loader of the thread that starts it.
 */
function workerScript(): WorkerScript {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const source = pathToFileURL(path.resolve(path.dirname(here), '../../workers/quick-check.ts')).href;
    // tsx's ESM entry (index.mjs) sits beside the CommonJS one that require.resolve finds.
    const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs')).href;
    return { script: `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`, eval: true };
  }
  const dir = path.dirname(here);
  for (const candidate of [path.join(dir, 'quick-check.js'), path.join(dir, '..', 'quick-check.js')]) {
    const unpacked = candidate.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
    if (fs.existsSync(unpacked)) return { script: unpacked, eval: false };
  }
  throw new Error(`the quick_check worker (quick-check.js) is not next to ${dir}`);
}

export interface RunningCheck {
  verdict: Promise<IntegrityVerdict>;
  /** Stops waiting (service closing); the worker is let go and ends with its read. */
  cancel(): void;
}

/**
 * Starts quick_check of `file` in a worker thread. The verdict settles once; when the worker
 * cannot run at all (its script missing, a thread refused), the same check runs here on the main
 * thread instead — slower for the clerk, but never skipped. It rejects only when even that fails.
 */
export function startQuickCheck(file: string, onWorkerFailure: (reason: string) => void = () => {}): RunningCheck {
  let worker: Worker | null = null;
  let cancel: () => void = () => {};
  const inline = (reason: string): IntegrityVerdict => {
    onWorkerFailure(reason);
    return quickCheckFile(file, electronNativeBinding().nativeBinding);
  };
  const verdict = new Promise<IntegrityVerdict>((resolve, reject) => {
    let settled = false;
    cancel = () => {
      if (settled) return;
      settled = true;
      reject(new AppError('DB_UNAVAILABLE', 'errors.db.cannotOpen', { params: { file } }));
    };
    const settle = (fn: () => IntegrityVerdict) => {
      if (settled) return;
      settled = true;
      try {
        resolve(fn());
      } catch (err) {
        reject(err);
      }
    };
    try {
      const { script, eval: isEval } = workerScript();
      const request: QuickCheckRequest = { mahkamaQuickCheck: true, file, ...electronNativeBinding() };
      worker = new Worker(script, { eval: isEval, workerData: request, stdout: false, stderr: false });
      worker.unref();
      worker.once('message', (reply: QuickCheckReply) => {
        if ('verdict' in reply) settle(() => reply.verdict);
        else settle(() => inline(reply.failure));
      });
      worker.once('error', (err) => settle(() => inline(err.message)));
      worker.once('exit', (code) => settle(() => inline(`worker exited with code ${code} before answering`)));
    } catch (err) {
      settle(() => inline(err instanceof Error ? err.message : String(err)));
    }
  });
  // Nobody may be waiting when the service closes before the verdict: that rejection is expected.
  verdict.catch(() => undefined);
  return {
    verdict,
    cancel() {
      cancel();
      void worker?.terminate();
    },
  };
}

/** quick_check in a worker, awaited: for the snapshot being written and the command line. */
export function quickCheckInWorker(file: string, onWorkerFailure?: (reason: string) => void): Promise<IntegrityVerdict> {
  return startQuickCheck(file, onWorkerFailure).verdict;
}
