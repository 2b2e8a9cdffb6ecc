// How long the background sync waits after failed rounds (ARCHITECTURE §4): exponential, capped,
// with jitter so that desks cut off together do not all come back at the same second. "Equal
// jitter": half the step is kept, the other half drawn, so a retry is never immediate.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };

/** The wait after `failures` failed rounds in a row (1 = the first failure); `random` in [0, 1). */
export function retryDelayMs(failures: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const n = Math.max(1, Math.floor(failures));
  // 2^30 already passes any cap: keep the power finite.
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}
