// One round of sync (ARCHITECTURE §4): push the outbox in order, a page at a time, keeping each
// answer; then pull the server's changes a page at a time, each page applied with its cursor in one
// transaction. Pushing first means the pull brings back what the server made of this desk's own
// mutations; the first page also brings the records refused mutations changed here, as the server
// holds them. A failure of the transport stops the round: what was answered is kept, the rest is
// pushed again next round (the server answers a mutation it has seen from its record).
// A server that does not serve this desk's sync version (or a page in a newer one) pauses the
// round: the result says `updateRequired`, nothing is dropped or marked, and the same outbox is
// pushed once the desk (or the server) is updated.
import { courtLocalNow, type Db } from '../../../domain';
import { AppError } from '../../../shared/errors';
import { MAX_PULL_CHANGES, MAX_PUSH_MUTATIONS, MAX_REFETCH, SYNC_PROTOCOL_VERSION, type MutationOutcome } from '../../../shared/schemas/sync';
import { applyPulledChanges, pullCursor, recordsToRefetch, type PageOf } from './apply-pull';
import { blocksWanted } from './number-blocks';
import { openConflictIds } from './open-conflicts';
import { pendingMutations } from './outbox-mutations';
import { recordPushOutcomes } from './record-push-outcomes';
import type { SyncTransport } from './sync-transport';

/** Why a round stopped without syncing: the versions as the refusal gave them (UPDATE_REQUIRED). */
export interface UpdateRequired {
  /** The version refused (this desk's, or a page's newer one). */
  version: number;
  /** What the other side serves, oldest to current. */
  oldest: number;
  current: number;
  /** Which side must be updated: this desk (the usual case) or the server (the desk is newer). */
  update: 'desk' | 'server';
}

export interface SyncRound {
  pushed: number;
  outcomes: Record<MutationOutcome['outcome'], number>;
  pulled: number;
  applied: number;
  heldBack: number;
  /** Records a refused mutation had changed, brought back to the server's state. */
  resynced: number;
  /** Pages whose correction pulled changes brought, changed or took away (indexed already). */
  pagesChanged: PageOf[];
  /** Documents with pages to read again here (a reading language chosen on another desk), marked already. */
  documentsToReread: string[];
  /** Set when the round paused because the versions do not match; nothing was dropped. */
  updateRequired?: UpdateRequired;
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

function updateRequiredOf(err: unknown): UpdateRequired | undefined {
  if (!(err instanceof AppError) || err.code !== 'UPDATE_REQUIRED') return undefined;
  const n = (k: string) => (typeof err.params?.[k] === 'number' ? (err.params[k] as number) : SYNC_PROTOCOL_VERSION);
  const current = n('current');
  return { version: n('version'), oldest: n('oldest'), current, update: current < SYNC_PROTOCOL_VERSION ? 'server' : 'desk' };
}

export async function syncOnce(db: Db, transport: SyncTransport, opts: SyncOptions): Promise<SyncRound> {
  const round: SyncRound = { pushed: 0, outcomes: { applied: 0, rejected: 0, conflict: 0 }, pulled: 0, applied: 0, heldBack: 0, resynced: 0, pagesChanged: [], documentsToReread: [] };
  try {
    await pushAll(db, transport, opts, round);
    await pullAll(db, transport, opts, round);
  } catch (err) {
    const paused = updateRequiredOf(err);
    if (!paused) throw err;
    round.updateRequired = paused;
  }
  return round;
}

async function pushAll(db: Db, transport: SyncTransport, opts: SyncOptions, round: SyncRound): Promise<void> {
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
}

async function pullAll(db: Db, transport: SyncTransport, opts: SyncOptions, round: SyncRound): Promise<void> {
  let wantBlocks = opts.numbering === 'server' ? await blocksWanted(db, opts.courtId, courtLocalNow(opts.now()).date) : [];
  let refetch = await recordsToRefetch(db, MAX_REFETCH);
  let openConflicts = await openConflictIds(db, MAX_REFETCH);
  for (;;) {
    const page = await transport.pull({
      protocol: SYNC_PROTOCOL_VERSION,
      cursor: await pullCursor(db),
      limit: opts.pullPage ?? MAX_PULL_CHANGES,
      ...(wantBlocks.length > 0 ? { wantBlocks } : {}),
      ...(refetch.length > 0 ? { refetch } : {}),
      ...(openConflicts.length > 0 ? { openConflicts } : {}),
    });
    wantBlocks = [];
    refetch = [];
    openConflicts = [];
    const done = await applyPulledChanges(db, page, { courtId: opts.courtId, now: opts.now().toISOString() });
    round.pulled += page.changes.length;
    round.applied += done.applied;
    round.heldBack += done.heldBack;
    round.resynced += done.resynced;
    round.pagesChanged.push(...done.pagesChanged);
    for (const id of done.documentsToReread) if (!round.documentsToReread.includes(id)) round.documentsToReread.push(id);
    if (!page.more) break;
  }
}
