// Worker thread: `PRAGMA quick_check` of one database file on a read-only connection of its own,
// so reading every page (about 2 s for the 1 GB store of 100,000 cases, `npm run bench`) never
// blocks the main thread that answers the clerk. It must never open the file for writing. It
// imports nothing but better-sqlite3, so its bundle (out/main/quick-check.js) stands alone and can
// be unpacked from app.asar, which a worker thread cannot read (PITFALLS: electron#23078).
import fs from 'node:fs';
import os from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

export interface QuickCheckRequest {
  mahkamaQuickCheck: true;
  file: string;
  /** better-sqlite3 built for Electron's ABI under `npm start` (MAHKAMA_SQLITE_BINDING). */
  nativeBinding?: string;
}

/** What quick_check found: `problems` are SQLite's own lines (at most 20), or the error code it stopped with. */
export type IntegrityVerdict = { ok: true; ms: number } | { ok: false; problems: string[]; ms: number };

/** What the worker posts back: a verdict, or why none could be reached (the file could not be opened). */
export type QuickCheckReply = { verdict: IntegrityVerdict } | { failure: string };

/** SQLite's result codes that mean the file itself is damaged (extended codes included). */
export function isCorruptionCode(code: unknown): boolean {
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)(_|$)/.test(code);
}

/** Runs quick_check on its own read-only connection; corruption met on the way is a verdict, anything else throws. */
export function quickCheckFile(file: string, nativeBinding?: string): IntegrityVerdict {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((line) => line !== 'ok');
    return problems.length === 0 ? { ok: true, ms: ms() } : { ok: false, problems, ms: ms() };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (isCorruptionCode(code)) return { ok: false, problems: [String(code)], ms: ms() };
    throw err;
  } finally {
    db?.close();
  }
}

/**
 * On Linux, gives this thread (only) the lowest CPU priority: on a desk with few cores the check
 * then waits for the clerk rather than the clerk for the check. setpriority(2) on a thread id
 * affects that thread alone there; elsewhere the thread keeps its priority.
 */
function yieldToTheDesk(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, os.constants.priority.PRIORITY_LOW);
  } catch {
    /* not Linux, or not allowed: the check runs at normal priority */
  }
}

const request = workerData as QuickCheckRequest | undefined;
if (!isMainThread && parentPort && request?.mahkamaQuickCheck === true) {
  yieldToTheDesk();
  let reply: QuickCheckReply;
  try {
    reply = { verdict: quickCheckFile(request.file, request.nativeBinding) };
  } catch (err) {
    reply = { failure: err instanceof Error ? `${(err as { code?: string }).code ?? err.name}: ${err.message}` : String(err) };
  }
  parentPort.postMessage(reply);
}
