// Small maps that live as long as one store (one Kysely instance and its transactions), for hints
// the write path keeps from one command to the next (e.g. which number block was used last).
// Keyed by the instance's dialect adapter, which its transactions share, so every store has its
// own and a closed store's maps go with it.
import type { Tx } from './db-schema';

const memosByAdapter = new WeakMap<object, Map<string, unknown>>();

/**
 * A map that lives as long as the store `trx` belongs to (one per Kysely instance, shared by its
 * transactions), for hints the write path keeps between commands. Only hints: whatever is kept
 * here must be checked against the database before it is relied on.
 */
export function storeMemo<V>(trx: Tx, name: string): Map<string, V> {
  const adapter = trx.getExecutor().adapter;
  let memos = memosByAdapter.get(adapter);
  if (!memos) {
    memos = new Map();
    memosByAdapter.set(adapter, memos);
  }
  let memo = memos.get(name) as Map<string, V> | undefined;
  if (!memo) {
    memo = new Map();
    memos.set(name, memo);
  }
  return memo;
}
