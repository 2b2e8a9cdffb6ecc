// Write-behind for a group's transaction (ARCHITECTURE §3, group commit): on an engine where each
// statement is a round trip (PostgreSQL), the rows commands create in versioned tables are kept
// and written together, one multi-row INSERT per table, parents first, as late as possible —
// before any other statement runs on the transaction (so every read, update and lock sees them)
// and before the journal's own writes and the COMMIT. Likewise the last value of a counter row the
// transaction alone may write (a number block's next serial, behind the court's lock).
//
// Only in the all-or-nothing attempt of a group (no savepoints): a statement that fails when the
// rows are written fails that attempt, which is rolled back whole and run again with a savepoint
// per command and nothing kept behind, so each failure is its own command's. A store that runs
// statements in process (SQLite) gains nothing from it and writes at once.
import type { Insertable } from 'kysely';
import type { Database, Tx } from './db-schema';
import { hasDirectExecutor, insertRows } from './prepared-queries';
import { VERSIONED_TABLES, type VersionedTable } from './rows';

interface Pending {
  inserts: Map<VersionedTable, Record<string, unknown>[]>;
  /** Writes of a counter row by key: only the last one for a key is made. */
  finalWrites: Map<string, () => Promise<unknown>>;
  flushing: boolean;
}

const pendingOf = new WeakMap<Tx, Pending>();

/** Rows per INSERT: keeps every table far under PostgreSQL's 65,535 parameters a statement. */
const ROWS_PER_STATEMENT = 500;

type QueryRunner = { executeQuery: (...args: unknown[]) => Promise<unknown> };

/**
 * Keeps writes behind on this transaction until its next other statement. Does nothing on a store
 * that runs statements in process, or whose executor is not the shape this expects.
 */
export function startWriteBehind(trx: Tx): void {
  if (hasDirectExecutor(trx) || pendingOf.has(trx)) return;
  const executor = trx.getExecutor() as unknown as QueryRunner;
  const run = executor.executeQuery;
  if (typeof run !== 'function') return;
  const pending: Pending = { inserts: new Map(), finalWrites: new Map(), flushing: false };
  pendingOf.set(trx, pending);
  // Every statement of the transaction (query builders, compiled queries, `sql`) goes through this
  // executor: what was kept behind is written first.
  executor.executeQuery = async function (this: unknown, ...args: unknown[]) {
    if (!pending.flushing && (pending.inserts.size > 0 || pending.finalWrites.size > 0)) await flush(trx, pending);
    return run.apply(this, args);
  };
}

/** Keeps the rows to insert later; false when this transaction writes at once (the caller inserts). */
export function insertBehind(trx: Tx, table: VersionedTable, rows: readonly Record<string, unknown>[]): boolean {
  const pending = pendingOf.get(trx);
  if (!pending) return false;
  let kept = pending.inserts.get(table);
  if (!kept) pending.inserts.set(table, (kept = []));
  kept.push(...rows);
  return true;
}

/**
 * Makes `write` later, replacing a write kept under the same key (the counter's newer value);
 * false when this transaction writes at once (the caller writes now).
 */
export function writeBehind(trx: Tx, key: string, write: () => Promise<unknown>): boolean {
  const pending = pendingOf.get(trx);
  if (!pending) return false;
  pending.finalWrites.set(key, write);
  return true;
}

async function flush(trx: Tx, pending: Pending): Promise<void> {
  pending.flushing = true;
  try {
    const inserts = pending.inserts;
    const finalWrites = [...pending.finalWrites.values()];
    pending.inserts = new Map();
    pending.finalWrites = new Map();
    // Parents before children, whatever order the commands created them in.
    for (const table of VERSIONED_TABLES) {
      const rows = inserts.get(table);
      if (!rows) continue;
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        await insertRows(trx, table, rows.slice(i, i + ROWS_PER_STATEMENT) as unknown as Insertable<Database[typeof table]>[]);
      }
    }
    for (const write of finalWrites) await write();
  } finally {
    pending.flushing = false;
  }
}

/** Writes what is kept behind now (before the journal's deferred writes and the COMMIT). */
export async function flushWriteBehind(trx: Tx): Promise<void> {
  const pending = pendingOf.get(trx);
  if (pending && (pending.inserts.size > 0 || pending.finalWrites.size > 0)) await flush(trx, pending);
}
