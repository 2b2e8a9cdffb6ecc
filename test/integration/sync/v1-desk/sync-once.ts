// FROZEN — the previous release's (sync protocol 1) desk sync client, src/main/services/sync/sync-once.ts as of
// commit 6a42ee5, with only its imports changed (to the frozen v1 schemas of src/shared/schemas/sync-v1.ts):
// a real desk one release behind, run against this release's server (version-skew.test.ts). Never edit.
// One round of sync (ARCHITECTURE §4): push the outbox in order, a page at a time, keeping each
// answer; then pull the server's changes a page at a time, each page applied with its cursor in one
// transaction. Pushing first means the pull brings back what the server made of this desk's own
// mutations. A failure of the transport stops the round: what was answered is kept, the rest is
// pushed again next round (the server answers a mutation it has seen from its record).
import { courtLocalNow, type Db } from '../../../../src/domain';
import { MAX_PULL_CHANGES, MAX_PUSH_MUTATIONS, type MutationOutcome } from '../../../../src/shared/schemas/sync';
import { SYNC_PROTOCOL_V1 as SYNC_PROTOCOL_VERSION } from '../../../../src/shared/schemas/sync-v1';
import { applyPulledChanges, pullCursor } from './apply-pull';
import { blocksWanted } from '../../../../src/main/services/sync/number-blocks';
import { pendingMutations } from './outbox-mutations';
import { recordPushOutcomes } from './record-push-outcomes';
import type { SyncTransport } from './sync-transport';

export interface SyncRound {
  pushed: number;
  outcomes: Record<MutationOutcome['outcome'], number>;
  pulled: number;
  applied: number;
  heldBack: number;
}

export interface SyncOptions {
  now: () => Date;
  /** The desk's court (whose blocks it keeps). */
  courtId: string;
  /** An enrolled desk ('server') asks for serials ahead of time; a standalone one grants its own. */
  numbering: 'standalone' | 'server';
  pushPage?: number;
  pullPage?: number;
}

export async function syncOnce(db: Db, transport: SyncTransport, opts: SyncOptions): Promise<SyncRound> {
  const round: SyncRound = { pushed: 0, outcomes: { applied: 0, rejected: 0, conflict: 0 }, pulled: 0, applied: 0, heldBack: 0 };
  const pushPage = opts.pushPage ?? MAX_PUSH_MUTATIONS;
  for (;;) {
    const mutations = await pendingMutations(db, { limit: pushPage });
    if (mutations.length === 0) break;
    const { outcomes } = await transport.push({ protocol: SYNC_PROTOCOL_VERSION, mutations });
    await recordPushOutcomes(db, outcomes, opts.now().toISOString());
    round.pushed += outcomes.length;
    for (const o of outcomes) round.outcomes[o.outcome]++;
    // A server that answered none of them would have the desk push the same page forever.
    if (outcomes.length === 0) break;
  }
  let wantBlocks = opts.numbering === 'server' ? await blocksWanted(db, opts.courtId, courtLocalNow(opts.now()).date) : [];
  for (;;) {
    const page = await transport.pull({
      protocol: SYNC_PROTOCOL_VERSION,
      cursor: await pullCursor(db),
      limit: opts.pullPage ?? MAX_PULL_CHANGES,
      ...(wantBlocks.length > 0 ? { wantBlocks } : {}),
    });
    wantBlocks = [];
    const done = await applyPulledChanges(db, page, { courtId: opts.courtId, now: opts.now().toISOString() });
    round.pulled += page.changes.length;
    round.applied += done.applied;
    round.heldBack += done.heldBack;
    if (!page.more) break;
  }
  return round;
}
