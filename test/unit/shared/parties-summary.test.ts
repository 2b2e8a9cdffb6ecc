// The parties summary as stored and read back: the names joined by " / " as every release stored
// them, a name holding " / " kept whole (its slash held by no-break spaces) and given back as typed.
import { describe, expect, it } from 'vitest';
import { decodePartiesSummary, encodePartiesSummary, partiesSummaryText } from '../../../src/shared/parties-summary';
import { optionalText } from '../../../src/shared/schemas/common';

describe('the parties summary', () => {
  it('gives back the names it was given, a name holding " / " whole', () => {
    for (const names of [
      ['Société Atlas Transport / succursale de Casablanca', 'محمد بناني'],
      ['شركة الأطلس للنقل / فرع الدار البيضاء'],
      ['A / B / C', 'D'],
      ['محمد بناني', 'Société Atlas'],
      [],
    ]) {
      expect(decodePartiesSummary(encodePartiesSummary(names))).toEqual(names);
    }
  });

  it('is stored as the joined text earlier releases stored and read, the held slash reading the same', () => {
    expect(encodePartiesSummary(['محمد بناني', 'Société Atlas'])).toBe('محمد بناني / Société Atlas');
    const held = encodePartiesSummary(['Atlas / Casablanca', 'Karim Tazi']);
    // What a desk one release behind does with it: split at " / ", and show each part.
    expect(held.split(' / ')).toEqual(['Atlas\u00a0/\u00a0Casablanca', 'Karim Tazi']);
    expect(held.replace(/\u00a0/g, ' ')).toBe('Atlas / Casablanca / Karim Tazi');
  });

  it('reads a summary stored before, and an empty one', () => {
    expect(decodePartiesSummary('محمد بناني / شركة الأطلس')).toEqual(['محمد بناني', 'شركة الأطلس']);
    expect(decodePartiesSummary('Karim Tazi')).toEqual(['Karim Tazi']);
    expect(decodePartiesSummary('')).toEqual([]);
  });

  it('no typed name holds the no-break spaces that mark a held slash', () => {
    // A party's name goes through the names' text rule, which turns every space into a plain one.
    expect(optionalText(200, { name: true }).parse('Atlas\u00a0/\u00a0Casablanca')).toBe('Atlas / Casablanca');
  });

  it('is shown as one line with " / " between the names', () => {
    expect(partiesSummaryText(['محمد بناني', 'Société Atlas / Casablanca'])).toBe('محمد بناني / Société Atlas / Casablanca');
  });
});
