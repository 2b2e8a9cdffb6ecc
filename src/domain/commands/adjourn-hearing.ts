// adjournHearing: a scheduled hearing is put off to a later day for a stated reason ('other' needs
// a note). The old hearing is marked adjourned and linked to the next one, created here; the new
// day obeys the same rules as any hearing and comes after the adjourned one.
import { ruleViolation } from '../../shared/errors';
import { caseGotHearing, insertScheduledHearing, loadScheduledHearing } from '../hearings';
import { updateVersioned } from '../rows';
import { RuleIssues } from '../rule-issues';
import { assertHearingSlotAllowed } from '../rules/hearing-date';
import type { CommandDefinition } from '../types';

export const adjournHearing: CommandDefinition<'adjournHearing'> = {
  name: 'adjournHearing',
  async execute(trx, ctx, args) {
    const { hearing, kase, status } = await loadScheduledHearing(trx, ctx, args.hearingId, args.baseVersion);
    const issues = new RuleIssues();
    issues.check(() => {
      if (args.reason === 'other' && args.note === undefined) throw ruleViolation('adjournmentNoteRequired', undefined, ['note']);
    });
    if (args.newDate <= hearing.date) {
      issues.check(() => {
        throw ruleViolation('adjournmentDateNotAfter', { date: args.newDate, hearingDate: hearing.date }, ['newDate']);
      });
    } else {
      await issues.checkAsync(() => assertHearingSlotAllowed(trx, ctx, args.newDate, args.newTime, ['newDate']));
    }
    issues.throwIfAny();

    const next = await insertScheduledHearing(trx, ctx, {
      caseId: kase.id,
      chamberId: hearing.chamber_id,
      date: args.newDate,
      time: args.newTime,
      room: hearing.room,
    });
    const adjourned = await updateVersioned(trx, ctx, 'hearings', hearing, {
      status: 'adjourned',
      adjournment_reason: args.reason,
      adjournment_note: args.note ?? null,
      next_hearing_id: next.row.id,
    });
    const updated = await caseGotHearing(trx, ctx, kase, status);
    return {
      result: { hearingId: hearing.id, nextHearingId: next.row.id, version: adjourned.row.version },
      changes: [next.change, adjourned.change!, ...(updated.change ? [updated.change] : [])],
      baseVersions: { [hearing.id]: args.baseVersion },
      caseIds: [kase.id],
    };
  },
};
