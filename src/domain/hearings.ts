// Hearing writes shared by several commands. Cancelling is how a closed or judged case gives up
// the hearings still on the roll; a held or adjourned hearing is history and is never touched.
import type { Selectable } from 'kysely';
import type { CaseStatus } from '../shared/enums';
import { ruleViolation } from '../shared/errors';
import type { AuditChange } from '../shared/schemas/views';
import type { Tx } from './db-schema';
import { assertBaseVersion, loadHearing } from './load';
import { computeNextHearingDate } from './case-derived';
import type { CasesTable } from './db-schema';
import { insertVersioned, updateVersioned } from './rows';
import { isCaseDoneWithHearings, nextCaseStatus } from './rules/case-status';
import type { NeededConfirmation } from './rule-issues';
import type { CommandContext } from './types';

/**
 * The hearing a command acts on (adjourn, record an outcome): of this court, at the version the
 * person saw, still on the roll, and of a case that still takes hearings.
 */
export async function loadScheduledHearing(trx: Tx, ctx: CommandContext, hearingId: string, baseVersion: number) {
  const { hearing, kase } = await loadHearing(trx, ctx.env.courtId, hearingId);
  assertBaseVersion('hearing', hearing, baseVersion);
  const status = kase.status as CaseStatus;
  if (isCaseDoneWithHearings(status)) throw ruleViolation('caseClosedForHearings', { number: kase.number, status });
  if (hearing.status !== 'scheduled') throw ruleViolation('hearingNotScheduled', { status: hearing.status });
  return { hearing, kase, status };
}

export async function cancelScheduledHearings(trx: Tx, ctx: CommandContext, caseId: string, except?: string): Promise<AuditChange[]> {
  const scheduled = await scheduledHearingsOf(trx, caseId, except);
  const changes: AuditChange[] = [];
  for (const h of scheduled) {
    const { change } = await updateVersioned(trx, ctx, 'hearings', h, { status: 'cancelled' });
    if (change) changes.push(change);
  }
  return changes;
}

/** A new hearing on the roll (scheduled directly, or as the next one of an adjournment). */
export async function insertScheduledHearing(
  trx: Tx,
  ctx: CommandContext,
  h: { caseId: string; chamberId: string; date: string; time: string; room: string | null },
) {
  return insertVersioned(trx, ctx, 'hearings', {
    id: ctx.newId('hearing'),
    case_id: h.caseId,
    chamber_id: h.chamberId,
    date: h.date,
    time: h.time,
    room: h.room,
    status: 'scheduled',
    adjournment_reason: null,
    adjournment_note: null,
    next_hearing_id: null,
    outcome: null,
    outcome_note: null,
  });
}

/**
 * The case after a hearing was put on its roll: in hearings (a case reserved for judgment has its
 * debates reopened, so no pronouncement date any more), its next date, its version moved on.
 */
export async function caseGotHearing(trx: Tx, ctx: CommandContext, kase: Selectable<CasesTable>, status: CaseStatus) {
  return updateVersioned(
    trx,
    ctx,
    'cases',
    kase,
    {
      status: nextCaseStatus(status, { type: 'hearingScheduled' }),
      next_hearing_date: await computeNextHearingDate(trx, kase.id),
      pronouncement_date: null,
    },
    { touch: true },
  );
}

/** The hearings of a case still on the roll (scheduled), earliest first, but `except`. */
export async function scheduledHearingsOf(trx: Tx, caseId: string, except?: string) {
  let q = trx.selectFrom('hearings').selectAll().where('case_id', '=', caseId).where('status', '=', 'scheduled');
  if (except !== undefined) q = q.where('id', '!=', except);
  return q.orderBy('date').orderBy('time').execute();
}

/** The warning a clerk confirms before a command cancels the case's other hearings still on the roll. */
export function cancelsScheduledWarning(scheduled: readonly { date: string; time: string }[]): NeededConfirmation[] {
  const first = scheduled[0];
  return first ? [{ warning: 'cancelsScheduledHearings', params: { count: scheduled.length, date: first.date, time: first.time } }] : [];
}
