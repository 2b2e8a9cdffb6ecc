// The password checks the UI can make before sending (length, typed twice the same). Main checks
// length again; the confirmation exists only here.
import type { AppErrorData, FieldIssue } from '../../../shared/errors';
import { LIMITS } from '../../../shared/schemas/common';

export function passwordProblems(password: string, confirm: string, passwordPath: string, confirmPath: string): AppErrorData | null {
  const fields: FieldIssue[] = [];
  if (password.length < LIMITS.password.min) fields.push({ path: passwordPath.split('.'), i18nKey: 'errors.field.tooShort', params: { min: LIMITS.password.min } });
  if (password !== confirm) fields.push({ path: confirmPath.split('.'), i18nKey: 'ui.errors.passwordMismatch' });
  return fields.length ? { code: 'VALIDATION_FAILED', i18nKey: 'errors.validationFailed', fields } : null;
}
