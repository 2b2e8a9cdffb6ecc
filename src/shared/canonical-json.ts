// Canonical JSON for hashing (audit chain): keys sorted, no whitespace, only JSON values.
// Hand-written because the hash chain must not change with a library upgrade; it follows
// RFC 8785's key ordering for the ASCII keys we use.
//
// Two ways to the same bytes. canonicalJsonByHand walks the value and writes every token itself:
// it is the definition. canonicalJson, which every command's audit entry goes through, copies the
// value with each object's keys inserted in sorted order and lets the engine's JSON.stringify
// write it, about a third faster; it does so only for values where JSON.stringify provably writes
// the same bytes (plain objects and arrays of strings, finite numbers, booleans and null, no key
// that the engine would reorder), and hands anything else to canonicalJsonByHand. A property test
// holds the two equal.
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function canonicalJsonByHand(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite number in canonical JSON');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    // A hole stays empty, as map/join always wrote it: the bytes hashed must never change.
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (i in value ? canonicalJsonByHand(value[i]) : '');
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    let out = '{';
    for (const k of keys) {
      const v = obj[k];
      if (v === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(k)}:${canonicalJsonByHand(v)}`;
    }
    return `${out}}`;
  }
  throw new TypeError(`cannot canonicalize ${typeof value}`);
}

const NOT_PLAIN: unique symbol = Symbol('not plain JSON');

/** Array-index keys ("0", "42"): engines list them first, in numeric order, whatever the insertion order. */
function isArrayIndexKey(k: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(k) && Number(k) < 4294967295;
}

/** The value with every object's keys in sorted insertion order, or NOT_PLAIN when JSON.stringify could write it otherwise. */
function sortedCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        if (Object.hasOwn(value, 'toJSON')) return NOT_PLAIN;
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
          // A hole: canonicalJsonByHand writes nothing there, JSON.stringify writes null.
          if (!(i in value)) return NOT_PLAIN;
          const v: unknown = value[i];
          if (v === undefined) {
            out[i] = null;
            continue;
          }
          const c = sortedCopy(v);
          if (c === NOT_PLAIN) return NOT_PLAIN;
          out[i] = c;
        }
        return out;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        if (k === '__proto__' || k === 'toJSON' || isArrayIndexKey(k)) return NOT_PLAIN;
        const v = obj[k];
        if (v === undefined) continue;
        const c = sortedCopy(v);
        if (c === NOT_PLAIN) return NOT_PLAIN;
        out[k] = c;
      }
      return out;
    }
    default:
      return NOT_PLAIN;
  }
}

export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  const copy = sortedCopy(value);
  return copy === NOT_PLAIN ? canonicalJsonByHand(value) : JSON.stringify(copy);
}
