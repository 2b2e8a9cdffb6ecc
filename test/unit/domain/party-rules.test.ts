// A party on a case: a name in at least one script, each name in its own script, a CIN that looks
// like a CIN (persons only), a lawyer's bar number only with the lawyer, no invisible or emoji
// characters. The contract's schema says all of it at once, with the field of each problem, the
// same in the form and in the domain. Stored forms are normalized the way a clerk would expect.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partySearchText } from '../../../src/domain/rules/party';
import { validationError } from '../../../src/shared/errors';
import { LIMITS } from '../../../src/shared/schemas/common';
import { commandSchemas } from '../../../src/shared/schemas/commands';
import { CIN_PATTERN, casePartyInputSchema, nameScriptWarnings, newPartySchema, normalizeNationalId } from '../../../src/shared/schemas/party';

/** Each problem as `path: i18nKey`, as the form and the IPC error show them. */
function problems(schema: { safeParse: (v: unknown, o?: object) => { success: boolean; error?: unknown } }, value: unknown): string[] {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return [];
  return validationError(r.error as never).fields!.map((f) => `${f.path.join('.')}: ${f.i18nKey}`);
}

describe('a new party, as the contract checks it', () => {
  it('accepts a person with both names, an address, a telephone and a CIN typed in lower case with spaces', () => {
    expect(
      newPartySchema.parse({ kind: 'person', nameAr: ' فاطمة  الزهراء ', nameLatin: 'Fatima Zahra', nationalId: ' bk 12345 ', address: '12, زنقة فاس، الرباط', phone: '06 12-34.56 78' }),
    ).toEqual({ kind: 'person', nameAr: 'فاطمة الزهراء', nameLatin: 'Fatima Zahra', nationalId: 'BK12345', address: '12, زنقة فاس، الرباط', phone: '0612345678' });
  });

  it('accepts a CIN typed with Arabic-Indic digits', () => {
    expect(normalizeNationalId('A ١٢٣٤٥٦')).toBe('A123456');
  });

  it('a party with no name in either script is refused at the Arabic name', () => {
    expect(problems(newPartySchema, { kind: 'person' })).toEqual(['nameAr: errors.rule.partyNameRequired']);
    expect(problems(newPartySchema, { kind: 'person', nameAr: '   ', nameLatin: '' })).toEqual(['nameAr: errors.rule.partyNameRequired']);
  });

  it('an Arabic name typed in Latin letters, and a Latin name in Arabic letters, are refused at their fields', () => {
    expect(problems(newPartySchema, { kind: 'person', nameAr: 'Mohammed' })).toEqual(['nameAr: errors.rule.partyNameArNotArabic']);
    expect(problems(newPartySchema, { kind: 'person', nameLatin: 'محمد' })).toEqual(['nameLatin: errors.rule.partyNameLatinNotLatin']);
  });

  it('two names typed in each other\'s field are reported as swapped', () => {
    expect(problems(newPartySchema, { kind: 'person', nameAr: 'Mohammed Bennani', nameLatin: 'محمد بناني' })).toEqual(['nameAr: errors.rule.partyNamesSwapped']);
  });

  it('a name of digits only is not a name in any script', () => {
    expect(problems(newPartySchema, { kind: 'person', nameAr: '12345' })).toEqual(['nameAr: errors.rule.partyNameArNotArabic']);
  });

  it.each(['123456', 'ABC123', 'A1234567', 'A-12345', 'É12345'])('CIN %s is refused', (cin) => {
    expect(problems(newPartySchema, { kind: 'person', nameAr: 'محمد', nationalId: cin })).toEqual(['nationalId: errors.rule.nationalIdFormat']);
  });

  it('an organisation has no national ID', () => {
    expect(problems(newPartySchema, { kind: 'organisation', nameAr: 'شركة الأطلس', nationalId: 'AB123' })).toEqual(['nationalId: errors.rule.nationalIdForOrganisation']);
  });

  it('a right-to-left override, a zero-width space, a control character or a lone surrogate never reaches a name', () => {
    // …nor a noncharacter or a variation selector (a name that reads the same must compare the same).
    for (const bad of ['abc\u202Edef', 'محمد\u200Bبناني', 'Ali\u0007', 'Ali\uD800', 'محمد\u2067بناني\u2069', 'Ali\nBaba', 'Ali\uFFFF', 'Moha\uFE0Fmed']) {
      expect(problems(newPartySchema, { kind: 'person', nameLatin: bad, nameAr: 'علي' })).toEqual(['nameLatin: errors.field.invisibleCharacters']);
    }
  });

  it('no-break and other wide spaces in a name become one plain space, as runs of spaces do', () => {
    const parsed = newPartySchema.parse({ kind: 'person', nameLatin: 'Mohamed\u00A0\u00A0El\u2003 Alaoui', nameAr: 'محمد\u00A0العلوي' });
    expect(parsed).toMatchObject({ nameLatin: 'Mohamed El Alaoui', nameAr: 'محمد العلوي' });
  });

  it('emoji, symbols and markup are not part of a name', () => {
    for (const bad of ['محمد 😀', 'Ali <b>', 'Ali; DROP', 'Ali ©']) {
      const field = /[\u0600-\u06FF]/.test(bad) ? 'nameAr' : 'nameLatin';
      expect(problems(newPartySchema, { kind: 'person', [field]: bad })).toEqual([`${field}: errors.field.nameCharacters`]);
    }
    expect(problems(newPartySchema, { kind: 'organisation', nameLatin: "Société d'Aménagement (S.A.) & Fils - 2M" })).toEqual([]);
  });

  it('a telephone number is digits with an optional +', () => {
    expect(newPartySchema.parse({ kind: 'person', nameAr: 'علي', phone: '+212 6 12 34 56 78' }).phone).toBe('+212612345678');
    expect(newPartySchema.parse({ kind: 'person', nameAr: 'علي', phone: '٠٦١٢٣٤٥٦٧٨' }).phone).toBe('0612345678');
    for (const bad of ['06-ab-12', '12345', '+2126123456789012', '06 12 34 56 78 ext 3']) {
      expect(problems(newPartySchema, { kind: 'person', nameAr: 'علي', phone: bad })).toEqual(['phone: errors.field.phoneFormat']);
    }
  });

  it('every problem of a party at once, each at its field', () => {
    expect(problems(newPartySchema, { kind: 'organisation', nameAr: 'Atlas 😀', nationalId: 'X', phone: 'abc' }).sort()).toEqual(
      ['nameAr: errors.field.nameCharacters', 'nationalId: errors.rule.nationalIdForOrganisation', 'phone: errors.field.phoneFormat'].sort(),
    );
  });
});

