// A party on a case: a name in at least one script, each name in its own script, and a CIN that
// looks like a CIN (persons only). Stored forms are normalized the way a clerk would expect.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CIN_PATTERN, checkNewParty, normalizeNationalId, partySearchText } from '../../../src/domain/rules/party';
import { AppError } from '../../../src/shared/errors';

function ruleOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as AppError).i18nKey;
  }
  return undefined;
}

describe('party rules', () => {
  it('accepts a person with both names and a CIN typed in lower case with spaces', () => {
    expect(checkNewParty({ kind: 'person', nameAr: 'فاطمة الزهراء', nameLatin: 'Fatima Zahra', nationalId: ' bk 12345 ' }, ['p'])).toEqual({
      kind: 'person',
      nameAr: 'فاطمة الزهراء',
      nameLatin: 'Fatima Zahra',
      nationalId: 'BK12345',
    });
  });

  it('accepts a CIN typed with Arabic-Indic digits', () => {
    expect(normalizeNationalId('A ١٢٣٤٥٦')).toBe('A123456');
  });

  it('a party with no name in either script is refused', () => {
    expect(ruleOf(() => checkNewParty({ kind: 'person' }, []))).toBe('errors.rule.partyNameRequired');
  });

  it('an Arabic name typed in Latin letters is refused', () => {
    expect(ruleOf(() => checkNewParty({ kind: 'person', nameAr: 'Mohammed' }, []))).toBe('errors.rule.partyNameArNotArabic');
  });

  it('a Latin name typed in Arabic letters is refused', () => {
    expect(ruleOf(() => checkNewParty({ kind: 'person', nameLatin: 'محمد' }, []))).toBe('errors.rule.partyNameLatinNotLatin');
  });

  it('two names typed in each other\'s field are reported as swapped', () => {
    expect(ruleOf(() => checkNewParty({ kind: 'person', nameAr: 'Mohammed Bennani', nameLatin: 'محمد بناني' }, []))).toBe(
      'errors.rule.partyNamesSwapped',
    );
  });

  it('a name of digits only is not a name in any script', () => {
    expect(ruleOf(() => checkNewParty({ kind: 'person', nameAr: '12345' }, []))).toBe('errors.rule.partyNameArNotArabic');
  });

  it.each(['123456', 'ABC123', 'A1234567', 'A-12345', 'É12345'])('CIN %s is refused', (cin) => {
    expect(ruleOf(() => checkNewParty({ kind: 'person', nameAr: 'محمد', nationalId: cin }, []))).toBe('errors.rule.nationalIdFormat');
  });

  it('an organisation has no national ID', () => {
    expect(ruleOf(() => checkNewParty({ kind: 'organisation', nameAr: 'شركة الأطلس', nationalId: 'AB123' }, []))).toBe(
      'errors.rule.nationalIdForOrganisation',
    );
  });

  it('the rule error points at the field of the party in the args', () => {
    try {
      checkNewParty({ kind: 'person', nameLatin: 'محمد' }, ['parties', 1, 'party', 'newParty']);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).fields?.[0]?.path).toEqual(['parties', 1, 'party', 'newParty', 'nameLatin']);
    }
  });

  it('the search text holds both names and the CIN, normalized', () => {
    expect(partySearchText('مُحَمَّد بنّاني', 'Hélène Benani', null)).toBe('محمد بناني helene benani');
    expect(partySearchText(null, 'Atlas', null)).toBe('atlas');
    expect(partySearchText('محمد', null, 'AB123456')).toBe('محمد ab123456');
  });

  it('a stored CIN lowered is exactly what normalization makes of it (migration 0007 relies on it)', () => {
    fc.assert(
      fc.property(fc.stringMatching(CIN_PATTERN), (cin) => {
        expect(partySearchText('اسم', null, cin)).toBe(`${partySearchText('اسم', null, null)} ${cin.toLowerCase()}`);
      }),
    );
  });
});
