// Latency statistics for the benchmark: percentiles by linear interpolation between closest ranks
// (Hyndman & Fan type 7, numpy's default) over raw samples. Never averages percentiles or drops
// outliers: a slow call is exactly what the benchmark is for.

export interface LatencySummary {
  n: number;
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** p in [0, 100]. The samples need not be sorted; the input array is not modified. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile out of range: ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  if (samplesMs.length === 0) throw new RangeError('summary of no samples');
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    n: sorted.length,
    minMs: round(sorted[0]!),
    p50Ms: round(percentileOfSorted(sorted, 50)),
    p95Ms: round(percentileOfSorted(sorted, 95)),
    p99Ms: round(percentileOfSorted(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1]!),
    meanMs: round(sum / sorted.length),
  };
}

/** Milliseconds since `start` (a process.hrtime.bigint() reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Three decimals: microsecond resolution is all a millisecond figure needs. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Times each call of `fn` over `inputs` after `warmup` untimed calls (cycled from the inputs). */
export async function timeEach<T>(inputs: readonly T[], fn: (input: T) => unknown, warmup: number): Promise<number[]> {
  return (await timeEachWithResults(inputs, fn, warmup)).samples;
}

/** As timeEach, also keeping what each timed call returned (to check the calls did real work). */
export async function timeEachWithResults<T, R>(
  inputs: readonly T[],
  fn: (input: T) => R | Promise<R>,
  warmup: number,
): Promise<{ samples: number[]; results: R[] }> {
  for (let i = 0; i < warmup; i++) await fn(inputs[i % inputs.length]!);
  const samples: number[] = [];
  const results: R[] = [];
  for (const input of inputs) {
    const t0 = process.hrtime.bigint();
    const r = await fn(input);
    samples.push(msSince(t0));
    results.push(r);
  }
  return { samples, results };
}
