// The sync transport over HTTP (ARCHITECTURE §4): JSON to the server's /v1/sync routes with the
// signed-in user's access token, every answer checked by the protocol's schema. A refusal comes
// back as the server's typed error; a server that does not answer (network down, cut connection,
// timeout) is SERVICE_UNAVAILABLE, which the sync loop treats as "offline, try later" — nothing
// of the outbox is touched by a request that got no answer.
import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { errorResponseSchema } from '../../../shared/schemas/server-api';
import { pullResponseSchema, pushResponseSchema } from '../../../shared/schemas/sync';
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
