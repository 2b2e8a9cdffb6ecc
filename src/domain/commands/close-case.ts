// closeCase: the case leaves the court's active roll — after a final judgment, or without one
// (withdrawn, struck out, settled, transferred). Its scheduled hearings are cancelled with it.
import type { CaseStatus } from '../../shared/enums';
import { cancelScheduledHearings } from '../hearings';
import { assertBaseVersion, loadCase } from '../load';
import { updateVersioned } from '../rows';
import { nextCaseStatus } from '../rules/case-status';
import type { CommandDefinition } from '../types';

export const closeCase: CommandDefinition<'closeCase'> = {
  name: 'closeCase',
  async execute(trx, ctx, args) {
    const kase = await loadCase(trx, ctx.env.courtId, args.caseId);
    assertBaseVersion('case', kase, args.baseVersion);
    const status = nextCaseStatus(kase.status as CaseStatus, { type: 'closed', reason: args.reason });
    const cancelled = await cancelScheduledHearings(trx, ctx, kase.id);
    const updated = await updateVersioned(trx, ctx, 'cases', kase, {
      status,
      closed_on: ctx.today,
      closure_reason: args.reason,
      closure_note: args.note ?? null,
      next_hearing_date: null,
    });
    return {
      result: { caseId: kase.id, version: updated.row.version },
      changes: [...cancelled, updated.change!],
      baseVersions: { [kase.id]: args.baseVersion },
      caseIds: [kase.id],
    };
  },
};
