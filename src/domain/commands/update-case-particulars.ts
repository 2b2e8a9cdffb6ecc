// updateCaseParticulars: correct a case's subject, chamber or filing date. The filing date keeps
// its year (the number carries it), stays not in the future and within the case type's validity.
import { ruleViolation } from '../../shared/errors';
import { computeCaseSearchText } from '../case-derived';
import { assertBaseVersion, loadCase, loadCaseType, loadChamber } from '../load';
import { RuleIssues } from '../rule-issues';
import { updateVersioned } from '../rows';
import { assertCaseTypeValidOn, assertFiledOnNotInFuture, assertSameFilingYear } from '../rules/filing';
import type { CommandDefinition } from '../types';

export const updateCaseParticulars: CommandDefinition<'updateCaseParticulars'> = {
  name: 'updateCaseParticulars',
  async execute(trx, ctx, args) {
    const kase = await loadCase(trx, ctx.env.courtId, args.caseId);
    assertBaseVersion('case', kase, args.baseVersion);
    if (kase.status === 'closed') throw ruleViolation('caseClosed', { number: kase.number });
    const { subject, chamberId, filedOn } = args.changes;
    if (chamberId !== undefined) await loadChamber(trx, ctx.env.courtId, chamberId);
    if (filedOn !== undefined) {
      const issues = new RuleIssues();
      const caseType = await loadCaseType(trx, kase.case_type_id);
      issues.check(() => assertFiledOnNotInFuture(filedOn, ctx.today, ['changes', 'filedOn']));
      issues.check(() => assertSameFilingYear(kase.filed_on, filedOn, ['changes', 'filedOn']));
      issues.check(() => assertCaseTypeValidOn(caseType, filedOn, ['changes', 'filedOn']));
      issues.throwIfAny();
    }
    const { row, change } = await updateVersioned(trx, ctx, 'cases', kase, {
      subject,
      chamber_id: chamberId,
      filed_on: filedOn,
      search_text: subject !== undefined && subject !== kase.subject ? await computeCaseSearchText(trx, kase.id, subject) : undefined,
    });
    if (!change) throw ruleViolation('nothingToChange');
    return {
      result: { caseId: kase.id, version: row.version },
      changes: [change],
      baseVersions: { [kase.id]: args.baseVersion },
      caseIds: [kase.id],
    };
  },
};
