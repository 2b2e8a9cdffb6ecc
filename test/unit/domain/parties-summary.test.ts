// The registry line "plaintiff side / defendant side": the first active party of each side, Arabic
// name preferred.
import { describe, expect, it } from 'vitest';
import { summarizeParties } from '../../../src/domain';

describe('parties summary', () => {
  it('shows the first claimant and the first respondent, Arabic name first', () => {
    expect(
      summarizeParties([
        { role: 'intervener', name_ar: 'المتدخل', name_latin: null },
        { role: 'plaintiff', name_ar: 'محمد بناني', name_latin: 'Mohammed Bennani' },
        { role: 'plaintiff', name_ar: 'سعاد بناني', name_latin: null },
        { role: 'defendant', name_ar: null, name_latin: 'Société Atlas' },
      ]),
    ).toBe('محمد بناني / Société Atlas');
  });

  it('a criminal case reads civil party / accused', () => {
    expect(
      summarizeParties([
        { role: 'accused', name_ar: 'يوسف', name_latin: null },
        { role: 'civil_party', name_ar: 'ليلى', name_latin: null },
      ]),
    ).toBe('ليلى / يوسف');
  });

  it('with one side only, shows that side alone; with none, nothing', () => {
    expect(summarizeParties([{ role: 'appellant', name_ar: 'كريم', name_latin: null }])).toBe('كريم');
    expect(summarizeParties([{ role: 'victim', name_ar: 'كريم', name_latin: null }])).toBe('');
  });
});
