// recordHearingOutcome: what happened at a hearing that has taken place (its day is today or past):
// debates held, case reserved for judgment (→ deliberation) or judgment delivered (→ judged, and
// any other scheduled hearing of the case is cancelled).
import { ruleViolation } from '../../shared/errors';
import type { AuditChange } from '../../shared/schemas/views';
import { computeNextHearingDate } from '../case-derived';
import { cancelScheduledHearings, loadScheduledHearing } from '../hearings';
import { updateVersioned } from '../rows';
import { nextCaseStatus } from '../rules/case-status';
import type { CommandDefinition } from '../types';

export const recordHearingOutcome: CommandDefinition<'recordHearingOutcome'> = {
  name: 'recordHearingOutcome',
  async execute(trx, ctx, args) {
    const { hearing, kase, status } = await loadScheduledHearing(trx, ctx, args.hearingId, args.baseVersion);
    if (hearing.date > ctx.today) throw ruleViolation('hearingNotYetHeld', { date: hearing.date });
    const newStatus = nextCaseStatus(status, { type: 'outcomeRecorded', outcome: args.outcome });

    const held = await updateVersioned(trx, ctx, 'hearings', hearing, {
      status: 'held',
      outcome: args.outcome,
      outcome_note: args.note ?? null,
    });
    const changes: AuditChange[] = [held.change!];
    if (newStatus === 'judged') changes.push(...(await cancelScheduledHearings(trx, ctx, kase.id)));
    const updated = await updateVersioned(trx, ctx, 'cases', kase, {
      status: newStatus,
      next_hearing_date: await computeNextHearingDate(trx, kase.id),
    }, { touch: true });
    if (updated.change) changes.push(updated.change);
    return {
      result: { hearingId: hearing.id, version: held.row.version },
      changes,
      baseVersions: { [hearing.id]: args.baseVersion },
      caseIds: [kase.id],
    };
  },
};
