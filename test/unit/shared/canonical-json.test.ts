// Canonical JSON is what the audit chain hashes: its bytes must never change. Strings are quoted
// by hand when nothing in them needs an escape, so every string — any UTF-16 code unit, lone
// surrogates and control characters included — must come out exactly as JSON.stringify writes it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/shared/canonical-json';

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
const anyString = fc.oneof(fc.string({ unit: anyCodeUnit }), fc.string({ unit: 'grapheme' }), fc.string());

describe('canonicalJson', () => {
  it('writes every string as JSON.stringify does', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(canonicalJson(s)).toBe(JSON.stringify(s));
      }),
      { numRuns: 2000 },
    );
    for (const s of ['', '"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', '😀', 'a\ud83dz', 'محمد', 'é'])
      expect(canonicalJson(s)).toBe(JSON.stringify(s));
  });

  it('writes objects with their keys sorted, each key and value as JSON.stringify writes it', () => {
    fc.assert(
      fc.property(fc.dictionary(anyString, fc.oneof(anyString, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 8 }), (obj) => {
        // Built by hand: an object literal would put integer-like keys first whatever their order.
        const sorted = `{${Object.keys(obj)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${JSON.stringify(obj[k])}`)
          .join(',')}}`;
        expect(canonicalJson(obj)).toBe(sorted);
        expect(canonicalJson([obj, [obj]])).toBe(`[${sorted},[${sorted}]]`);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out undefined members, writes undefined alone as null and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: [true, false, null] })).toBe('{"b":1,"c":[true,false,null]}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });
});
