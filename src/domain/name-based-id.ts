// Ids of records that must be the same on every desk that makes them: a page's correction, a
// judgment's signature at one step. Two desks making one such record offline then create the same
// row, so the second push meets it as a stale version or a refusal, never as a second row that sync
// could not place beside the first (a unique key the pull would trip over).
import { createHash } from 'node:crypto';

/** A UUID-shaped id (version 8: name-based, our own hash) derived from `name`; passes the id pattern. */
export function nameBasedId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
