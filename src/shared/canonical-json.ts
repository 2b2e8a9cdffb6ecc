// Canonical JSON for hashing (audit chain): keys sorted, no whitespace, only JSON values.
// Hand-written because it is 20 lines and the hash chain must not change with a library
// upgrade; it follows RFC 8785's key ordering for the ASCII keys we use.
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Whether JSON.stringify would escape anything in `s`: a quote, a backslash, a control character
 * or a surrogate (a lone one is escaped; a well-formed pair is simply left to JSON.stringify too).
 */
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

function quoted(s: string): string {
  // Most strings need no escape: quoting them by hand skips a call into JSON.stringify.
  return needsEscape(s) ? JSON.stringify(s) : `"${s}"`;
}

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite number in canonical JSON');
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
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
      out += `${out.length === 1 ? '' : ','}${quoted(k)}:${canonicalJson(v)}`;
    }
    return `${out}}`;
  }
  throw new TypeError(`cannot canonicalize ${typeof value}`);
}
