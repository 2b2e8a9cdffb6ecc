// A pure function's results kept by key, in a map emptied when full: what a search reads again and
// again (a court's words and names) or a signer presents again and again (the same certificates).
// Emptied rather than evicted one by one: the keys worth keeping come straight back, and the map
// never grows past its bound whatever the input. Written here (a dozen lines) rather than taken
// from an LRU library: no eviction order is needed, and the hot path is one Map lookup.

/**
 * `compute` remembered: the same key answers the same value (null and undefined included) until
 * `max` keys are held, when all are forgotten. `keyOf` names the argument (itself by default).
 */
export function boundedMemo<A, V>(max: number, compute: (arg: A) => V, keyOf: (arg: A) => unknown = (arg) => arg): (arg: A) => V {
  const kept = new Map<unknown, V>();
  return (arg: A): V => {
    const key = keyOf(arg);
    const found = kept.get(key);
    if (found !== undefined || kept.has(key)) return found as V;
    const value = compute(arg);
    if (kept.size >= max) kept.clear();
    kept.set(key, value);
    return value;
  };
}
