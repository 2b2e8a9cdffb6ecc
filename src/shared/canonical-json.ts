// Canonical JSON for hashing (audit chain): keys sorted, no whitespace, only JSON values.
// Hand-written because it is 20 lines and the hash chain must not change with a library
// upgrade; it follows RFC 8785's key ordering for the ASCII keys we use.
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite number in canonical JSON');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  // Plain loops rather than map/filter/join: every command's audit entry goes through here.
  if (Array.isArray(value)) {
    let out = '[';
    // A hole stays empty, as map/join always wrote it: the bytes hashed must never change.
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (i in value ? canonicalJson(value[i]) : '');
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    let out = '{';
    for (const k of keys) {
      const v = obj[k];
      if (v === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    }
    return `${out}}`;
  }
  throw new TypeError(`cannot canonicalize ${typeof value}`);
}
