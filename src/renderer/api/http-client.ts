// The browser-shell transport: the same MahkamaApi as window.mahkama, spoken over HTTP to the
// local shell server. It never throws: a network or protocol failure comes back as an error value.
import type { AppErrorData, Result } from '../../shared/errors';
import { IPC_METHODS, httpPathOf, type IpcMethod, type MahkamaApi } from '../../shared/ipc/contract';

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export const CONNECTION_LOST: AppErrorData = { code: 'INTERNAL', i18nKey: 'ui.errors.connectionLost' };
export const BAD_RESPONSE: AppErrorData = { code: 'INTERNAL', i18nKey: 'ui.errors.badResponse' };

function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const b = body as { ok: unknown; value?: unknown; error?: unknown };
  if (b.ok === true) return 'value' in b;
  if (b.ok !== false || typeof b.error !== 'object' || b.error === null) return false;
  const e = b.error as { code?: unknown; i18nKey?: unknown };
  return typeof e.code === 'string' && typeof e.i18nKey === 'string';
}

async function call(fetchImpl: FetchLike, method: IpcMethod, input: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetchImpl(httpPathOf(method), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, error: CONNECTION_LOST };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, error: BAD_RESPONSE };
  }
  // The shell answers errors with a Result body whatever the HTTP status; anything else is foreign.
  return isResult(body) ? body : { ok: false, error: BAD_RESPONSE };
}

export function createHttpClient(fetchImpl: FetchLike = (url, init) => globalThis.fetch(url, init)): MahkamaApi {
  const api: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const method of IPC_METHODS) api[method] = (input) => call(fetchImpl, method, input);
  return api as unknown as MahkamaApi;
}
