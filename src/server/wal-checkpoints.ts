// SQLite WAL checkpoints of the server, off the request path (PITFALLS: a WAL checkpointed only by
// commits grows while readers hold it, and a checkpoint inside a request makes that request slow).
// A timer copies the WAL back (PASSIVE: never waits for a reader or writer) when no request is in
// flight; if the server never goes quiet, it checkpoints anyway after a few busy ticks, so the WAL
// cannot grow without end (the opener's journal_size_limit then caps the file). Closing truncates
// the WAL to nothing.
import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';

export interface WalCheckpointOptions {
  /** True while requests are in flight: the timer then waits, up to `maxBusyTicks` ticks. */
  isBusy: () => boolean;
  intervalMs?: number;
  /** After this many ticks skipped as busy, the next one checkpoints anyway. */
  maxBusyTicks?: number;
  onError?: (err: unknown) => void;
}

export interface CheckpointResult {
  mode: 'PASSIVE' | 'TRUNCATE';
  /** SQLite's answer: 1 if a reader or writer kept it from finishing, the WAL's frames, those copied back. */
  busy: number;
  logFrames: number;
  checkpointedFrames: number;
}

export interface WalCheckpointer {
  /** One timer step: checkpoints unless busy (and not busy for too long); returns what ran, or null. */
  tick(): CheckpointResult | null;
  /** TRUNCATE checkpoint, for close: the WAL file is left empty. */
  truncate(): CheckpointResult;
  start(): void;
  stop(): void;
}

function checkpoint(raw: BetterSqlite3.Database, mode: 'PASSIVE' | 'TRUNCATE'): CheckpointResult {
  const row = raw.pragma(`wal_checkpoint(${mode})`) as { busy: number; log: number; checkpointed: number }[];
  const r = row[0] ?? { busy: 0, log: 0, checkpointed: 0 };
  return { mode, busy: r.busy, logFrames: r.log, checkpointedFrames: r.checkpointed };
}

export function walSizeBytes(file: string): number {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

export function walCheckpointer(raw: BetterSqlite3.Database, opts: WalCheckpointOptions): WalCheckpointer {
  const intervalMs = opts.intervalMs ?? 5_000;
  const maxBusyTicks = opts.maxBusyTicks ?? 6;
  let timer: NodeJS.Timeout | undefined;
  let busyTicks = 0;
  const tick = (): CheckpointResult | null => {
    if (!raw.open) return null;
    if (opts.isBusy() && busyTicks < maxBusyTicks) {
      busyTicks += 1;
      return null;
    }
    busyTicks = 0;
    try {
      return checkpoint(raw, 'PASSIVE');
    } catch (err) {
      opts.onError?.(err);
      return null;
    }
  };
  return {
    tick,
    truncate: () => checkpoint(raw, 'TRUNCATE'),
    start() {
      if (timer) return;
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
