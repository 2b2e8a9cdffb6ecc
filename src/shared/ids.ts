// The one ID scheme: UUIDv7 (RFC 9562) — time-ordered, so new rows land at the end of B-tree
// indexes, and random enough to be created offline on any device without coordination.
// Within a process ids are strictly increasing (RFC 9562 §6.2 method 1: a 12-bit counter in
// rand_a, seeded randomly each millisecond), because "newest first" lists and "first plaintiff"
// rely on id order even for several ids made in the same millisecond. Random bytes come from a
// pool (one Web Crypto call per 256 ids, not one per id). Uses Web Crypto: Node and renderer alike.
const POOL_IDS = 256;
const pool = new Uint8Array(POOL_IDS * 8);
let poolAt = pool.length;

function randomBytes(n: number): Uint8Array {
  if (poolAt + n > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return out;
}

let lastMs = -1;
let counter = 0;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function newId(now: number = Date.now()): string {
  let ms = Math.max(now, lastMs);
  if (ms === lastMs) {
    counter++;
    // 4096 ids in one millisecond: borrow the next millisecond rather than repeat or go back.
    if (counter > 0xfff) {
      ms++;
      counter = randomBytes(1)[0]! & 0x3ff;
    }
  } else {
    // Seeded low in its range so a burst has room to count up within the millisecond.
    const r = randomBytes(2);
    counter = ((r[0]! << 8) | r[1]!) & 0x3ff;
  }
  lastMs = ms;
  const b = new Uint8Array(16);
  for (let i = 0; i < 6; i++) b[i] = Math.floor(ms / 2 ** (8 * (5 - i))) & 0xff;
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b.set(randomBytes(8), 8);
  b[8] = (b[8]! & 0x3f) | 0x80;
  let h = '';
  for (let i = 0; i < 16; i++) h += HEX[b[i]!];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
