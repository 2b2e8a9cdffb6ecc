// The parties summary as stored and read back: a list, so a name holding " / " stays whole.
import { describe, expect, it } from 'vitest';
import { decodePartiesSummary, encodePartiesSummary, partiesSummaryText } from '../../../src/shared/parties-summary';
import { isNameText } from '../../../src/shared/text-rules';

describe('the parties summary', () => {
  it('gives back the names it was given, a name holding " / " whole', () => {
    for (const names of [
      ['Société Atlas Transport / succursale de Casablanca', 'محمد بناني'],
      ['شركة الأطلس للنقل / فرع الدار البيضاء'],
      ['A / B / C', 'D'],
      [],
    ]) {
      expect(decodePartiesSummary(encodePartiesSummary(names))).toEqual(names);
    }
  });

  it('reads a summary stored as joined text by an earlier release, and an empty one', () => {
    expect(decodePartiesSummary('محمد بناني / شركة الأطلس')).toEqual(['محمد بناني', 'شركة الأطلس']);
    expect(decodePartiesSummary('Karim Tazi')).toEqual(['Karim Tazi']);
    expect(decodePartiesSummary('')).toEqual([]);
    // Joined text cannot pass for a list: no name may begin with "[" or hold a quote.
    expect(isNameText('[')).toBe(false);
    expect(isNameText('"')).toBe(false);
  });

  it('is shown as one line with " / " between the names', () => {
    expect(partiesSummaryText(['محمد بناني', 'Société Atlas / Casablanca'])).toBe('محمد بناني / Société Atlas / Casablanca');
  });
});
