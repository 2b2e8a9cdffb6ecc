// The one check of a new password only a form can make: typed twice the same. Its length and the
// rest are the contract's (newPasswordSchema), checked with the form's other fields.
import type { FieldIssue } from '../../../shared/errors';

export function passwordConfirmation(password: string, confirm: string, confirmPath: (string | number)[]): FieldIssue[] {
  return password === confirm ? [] : [{ path: confirmPath, i18nKey: 'ui.errors.passwordMismatch' }];
}
