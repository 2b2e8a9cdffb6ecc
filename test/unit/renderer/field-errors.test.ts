// Field issues of a refused command land next to the field they name; what no field claims is
// listed at the top of the form, so no message is ever lost.
import { describe, expect, it } from 'vitest';
import type { AppErrorData } from '../../../src/shared/errors';
import { indexFieldErrors, pathKey } from '../../../src/renderer/api/field-errors';
import { formIssues } from '../../../src/renderer/api/use-form-check';
import { passwordConfirmation } from '../../../src/renderer/screens/setup/password';
import { commandSchemas } from '../../../src/shared/schemas/commands';
import { setupSchema } from '../../../src/shared/schemas/session';

const refused: AppErrorData = {
  code: 'VALIDATION_FAILED',
  i18nKey: 'errors.validationFailed',
  fields: [
    { path: ['subject'], i18nKey: 'errors.field.required' },
    { path: ['parties', 1, 'party', 'newParty', 'nationalId'], i18nKey: 'errors.rule.nationalIdFormat', params: { value: 'X' } },
    { path: ['parties', 1, 'party', 'newParty'], i18nKey: 'errors.rule.partyNeedsName' },
    { path: ['somethingElse'], i18nKey: 'errors.field.unknownField' },
  ],
};

describe('field errors of a refused register-case', () => {
  const index = indexFieldErrors(refused);

  it('joins a path the way form fields name themselves', () => {
    expect(pathKey(['parties', 0, 'party', 'newParty', 'nameAr'])).toBe('parties.0.party.newParty.nameAr');
  });

  it('finds the national-ID message for the second party only', () => {
    expect(index.at('parties.1.party.newParty.nationalId')?.i18nKey).toBe('errors.rule.nationalIdFormat');
    expect(index.at('parties.0.party.newParty.nationalId')).toBeUndefined();
  });

  it('gives the party group the issues under it that none of its fields claimed', () => {
    const group = index.under('parties.1', ['parties.1.party.newParty.nationalId']);
    expect(group.map((i) => i.i18nKey)).toEqual(['errors.rule.partyNeedsName']);
  });

  it('lists at the top only what no rendered field took', () => {
    expect(index.unclaimed(['subject', 'parties']).map((i) => i.i18nKey)).toEqual(['errors.field.unknownField']);
  });

  it('does not take "parties.10" for something under "parties.1"', () => {
    const other = indexFieldErrors({ ...refused, fields: [{ path: ['parties', 10, 'role'], i18nKey: 'errors.field.unknownValue' }] });
    expect(other.under('parties.1', [])).toEqual([]);
  });

  it('has nothing to say when there is no error', () => {
    expect(indexFieldErrors(null).unclaimed([])).toEqual([]);
  });
});

describe('the empty set-up form: every problem at once, password ones included', () => {
  it('marks the court, the chamber, the user and both passwords together', () => {
    const value = { language: 'ar', court: { code: '', nameAr: '', nameFr: '' }, chambers: [{ code: '', nameAr: '', nameFr: '' }], user: { username: '', displayName: '', password: 'court' } };
    const keys = formIssues(setupSchema, value, passwordConfirmation('court', 'courts', ['user', 'passwordConfirm'])).map((f) => `${pathKey(f.path)} ${f.i18nKey}`);
    expect(keys).toEqual([
      'court.code errors.field.required',
      'court.nameAr errors.field.required',
      'court.nameFr errors.field.required',
      'chambers.0.code errors.field.required',
      'chambers.0.nameAr errors.field.required',
      'chambers.0.nameFr errors.field.required',
      'user.username errors.field.required',
      'user.displayName errors.field.required',
      'user.password errors.field.tooShort',
      'user.passwordConfirm ui.errors.passwordMismatch',
    ]);
  });

  it('a court or chamber name typed in the other script is marked on its field', () => {
    const value = {
      language: 'fr',
      court: { code: 'TPI-RABAT', nameAr: 'abc', nameFr: 'المحكمة' },
      chambers: [{ code: 'CIV', nameAr: 'Chambre civile', nameFr: 'Chambre civile' }],
      user: { username: 'amina.alaoui', displayName: 'أمينة', password: 'kalima-sirr-2026' },
    };
    expect(formIssues(setupSchema, value).map((f) => `${pathKey(f.path)} ${f.i18nKey}`)).toEqual([
      'court.nameAr errors.field.notArabicLetters',
      'court.nameFr errors.field.notLatinLetters',
      'chambers.0.nameAr errors.field.notArabicLetters',
    ]);
  });

  it('accepts a long password typed twice the same', () => {
    expect(passwordConfirmation('kalima-sirr-2026', 'kalima-sirr-2026', ['passwordConfirm'])).toEqual([]);
  });
});

describe('a dialog checking what it would send with the command\'s own schema', () => {
  it('marks each empty required field of an adjournment (reason, new date) and a bad time, and nothing once they are right', () => {
    const id = '01900000-0000-7000-8000-000000000001';
    const base = { hearingId: id, baseVersion: 1, note: 'x' };
    expect(formIssues(commandSchemas.adjournHearing.args, { ...base, reason: '', newDate: '  ', newTime: '25:00' }).map((f) => `${pathKey(f.path)} ${f.i18nKey}`)).toEqual([
      'reason errors.field.required',
      'newDate errors.field.required',
      'newTime errors.field.badTime',
    ]);
    expect(formIssues(commandSchemas.adjournHearing.args, { ...base, reason: 'party_absent', newDate: '2026-12-01', newTime: '09:30' })).toEqual([]);
  });
});
