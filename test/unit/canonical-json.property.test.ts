// canonicalJson (the fast way, through JSON.stringify) must write exactly the bytes of
// canonicalJsonByHand (the definition) for every value, or the audit chain's hashes would change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonByHand } from '../../src/shared/canonical-json';

function same(value: unknown): void {
  let expected: string | Error;
  try {
    expected = canonicalJsonByHand(value);
  } catch (err) {
    expected = err as Error;
  }
  if (expected instanceof Error) expect(() => canonicalJson(value)).toThrow(expected.constructor as new () => Error);
  else expect(canonicalJson(value)).toBe(expected);
}

describe('canonicalJson', () => {
  it('writes what the hand-written definition writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        same(v);
      }),
      { numRuns: 3000 },
    );
  });

  it('and for anything else a value may hold: undefined, -0, NaN, holes, digit keys, odd prototypes', () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withSparseArray: true, withNullPrototype: true, withObjectString: true }), (v) => {
        same(v);
      }),
      { numRuns: 3000 },
    );
  });

  it('keys that an engine orders on its own are still written in code-unit order', () => {
    const v = { b: 1, 10: 'ten', 9: 'nine', a: [undefined, { z: null, y: -0 }], '01': 'x', é: true, Z: 'upper' };
    expect(canonicalJson(v)).toBe('{"01":"x","10":"ten","9":"nine","Z":"upper","a":[null,{"y":0,"z":null}],"b":1,"é":true}');
    same(v);
    // eslint-disable-next-line no-sparse-arrays
    same([1, , 3]);
    same({ toJSON: () => 'no' });
    same(Object.assign(Object.create(null) as object, { b: 2, a: 1 }));
    same(new Date(0));
  });
});
