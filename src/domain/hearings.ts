// Hearing writes shared by several commands. Cancelling is how a closed or judged case gives up
// the hearings still on the roll; a held or adjourned hearing is history and is never touched.
import type { AuditChange } from '../shared/schemas/views';
import type { Tx } from './db-schema';
import { updateVersioned } from './rows';
import type { CommandContext } from './types';

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
