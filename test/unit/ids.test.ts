// Ids are UUIDv7, strictly increasing within a process, and carry the time they were made.
import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from '../../src/shared/ids';

const msOf = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

describe('newId', () => {
  it('makes RFC 9562 version-7 ids in the variant 10 layout', () => {
    const id = newId();
    expect(id).toMatch(ID_PATTERN);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('sorts 200,000 ids made in a burst in the order they were made, with no repeat', () => {
    let prev = newId();
    const seen = new Set<string>([prev]);
    for (let i = 0; i < 200_000; i++) {
      const id = newId();
      expect(id > prev).toBe(true);
      seen.add(id);
      prev = id;
    }
    expect(seen.size).toBe(200_001);
  });

  it('keeps the timestamp honest in a burst (no drift beyond a few ms) and never goes back with the clock', () => {
    const before = Date.now();
    let id = '';
    for (let i = 0; i < 50_000; i++) id = newId();
    const after = Date.now();
    expect(msOf(id)).toBeGreaterThanOrEqual(before);
    expect(msOf(id)).toBeLessThanOrEqual(after + 13); // 50,000 ids need at most ~13 borrowed ms
    const earlier = newId(before - 60_000); // the wall clock stepped back a minute
    expect(earlier > id).toBe(true);
  });

  it('counts past 4096 ids within one millisecond by borrowing the next one', () => {
    const t = Date.now() + 10_000;
    const ids = Array.from({ length: 10_000 }, () => newId(t));
    expect([...ids].sort()).toEqual(ids);
    expect(msOf(ids[0]!)).toBeGreaterThanOrEqual(t);
    expect(msOf(ids.at(-1)!)).toBeLessThanOrEqual(t + 10);
  });
});
