// How the desk's sync client reaches the server: push and pull of the sync protocol
// (src/shared/schemas/sync.ts). Over HTTP in the app; the server's own functions in process in
// tests, so the client's logic is tested without a network and the HTTP layer on its own.
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '../../../shared/schemas/sync';

export interface SyncTransport {
  push(request: PushRequest): Promise<PushResponse>;
  pull(request: PullRequest): Promise<PullResponse>;
}
