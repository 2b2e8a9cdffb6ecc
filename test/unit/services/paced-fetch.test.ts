// The bandwidth cap of document-file transfers, on fake timers (what is checked is the schedule the
// pace keeps, not how fast this machine is): bytes beyond a quarter second's burst wait their
// turn, both ways share one budget, and an abort ends a wait at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPace, pacedFetch } from '../../../src/main/services/blobs/paced-fetch';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether the promise has settled by now (after microtasks run). */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('a pace of 1000 bytes a second', () => {
  it('lets a quarter second go at once, then one byte a millisecond', async () => {
    const pace = createPace(1000);
    expect(await settled(pace.take(250))).toBe(true);
    const next = pace.take(500);
    expect(await settled(next)).toBe(false);
    await vi.advanceTimersByTimeAsync(499);
    expect(await settled(next)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(next)).toBe(true);
  });

  it('after a pause the budget is a burst again, not the whole pause', async () => {
    const pace = createPace(1000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await settled(pace.take(250))).toBe(true);
    expect(await settled(pace.take(100))).toBe(false);
  });

  it('an abort ends the wait with the reason', async () => {
    const pace = createPace(1000);
    await pace.take(250);
    const abort = new AbortController();
    const waiting = pace.take(5_000, abort.signal);
    abort.abort(new Error('signed out'));
    await expect(waiting).rejects.toThrow('signed out');
  });

  it('paces a request body before it leaves and a response body as it is read, from one budget', async () => {
    const sent: number[] = [];
    const inner: typeof fetch = async (_input, init) => {
      sent.push(Date.now());
      expect(init?.body).toBeInstanceOf(Uint8Array);
      return new Response(new Uint8Array(750), { status: 200 });
    };
    const paced = pacedFetch(createPace(1000), inner);
    const res = paced('http://127.0.0.1/v1/blobs/uploads/x', { method: 'PATCH', body: new Uint8Array(250) });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([1_000_000]);
    const reading = (await res).arrayBuffer();
    expect(await settled(reading)).toBe(false);
    await vi.advanceTimersByTimeAsync(750);
    expect(await settled(reading)).toBe(true);
    expect((await reading).byteLength).toBe(750);
  });
});
