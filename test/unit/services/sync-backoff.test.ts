// The background sync's waits: exponential after each failure, capped, with jitter that never makes
// a retry immediate; and the loop that never runs two rounds at once, debounces a burst of
// commands into one round, backs off after failures and stops cleanly.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BACKOFF, retryDelayMs } from '../../../src/main/services/sync/backoff';
import { SyncLoop } from '../../../src/main/services/sync/sync-loop';

describe('retryDelayMs', () => {
  it('doubles from the base up to the cap, the jitter only in the upper half of each step', () => {
    const policy = { baseMs: 1_000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, 0, policy))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, 1, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(retryDelayMs(3, 0.5, policy)).toBe(3_000);
  });

  it('stays finite and within [step/2, cap] for absurd inputs', () => {
    for (const n of [0, -3, 1.7, 1e9, Number.MAX_SAFE_INTEGER]) {
      for (const r of [-1, 0, 0.3, 0.999, 2]) {
        const d = retryDelayMs(n, r);
        expect(Number.isFinite(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.baseMs / 2);
        expect(d).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
      }
    }
  });

  it('spreads desks that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, (_, i) => retryDelayMs(4, i / 50)));
    expect(delays.size).toBe(50);
  });
});

describe('SyncLoop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function counted(opts: { fail?: () => boolean; slowMs?: number } = {}) {
    let rounds = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const round = async () => {
      rounds++;
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((r) => setTimeout(r, opts.slowMs ?? 10));
      concurrent--;
      if (opts.fail?.()) throw new Error('offline');
    };
    return { round, rounds: () => rounds, maxConcurrent: () => maxConcurrent };
  }

  it('debounces a burst of commands into one round and never runs two at once', async () => {
    const c = counted({ slowMs: 500 });
    const loop = new SyncLoop({ round: c.round, mayRun: () => true, intervalMs: 60_000, debounceMs: 1_000, random: () => 0 });
    loop.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(c.rounds()).toBe(1);
    // Commands while the round runs: one more round after it, not one each.
    for (let i = 0; i < 10; i++) loop.kick();
    void loop.runNow();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(c.maxConcurrent()).toBe(1);
    expect(c.rounds()).toBeLessThanOrEqual(3);
    const before = c.rounds();
    for (let i = 0; i < 10; i++) {
      loop.kick();
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(2_000);
    expect(c.rounds()).toBe(before + 1);
    await loop.stop();
  });

  it('backs off after failures, keeps the wait through commands, and resets after a success', async () => {
    let failing = true;
    const c = counted({ fail: () => failing });
    const ends: unknown[] = [];
    const loop = new SyncLoop({ round: c.round, mayRun: () => true, intervalMs: 600_000, backoff: { baseMs: 1_000, maxMs: 8_000 }, random: () => 0, onRoundEnd: (e) => ends.push(e) });
    loop.start();
    await vi.advanceTimersByTimeAsync(20);
    expect(c.rounds()).toBe(1);
    expect(loop.failuresInARow).toBe(1);
    // Failure 1 → 500 ms; kicks during the wait do not shorten it.
    loop.kick();
    await vi.advanceTimersByTimeAsync(400);
    expect(c.rounds()).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(c.rounds()).toBe(2);
    // Failure 2 → 1 s, failure 3 → 2 s.
    await vi.advanceTimersByTimeAsync(1_020);
    expect(c.rounds()).toBe(3);
    await vi.advanceTimersByTimeAsync(2_020);
    expect(c.rounds()).toBe(4);
    expect(loop.failuresInARow).toBe(4);
    failing = false;
    await vi.advanceTimersByTimeAsync(4_020);
    expect(c.rounds()).toBe(5);
    expect(loop.failuresInARow).toBe(0);
    expect(ends.at(-1)).toBeNull();
    // Back on the ten-minute timer.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(c.rounds()).toBe(5);
    await loop.stop();
  });

  it('runs nothing while it may not (locked, signed out), and stop waits for the round under way', async () => {
    let may = false;
    const c = counted({ slowMs: 1_000 });
    const loop = new SyncLoop({ round: c.round, mayRun: () => may, intervalMs: 5_000 });
    loop.start();
    await vi.advanceTimersByTimeAsync(12_000);
    expect(c.rounds()).toBe(0);
    may = true;
    // The next timer tick (at 15 s) runs a round, which takes a second.
    await vi.advanceTimersByTimeAsync(3_010);
    expect(c.rounds()).toBe(1);
    expect(loop.isRunning).toBe(true);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(c.rounds()).toBe(1);
    expect(loop.isRunning).toBe(false);
  });
});
