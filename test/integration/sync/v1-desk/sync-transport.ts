// FROZEN — the previous release's (sync protocol 1) desk sync client, src/main/services/sync/sync-transport.ts as of
// commit 6a42ee5, with only its imports changed (to the frozen v1 schemas of src/shared/schemas/sync-v1.ts):
// a real desk one release behind, run against this release's server (version-skew.test.ts). Never edit.
// How the desk's sync client reaches the server: push and pull of the sync protocol
// (src/shared/schemas/sync.ts). Over HTTP in the app; the server's own functions in process in
// tests, so the client's logic is tested without a network and the HTTP layer on its own.
import type { MutationOutcome } from '../../../../src/shared/schemas/sync';
import type { PullRequestV1 as PullRequest, PullResponseV1 as PullResponse, PushRequestV1 as PushRequest } from '../../../../src/shared/schemas/sync-v1';

type PushResponse = { outcomes: MutationOutcome[] };

export interface SyncTransport {
  push(request: PushRequest): Promise<PushResponse>;
  pull(request: PullRequest): Promise<PullResponse>;
}
