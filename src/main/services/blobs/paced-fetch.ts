// A fetch that keeps the desk's document-file transfers under a bandwidth cap (bytes per second,
// both ways together), so a court office's shared line is not filled by a scan going up while
// clerks work. Request bodies wait for their turn before they leave; response bodies are read no
// faster than the cap. Written by hand: no library in package.json paces fetch, and the rule is
// a few lines (one shared clock of when the next byte may go).
import { sleep } from './abortable-sleep';

export interface Pace {
  /** Resolves once `bytes` more may go; later callers queue behind earlier ones. */
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

/** A pace of `bytesPerSecond`; a short burst (a quarter second's worth) goes at once after a pause. */
export function createPace(bytesPerSecond: number, now: () => number = Date.now): Pace {
  let nextFree = 0;
  const burstMs = 250;
  return {
    async take(bytes, signal) {
      // The schedule of bytes already let go; an idle line has at most a burst of budget saved up.
      const t = now();
      const start = Math.max(nextFree, t - burstMs);
      nextFree = start + (bytes / bytesPerSecond) * 1000;
      const wait = nextFree - t;
      if (wait > 0) await sleep(wait, signal);
    },
  };
}

/** `fetch`, with every body (up and down) paced by `pace`. */
export function pacedFetch(pace: Pace, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const signal = init?.signal ?? undefined;
    const body = init?.body;
    if (body instanceof Uint8Array) await pace.take(body.byteLength, signal);
    const res = await inner(input, init);
    if (!res.body) return res;
    const paced = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        async transform(chunk, controller) {
          await pace.take(chunk.byteLength, signal);
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(paced, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
