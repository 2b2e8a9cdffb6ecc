// Database housekeeping that must never sit on a clerk's keystroke: a WAL checkpoint and
// `PRAGMA optimize` (planner statistics) once the desk has been quiet for a moment, and on close.
// It never runs inside a command; a checkpoint that finds readers simply copies what it can.
import type BetterSqlite3 from 'better-sqlite3';

export interface IdleMaintenance {
  /** Call after any handled request: (re)starts the quiet-period timer. */
  touched(): void;
  /** Runs the housekeeping now (on close, and in tests). */
  runNow(): void;
  stop(): void;
}

export function idleMaintenance(raw: BetterSqlite3.Database, quietMs = 2_000, onError: (err: unknown) => void = () => {}): IdleMaintenance {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runNow = () => {
    if (stopped || !raw.open) return;
    try {
      raw.pragma('wal_checkpoint(PASSIVE)');
      // 0x10002: analyse only what changed a lot, with a bounded effort (SQLite's advice for long-lived connections).
      raw.pragma('optimize = 0x10002');
    } catch (err) {
      onError(err);
    }
  };
  return {
    touched() {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(runNow, quietMs);
      timer.unref();
    },
    runNow,
    stop() {
      if (timer) clearTimeout(timer);
      stopped = true;
    },
  };
}
