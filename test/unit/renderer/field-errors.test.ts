// Field issues of a refused command land next to the field they name; what no field claims is
// listed at the top of the form, so no message is ever lost.
import { describe, expect, it } from 'vitest';
import type { AppErrorData } from '../../../src/shared/errors';
import { indexFieldErrors, pathKey, requiredFieldsError } from '../../../src/renderer/api/field-errors';
import { passwordProblems } from '../../../src/renderer/screens/setup/password';

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

describe('passwords typed at setup or for a new user', () => {
  it('refuses a password under ten characters and a confirmation that differs, both at their fields', () => {
    const e = passwordProblems('court', 'courts', 'user.password', 'user.passwordConfirm');
    expect(e?.fields).toEqual([
      { path: ['user', 'password'], i18nKey: 'errors.field.tooShort', params: { min: 10 } },
      { path: ['user', 'passwordConfirm'], i18nKey: 'ui.errors.passwordMismatch' },
    ]);
  });

  it('accepts a long password typed twice the same', () => {
    expect(passwordProblems('kalima-sirr-2026', 'kalima-sirr-2026', 'password', 'passwordConfirm')).toBeNull();
  });
});

describe('a form refusing its own empty required fields', () => {
  it('marks each empty (or blank) field required, in the order given, and nothing when all are filled', () => {
    expect(requiredFieldsError({ reason: '', note: 'x', newDate: '  ' })).toEqual({
      code: 'VALIDATION_FAILED',
      i18nKey: 'errors.validationFailed',
      fields: [
        { path: ['reason'], i18nKey: 'errors.field.required' },
        { path: ['newDate'], i18nKey: 'errors.field.required' },
      ],
    });
    expect(requiredFieldsError({ reason: 'illness', newDate: '2026-12-01' })).toBeNull();
  });
});

