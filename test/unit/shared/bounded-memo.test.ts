// boundedMemo (src/shared/bounded-memo.ts): computed once per key, null and undefined answers
// kept like any other, named by keyOf when given, and never more than `max` keys held.
import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../../src/shared/bounded-memo';

function counted<A, V>(f: (a: A) => V) {
  const calls: A[] = [];
  return { calls, f: (a: A) => (calls.push(a), f(a)) };
}

describe('boundedMemo', () => {
  it('computes each key once, and answers the same value after', () => {
    const upper = counted((s: string) => ({ s: s.toUpperCase() }));
    const memo = boundedMemo(10, upper.f);
    const first = memo('abc');
    expect(memo('abc')).toBe(first);
    expect(memo('xyz')).toEqual({ s: 'XYZ' });
    expect(upper.calls).toEqual(['abc', 'xyz']);
  });

  it('keeps null and undefined answers: a file with no expiry is not read again', () => {
    const none = counted((_: string): string | null | undefined => (_ === 'n' ? null : undefined));
    const memo = boundedMemo(10, none.f);
    expect([memo('n'), memo('n'), memo('u'), memo('u')]).toEqual([null, null, undefined, undefined]);
    expect(none.calls).toEqual(['n', 'u']);
  });

  it('names an argument by keyOf: equal keys share one answer', () => {
    const length = counted((b: { id: string; n: number }) => b.n);
    const memo = boundedMemo(10, length.f, (b) => b.id);
    expect(memo({ id: 'a', n: 1 })).toBe(1);
    expect(memo({ id: 'a', n: 2 })).toBe(1);
    expect(length.calls).toHaveLength(1);
  });

  it('forgets everything when full, so it never holds more than max keys', () => {
    const id = counted((n: number) => n);
    const memo = boundedMemo(3, id.f);
    for (const n of [1, 2, 3]) memo(n);
    expect(id.calls).toEqual([1, 2, 3]);
    memo(4); // full: forgets 1-3, keeps 4
    memo(4);
    memo(1);
    expect(id.calls).toEqual([1, 2, 3, 4, 1]);
    // Held so far: 4 and 1; a stream of new keys never needs more than 3 computations per 3 keys.
    for (let n = 10; n < 1_000; n++) memo(n);
    const before = id.calls.length;
    memo(999);
    expect(id.calls.length).toBe(before);
  });
});
