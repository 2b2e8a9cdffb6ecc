// Ids that sort in the order they were made, even several within one millisecond: UUIDv7's random
// tail does not guarantee that, and "newest first" lists and "first plaintiff" rely on id order.
// Never use this for anything but new row ids.
import { newId } from '../shared/ids';

let last = '';

function msOf(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/** A UUIDv7 strictly greater than every id this process made before. */
export function nextId(now: number = Date.now()): string {
  const lastMs = last === '' ? 0 : msOf(last);
  let id = newId(Math.max(now, lastMs));
  // Same millisecond and a smaller random tail: move one millisecond on (at most a few per burst).
  if (id <= last) id = newId(lastMs + 1);
  last = id;
  return id;
}
