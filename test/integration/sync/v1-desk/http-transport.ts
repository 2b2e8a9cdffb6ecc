// FROZEN — the previous release's (sync protocol 1) desk sync client, src/main/services/sync/http-transport.ts as of
// commit 6a42ee5, with only its imports changed (to the frozen v1 schemas of src/shared/schemas/sync-v1.ts):
// a real desk one release behind, run against this release's server (version-skew.test.ts). Never edit.
// The sync transport over HTTP (ARCHITECTURE §4): JSON to the server's /v1/sync routes with the
// signed-in user's access token, every answer checked by the protocol's schema. A refusal comes
// back as the server's typed error; a server that does not answer (network down, cut connection,
// timeout) is SERVICE_UNAVAILABLE, which the sync loop treats as "offline, try later" — nothing
// of the outbox is touched by a request that got no answer.
import type { z } from 'zod';
import { AppError } from '../../../../src/shared/errors';
import { pullResponseV1Schema as pullResponseSchema, pushResponseV1Schema as pushResponseSchema } from '../../../../src/shared/schemas/sync-v1';
import { errorResponseV1Schema as errorResponseSchema } from './error-codes-v1';
import type { SyncTransport } from './sync-transport';

export interface HttpTransportOptions {
  serverUrl: string;
  /** The signed-in user's access token on this device (refreshed by whoever holds the session). */
  accessToken: () => Promise<string>;
  timeoutMs?: number;
}

async function postJson<T>(opts: HttpTransportOptions, path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, opts.serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await opts.accessToken()}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
    });
  } catch (err) {
    throw new AppError('SERVICE_UNAVAILABLE', 'errors.sync.serverUnreachable', { cause: err });
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch (err) {
    throw new AppError('SERVICE_UNAVAILABLE', 'errors.sync.serverUnreachable', { cause: err });
  }
  if (!res.ok) {
    const refused = errorResponseSchema.safeParse(json);
    if (refused.success) throw AppError.fromData(refused.data.error);
    throw new AppError('SERVICE_UNAVAILABLE', 'errors.sync.serverUnreachable', { params: { status: res.status } });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'errors.sync.badAnswer');
  return parsed.data;
}

export function httpSyncTransport(opts: HttpTransportOptions): SyncTransport {
  return {
    push: (request) => postJson(opts, '/v1/sync/push', request, pushResponseSchema),
    pull: (request) => postJson(opts, '/v1/sync/pull', request, pullResponseSchema),
  };
}
