// updateCaseParticulars: correct a case's subject, chamber or filing date. The filing date keeps
// its year (the number carries it), stays not in the future and within the case type's validity.
import { ruleViolation } from '../../shared/errors';
import { assertBaseVersion, loadCase, loadCaseType, loadChamber } from '../load';
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
      assertFiledOnNotInFuture(filedOn, ctx.today, ['changes', 'filedOn']);
      assertSameFilingYear(kase.filed_on, filedOn, ['changes', 'filedOn']);
      assertCaseTypeValidOn(await loadCaseType(trx, kase.case_type_id), filedOn, ['changes', 'filedOn']);
    }
    const { row, change } = await updateVersioned(trx, ctx, 'cases', kase, {
      subject,
      chamber_id: chamberId,
      filed_on: filedOn,
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
