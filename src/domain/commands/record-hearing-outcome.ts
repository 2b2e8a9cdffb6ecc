// recordHearingOutcome: what happened at a hearing that has taken place (its hour has come on the court's clock):
// debates held, or the case reserved for judgment (→ deliberation) with the day the judgment will be
// pronounced, a day the court sits after the hearing. Reserving for judgment ends the debates: any
// other hearing still on the roll is cancelled, once the clerk has confirmed it. A judgment itself
// is recorded by recordJudgment.
import { ruleViolation } from '../../shared/errors';
import type { AuditChange } from '../../shared/schemas/views';
import { computeNextHearingDate } from '../case-derived';
import { cancelScheduledHearings, cancelsScheduledWarning, loadScheduledHearing, scheduledHearingsOf } from '../hearings';
import { updateVersioned } from '../rows';
import { RuleIssues, requireConfirmed } from '../rule-issues';
import { nextCaseStatus } from '../rules/case-status';
import { assertCourtSitsOn } from '../rules/hearing-date';
import type { CommandDefinition } from '../types';

export const recordHearingOutcome: CommandDefinition<'recordHearingOutcome'> = {
  name: 'recordHearingOutcome',
  async execute(trx, ctx, args) {
    const { hearing, kase, status } = await loadScheduledHearing(trx, ctx, args.hearingId, args.baseVersion);
    // Not before its hour on the court's clock: a hearing set for 17:00 today has not sat at 16:35.
    if (hearing.date > ctx.today || (hearing.date === ctx.today && hearing.time > ctx.timeNow)) {
      throw ruleViolation('hearingNotYetHeld', { date: hearing.date, time: hearing.time });
    }
    const newStatus = nextCaseStatus(status, { type: 'outcomeRecorded', outcome: args.outcome });
    const reserved = args.outcome === 'reserved_for_judgment';

    const issues = new RuleIssues();
    const pronouncementDate = args.pronouncementDate;
    if (reserved) {
      if (pronouncementDate === undefined) {
        issues.check(() => {
          throw ruleViolation('pronouncementDateRequired', undefined, ['pronouncementDate']);
        });
      } else if (pronouncementDate <= hearing.date || pronouncementDate < ctx.today) {
        issues.check(() => {
          throw ruleViolation('pronouncementDateNotAfter', { date: pronouncementDate, hearingDate: hearing.date }, ['pronouncementDate']);
        });
      } else {
        await issues.checkAsync(() => assertCourtSitsOn(trx, pronouncementDate, ['pronouncementDate']));
      }
    } else if (pronouncementDate !== undefined) {
      issues.check(() => {
        throw ruleViolation('pronouncementDateOnlyWhenReserved', undefined, ['pronouncementDate']);
      });
    }
    issues.throwIfAny();

    const others = reserved ? await scheduledHearingsOf(trx, kase.id, hearing.id) : [];
    requireConfirmed(args.confirmed, cancelsScheduledWarning(others));

    const held = await updateVersioned(trx, ctx, 'hearings', hearing, {
      status: 'held',
      outcome: args.outcome,
      outcome_note: args.note ?? null,
    });
    const changes: AuditChange[] = [held.change!];
    if (reserved) changes.push(...(await cancelScheduledHearings(trx, ctx, kase.id)));
    const updated = await updateVersioned(trx, ctx, 'cases', kase, {
      status: newStatus,
      next_hearing_date: await computeNextHearingDate(trx, kase.id),
      pronouncement_date: reserved ? pronouncementDate : undefined,
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
