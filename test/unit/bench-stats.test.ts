// The benchmark's percentiles must be right, or a missed target could read as a pass.
import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../bench/stats';

describe('benchmark percentiles', () => {
  it('interpolate between closest ranks as numpy does (type 7)', () => {
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(oneToHundred, 50)).toBeCloseTo(50.5, 10);
    expect(percentile(oneToHundred, 95)).toBeCloseTo(95.05, 10);
    expect(percentile(oneToHundred, 99)).toBeCloseTo(99.01, 10);
    expect(percentile(oneToHundred, 0)).toBe(1);
    expect(percentile(oneToHundred, 100)).toBe(100);
  });

  it('do not depend on the order the samples were taken in, and leave the samples alone', () => {
    const samples = [9, 1, 5, 3, 7];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 25)).toBe(3);
    expect(samples).toEqual([9, 1, 5, 3, 7]);
  });

  it('show a slow 2% of calls in p99 but not in p95, and the slowest in max', () => {
    const samples = [...Array.from({ length: 196 }, () => 2), 500, 500, 500, 800];
    const s = summarize(samples);
    expect(s.n).toBe(200);
    expect(s.p50Ms).toBe(2);
    expect(s.p95Ms).toBe(2);
    expect(s.p99Ms).toBe(500);
    expect(s.maxMs).toBe(800);
    expect(s.meanMs).toBeCloseTo((196 * 2 + 2300) / 200, 3);
  });

  it('refuse to summarize nothing or a percentile outside 0–100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(RangeError);
  });
});
