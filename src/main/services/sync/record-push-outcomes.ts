// Keeps the server's answer to each pushed mutation (ARCHITECTURE §4), in one transaction with the
// outbox rows it settles: applied, rejected with its reason, or a conflict with base / mine /
// theirs. Nothing is dropped: a refused mutation stays in the outbox, marked, for the clerk to see.
// The server applied nothing of a refused mutation, so every synced record it changed here (its
// audit entry lists them) is marked to be asked for again: the next pull brings it back to the
// server's state, and the desk does not keep what the server refused.
import { tableOfEntity, type Db } from '../../../domain';
import { canonicalJson } from '../../../shared/canonical-json';
import { ID_PATTERN } from '../../../shared/ids';
import type { MutationOutcome } from '../../../shared/schemas/sync';
import type { AuditChange } from '../../../shared/schemas/views';

export async function recordPushOutcomes(db: Db, outcomes: readonly MutationOutcome[], receivedAt: string): Promise<void> {
  if (outcomes.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const o of outcomes) {
      const detail = o.outcome === 'applied' ? { result: o.result } : o.outcome === 'rejected' ? { error: o.error } : { conflict: o.conflict };
      await trx
        .insertInto('push_outcomes')
        .values({ mutation_id: o.mutationId, outcome: o.outcome, detail: canonicalJson(detail), received_at: receivedAt })
        .onConflict((oc) => oc.column('mutation_id').doNothing())
        .execute();
      await trx.updateTable('outbox').set({ status: 'pushed' }).where('mutation_id', '=', o.mutationId).execute();
      if (o.outcome === 'applied') continue;
      // The n-th outbox row and the n-th audit entry are written together (audit verify checks it).
      const entry = await trx
        .selectFrom('outbox as o')
        .innerJoin('audit as a', (j) => j.onRef('a.seq', '=', 'o.mutation_id').onRef('a.hlc', '=', 'o.hlc'))
        .select('a.changes')
        .where('o.mutation_id', '=', o.mutationId)
        .executeTakeFirst();
      const touched = new Map<string, string>();
      // A record is named by its id; an extension recorded before migration 0027 (a desk's own then,
      // pushed since) is named in its entry by its file's hash, which no pull can ask for: its
      // record comes back to the server's state by the pull of the record sharing its derived id.
      for (const c of entry ? (JSON.parse(entry.changes) as AuditChange[]) : []) if (tableOfEntity(c.entity) && ID_PATTERN.test(c.id)) touched.set(c.id, c.entity);
      if (touched.size === 0) continue;
      await trx
        .insertInto('resync_records')
        .values([...touched].map(([entity_id, entity]) => ({ entity_id, entity, mutation_id: o.mutationId })))
        .onConflict((oc) => oc.column('entity_id').doNothing())
        .execute();
    }
  });
}
