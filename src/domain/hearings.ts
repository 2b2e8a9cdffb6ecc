// Hearing writes shared by several commands. Cancelling is how a closed or judged case gives up
// the hearings still on the roll; a held or adjourned hearing is history and is never touched.
import type { CaseStatus } from '../shared/enums';
import { ruleViolation } from '../shared/errors';
import type { AuditChange } from '../shared/schemas/views';
import type { Tx } from './db-schema';
import { assertBaseVersion, loadHearing } from './load';
import { updateVersioned } from './rows';
import { isCaseDoneWithHearings } from './rules/case-status';
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

export async function cancelScheduledHearings(trx: Tx, ctx: CommandContext, caseId: string): Promise<AuditChange[]> {
  const scheduled = await trx
    .selectFrom('hearings')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('status', '=', 'scheduled')
    .orderBy('date')
    .execute();
  const changes: AuditChange[] = [];
  for (const h of scheduled) {
    const { change } = await updateVersioned(trx, ctx, 'hearings', h, { status: 'cancelled' });
    if (change) changes.push(change);
  }
  return changes;
}
