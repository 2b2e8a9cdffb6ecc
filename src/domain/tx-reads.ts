// Rows a transaction has read, kept for the next commands of the same transaction (a group commit
// runs up to `writeGroupSize` commands, most of them registrations that read the same chamber, case
// type and number block). Only within one transaction, so a command never sees a row older than
// its transaction: reference rows (`readOnce`), forgotten as soon as a command writes one of
// those tables; and what a writer keeps up to date itself (`txMemo`). All of it is forgotten when
// a savepoint is rolled back (what the rolled-back command read or wrote is gone).
import type { Tx } from './db-schema';

/** The tables whose rows are kept: changed only by set-up commands, read by every registration. */
export const REFERENCE_TABLES: ReadonlySet<string> = new Set(['courts', 'chambers', 'case_types']);

const byTx = new WeakMap<Tx, Map<string, unknown>>();

/** The row read under `key` earlier in this transaction, else what `read` finds (kept when found). */
export async function readOnce<R>(trx: Tx, key: string, read: () => Promise<R | undefined>): Promise<R | undefined> {
  let memo = byTx.get(trx);
  if (memo?.has(key)) return memo.get(key) as R;
  const row = await read();
  if (row !== undefined) {
    if (!memo) byTx.set(trx, (memo = new Map()));
    memo.set(key, row);
  }
  return row;
}

/**
 * A map for rows this transaction reads and then keeps current itself as it writes them (rows no
 * other transaction writes meanwhile: a court's number blocks, behind the court's lock).
 */
export function txMemo<V>(trx: Tx, name: string): Map<string, V> {
  let memo = byTx.get(trx);
  if (!memo) byTx.set(trx, (memo = new Map()));
  let m = memo.get(name) as Map<string, V> | undefined;
  if (!m) memo.set(name, (m = new Map()));
  return m;
}

/** Forgets what this transaction read (a reference row written, a savepoint rolled back). */
export function forgetReads(trx: Tx): void {
  byTx.delete(trx);
}