describe('a party on a case: the lawyer', () => {
  const party = { newParty: { kind: 'person', nameAr: 'علي' } };

  it('a bar number needs the lawyer\'s name, and is made of digits (-5 is refused)', () => {
    expect(problems(casePartyInputSchema, { party, role: 'plaintiff', lawyerBarNumber: '1234' })).toEqual(['lawyerName: errors.rule.barNumberWithoutLawyer']);
    expect(problems(casePartyInputSchema, { party, role: 'plaintiff', lawyerName: 'ذ. أحمد', lawyerBarNumber: '-5' })).toEqual(['lawyerBarNumber: errors.field.barNumberFormat']);
    expect(problems(casePartyInputSchema, { party, role: 'plaintiff', lawyerBarNumber: '-5' }).sort()).toEqual(
      ['lawyerBarNumber: errors.field.barNumberFormat', 'lawyerName: errors.rule.barNumberWithoutLawyer'].sort(),
    );
    expect(casePartyInputSchema.parse({ party, role: 'plaintiff', lawyerName: 'ذ. أحمد', lawyerBarNumber: '١٢٣٤' }).lawyerBarNumber).toBe('1234');
  });

  it('a bar number has one limit, LIMITS.barNumber digits: one digit more is "too long", never "digits only"', () => {
    const lawyer = { party, role: 'plaintiff', lawyerName: 'ذ. أحمد' };
    expect(problems(casePartyInputSchema, { ...lawyer, lawyerBarNumber: '1'.repeat(LIMITS.barNumber) })).toEqual([]);
    for (const length of [LIMITS.barNumber + 1, LIMITS.barNumber + 2, 500]) {
      const r = casePartyInputSchema.safeParse({ ...lawyer, lawyerBarNumber: '1'.repeat(length) }, { reportInput: true });
      const fields = validationError(r.error as never).fields!;
      expect(fields).toEqual([{ path: ['lawyerBarNumber'], i18nKey: 'errors.field.tooLong', params: { max: LIMITS.barNumber } }]);
    }
  });

  it('a party is either an existing one or a new one, never both or neither', () => {
    expect(problems(casePartyInputSchema, { party: {}, role: 'plaintiff' })).toEqual(['party: errors.field.invalid']);
    expect(problems(casePartyInputSchema, { party: { ...party, existingPartyId: '01900000-0000-7000-8000-000000000001' }, role: 'plaintiff' })).toEqual(['party: errors.field.invalid']);
  });
});

describe('a registration with every party wrong: every problem at once', () => {
  it('marks chamber, type, subject, and the name of each unnamed party — the second one too', () => {
    const empty = { kind: 'person', nameAr: '', nameLatin: '', nationalId: '' };
    expect(
      problems(commandSchemas.registerCase.args, {
        chamberId: '',
        caseTypeId: '',
        filedOn: '',
        subject: '',
        parties: [
          { party: { newParty: empty }, role: 'plaintiff', lawyerName: '', lawyerBarNumber: '' },
          { party: { newParty: empty }, role: 'defendant', lawyerName: '', lawyerBarNumber: '-5' },
        ],
      }),
    ).toEqual([
      'chamberId: errors.field.required',
      'caseTypeId: errors.field.required',
      'filedOn: errors.field.required',
      'subject: errors.field.required',
      'parties.0.party.newParty.nameAr: errors.rule.partyNameRequired',
      'parties.1.party.newParty.nameAr: errors.rule.partyNameRequired',
      'parties.1.lawyerBarNumber: errors.field.barNumberFormat',
      'parties.1.lawyerName: errors.rule.barNumberWithoutLawyer',
    ]);
  });
});

describe('script warnings (shown, never refused)', () => {
  it('warns when a name field holds letters of the other script', () => {
    expect(nameScriptWarnings({ nameAr: 'محمد Ben', nameLatin: 'Mohamed بن' })).toEqual({ nameAr: 'ui.party.warnLatinInArabic', nameLatin: 'ui.party.warnArabicInLatin' });
    expect(nameScriptWarnings({ nameAr: 'محمد بناني', nameLatin: 'Mohamed Bennani' })).toEqual({});
  });
});

describe('the search text', () => {
  it('holds both names and the CIN, normalized', () => {
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
