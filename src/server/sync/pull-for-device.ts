// A device's pull (ARCHITECTURE §4): first the blocks of serials it asks for (granted through the
// one write path, audited in its court's chain), then a page of its courts' changes with every open
// block it holds. A signed-in user whose roles do not allow asking for serials (a judge's desk)
// still pulls; it just gets no new block.
import { runCommand, type Actor } from '../../domain';
import { toAppError } from '../../shared/errors';
import type { PullRequest, PullResponse } from '../../shared/schemas/sync';
import type { PushTarget } from './apply-push';
import { parsedPage, serveStoredPull, type StoredPullPage } from './serve-pull';

export async function pullForDevice(t: PushTarget, actor: Actor, req: PullRequest): Promise<PullResponse> {
  return parsedPage(await pullStoredForDevice(t, actor, req));
}

/** The same page with its rows as stored, for the route to send as they are. */
export async function pullStoredForDevice(t: PushTarget, actor: Actor, req: PullRequest): Promise<StoredPullPage> {
  if (req.wantBlocks && req.wantBlocks.length > 0) {
    try {
      await runCommand(t.db, t.env, actor, 'grantDeviceNumberBlocks', { deviceId: t.deviceId, wants: req.wantBlocks });
    } catch (err) {
      if (toAppError(err).code !== 'FORBIDDEN') throw err;
    }
  }
  return serveStoredPull(t.db, { courts: [t.env.courtId], cursor: req.cursor, limit: req.limit, deviceId: t.deviceId, refetch: req.refetch, openConflicts: req.openConflicts });
}
