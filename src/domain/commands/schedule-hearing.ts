// scheduleHearing: list a case for a hearing on a working day that is not past and not a holiday.
// The first hearing moves a registered case to in_hearing; one in deliberation reopens debates.
// The court allows a second hearing while one is still on the roll, and reopening the debates of a
// case reserved for judgment, but the clerk confirms either first (CONFIRMATION_REQUIRED).
import type { CaseStatus } from '../../shared/enums';
import { ruleViolation } from '../../shared/errors';
import { caseGotHearing, insertScheduledHearing, scheduledHearingsOf } from '../hearings';
import { assertBaseVersion, loadCase, loadChamber } from '../load';
import { requireConfirmed, type NeededConfirmation } from '../rule-issues';
import { isCaseDoneWithHearings } from '../rules/case-status';
import { assertHearingSlotAllowed } from '../rules/hearing-date';
import type { CommandDefinition } from '../types';

export const scheduleHearing: CommandDefinition<'scheduleHearing'> = {
  name: 'scheduleHearing',
  async execute(trx, ctx, args) {
    const kase = await loadCase(trx, ctx.env.courtId, args.caseId);
    assertBaseVersion('case', kase, args.baseVersion);
    const status = kase.status as CaseStatus;
    if (isCaseDoneWithHearings(status)) throw ruleViolation('caseClosedForHearings', { number: kase.number, status });
    const chamberId = args.chamberId ?? kase.chamber_id;
    if (args.chamberId !== undefined) await loadChamber(trx, ctx.env.courtId, args.chamberId);
    await assertHearingSlotAllowed(trx, ctx, args.date, args.time, ['date']);

    const needed: NeededConfirmation[] = [];
    const [pending] = await scheduledHearingsOf(trx, kase.id);
    if (pending) needed.push({ warning: 'anotherHearingPending', params: { date: pending.date, time: pending.time } });
    if (status === 'deliberation') {
      needed.push({ warning: 'reopensDeliberation', params: { date: kase.pronouncement_date ?? '' } });
    }
    requireConfirmed(args.confirmed, needed);

    const hearing = await insertScheduledHearing(trx, ctx, { caseId: kase.id, chamberId, date: args.date, time: args.time, room: args.room ?? null });
    const updated = await caseGotHearing(trx, ctx, kase, status);
    return {
      result: { caseId: kase.id, hearingId: hearing.row.id, version: updated.row.version },
      changes: [hearing.change, ...(updated.change ? [updated.change] : [])],
      baseVersions: { [kase.id]: args.baseVersion },
      caseIds: [kase.id],
    };
  },
};
