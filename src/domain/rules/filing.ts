// Rules of filing a case: the filing date is not in the future, the case type is in force on the
// filing date, and the year of the number (taken from the filing date) never changes afterwards.
import { ruleViolation } from '../../shared/errors';
import type { CaseTypesTable } from '../db-schema';
import type { Selectable } from 'kysely';
import { yearOf } from './court-calendar';

export function assertFiledOnNotInFuture(filedOn: string, today: string, path: (string | number)[]): void {
  if (filedOn > today) throw ruleViolation('filedOnInFuture', { date: filedOn }, path);
}

export function assertCaseTypeValidOn(caseType: Selectable<CaseTypesTable>, filedOn: string, path: (string | number)[]): void {
  if (caseType.valid_from > filedOn || (caseType.valid_to !== null && caseType.valid_to < filedOn)) {
    throw ruleViolation('caseTypeNotValidOnDate', { code: caseType.code, date: filedOn }, path);
  }
}

/** The case number carries the filing year: correcting the date may not move it to another year. */
export function assertSameFilingYear(oldFiledOn: string, newFiledOn: string, path: (string | number)[]): void {
  if (yearOf(oldFiledOn) !== yearOf(newFiledOn)) {
    throw ruleViolation('filedOnYearChange', { from: oldFiledOn, to: newFiledOn }, path);
  }
}
