// Hybrid logical clock (Kulkarni et al.): wall time in ms + a counter + the node id, encoded as
// a string that sorts in causal order. Every write stamps `updated_hlc` with it so that sync can
// order changes across devices whose clocks disagree.
export interface Hlc {
  wallMs: number;
  counter: number;
  node: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
/** A remote clock further ahead than this is refused: a device with a wrong date must not drag every clock forward. */
export const MAX_DRIFT_MS = 24 * 60 * 60 * 1000;

export function encodeHlc(h: Hlc): string {
  return `${String(h.wallMs).padStart(WALL_DIGITS, '0')}-${String(h.counter).padStart(COUNTER_DIGITS, '0')}-${h.node}`;
}

export function decodeHlc(s: string): Hlc {
  const m = /^([0-9]{15})-([0-9]{5})-(.+)$/.exec(s);
  if (!m) throw new RangeError(`bad HLC: ${s}`);
  return { wallMs: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}

export class HlcClock {
  private last: Hlc;
  constructor(
    private readonly node: string,
    private readonly now: () => number = Date.now,
    last?: string,
  ) {
    this.last = last ? decodeHlc(last) : { wallMs: 0, counter: 0, node };
  }

  /** A new timestamp for a local event. */
  tick(): string {
    const wall = this.now();
    if (wall > this.last.wallMs) this.last = { wallMs: wall, counter: 0, node: this.node };
    else this.last = { wallMs: this.last.wallMs, counter: this.last.counter + 1, node: this.node };
    if (this.last.counter >= 10 ** COUNTER_DIGITS) throw new RangeError('HLC counter overflow');
    return encodeHlc(this.last);
  }

  /** Merge a timestamp received from another node. */
  receive(remote: string): string {
    const r = decodeHlc(remote);
    const wall = this.now();
    if (r.wallMs - wall > MAX_DRIFT_MS) throw new RangeError('remote HLC too far in the future');
    const maxWall = Math.max(wall, this.last.wallMs, r.wallMs);
    let counter: number;
    if (maxWall === this.last.wallMs && maxWall === r.wallMs) counter = Math.max(this.last.counter, r.counter) + 1;
    else if (maxWall === this.last.wallMs) counter = this.last.counter + 1;
    else if (maxWall === r.wallMs) counter = r.counter + 1;
    else counter = 0;
    this.last = { wallMs: maxWall, counter, node: this.node };
    return encodeHlc(this.last);
  }

  current(): string {
    return encodeHlc(this.last);
  }
}
