// FROZEN — the previous release's (sync protocol 1) desk sync client, src/main/services/sync/record-push-outcomes.ts as of
// commit 6a42ee5, with only its imports changed (to the frozen v1 schemas of src/shared/schemas/sync-v1.ts):
// a real desk one release behind, run against this release's server (version-skew.test.ts). Never edit.
// Keeps the server's answer to each pushed mutation (ARCHITECTURE §4), in one transaction with the
// outbox rows it settles: applied, rejected with its reason, or a conflict with base / mine /
// theirs. Nothing is dropped: a refused mutation stays in the outbox, marked, for the clerk to see.
import type { Db } from '../../../../src/domain';
import { canonicalJson } from '../../../../src/shared/canonical-json';
import type { MutationOutcome } from '../../../../src/shared/schemas/sync';

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
    }
  });
}
