// The conflicts still open on this desk, as the server named them (ARCHITECTURE §4): a pull asks
// which of them the server holds resolved — by its operator (`resolve-conflict`) or by an answer
// pushed earlier — and the desk settles those in the pull's own transaction, so the sync screen
// stops offering a choice the server would refuse as already made.
import type { Db, Tx } from '../../../domain';
import { conflictSchema } from '../../../shared/schemas/sync';

async function openConflictRows(db: Db | Tx): Promise<{ mutationId: number; conflictId: string }[]> {
  const rows = await db
    .selectFrom('push_outcomes')
    .select(['mutation_id', 'detail'])
    .where('outcome', '=', 'conflict')
    .where('settled_at', 'is', null)
    .orderBy('mutation_id')
    .execute();
  const out: { mutationId: number; conflictId: string }[] = [];
  for (const r of rows) {
    const parsed = conflictSchema.safeParse((JSON.parse(r.detail) as { conflict?: unknown }).conflict);
    if (parsed.success) out.push({ mutationId: r.mutation_id, conflictId: parsed.data.id });
  }
  return out;
}

/** The ids of the open conflicts to ask about, oldest first. */
export async function openConflictIds(db: Db, limit: number): Promise<string[]> {
  return (await openConflictRows(db)).slice(0, limit).map((c) => c.conflictId);
}

/** Settles the open conflicts the server says are resolved; returns how many. */
export async function settleResolvedConflicts(trx: Tx, resolved: readonly string[], now: string): Promise<number> {
  if (resolved.length === 0) return 0;
  const ids = new Set(resolved);
  const mutationIds = (await openConflictRows(trx)).filter((c) => ids.has(c.conflictId)).map((c) => c.mutationId);
  if (mutationIds.length === 0) return 0;
  await trx.updateTable('push_outcomes').set({ settled_at: now }).where('mutation_id', 'in', mutationIds).where('settled_at', 'is', null).execute();
  return mutationIds.length;
}
