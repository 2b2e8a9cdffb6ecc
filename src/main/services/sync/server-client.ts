// The desk's calls to the server's enrolment and sign-in routes (ARCHITECTURE §7), every answer
// checked by the shared schemas. A refusal is the server's typed error (its i18n key is in the
// desk's catalogues too); no answer is SERVICE_UNAVAILABLE, and an answer that is not the server's
// (a web page, another service at that address) is its own error, so the clerk is told which.
import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { errorResponseSchema } from '../../../shared/schemas/server-api';
import { enrolResponseSchema, tokenResponseSchema, type DeviceCredential, type EnrolResponse, type TokenResponse } from '../../../shared/schemas/server-auth';

const TIMEOUT_MS = 15_000;

async function post<T>(serverUrl: string, route: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(route, serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (err) {
    throw new AppError('SERVICE_UNAVAILABLE', 'errors.sync.serverUnreachable', { cause: err });
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch (err) {
    throw new AppError('SERVICE_UNAVAILABLE', 'errors.enrolment.notAServer', { params: { status: res.status }, cause: err });
  }
  if (!res.ok) {
    const refused = errorResponseSchema.safeParse(json);
    if (refused.success) throw AppError.fromData(refused.data.error);
    throw new AppError('SERVICE_UNAVAILABLE', 'errors.enrolment.notAServer', { params: { status: res.status } });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('SERVICE_UNAVAILABLE', 'errors.enrolment.notAServer', { params: { status: res.status } });
  return parsed.data;
}

export function enrolDevice(serverUrl: string, code: string, deviceName: string): Promise<EnrolResponse> {
  return post(serverUrl, '/v1/devices/enrol', { code, deviceName }, enrolResponseSchema);
}

export function loginOnline(serverUrl: string, username: string, password: string, device: DeviceCredential): Promise<TokenResponse> {
  return post(serverUrl, '/v1/auth/login', { username, password, device }, tokenResponseSchema);
}

export function refreshSession(serverUrl: string, refreshToken: string, device: DeviceCredential): Promise<TokenResponse> {
  return post(serverUrl, '/v1/auth/refresh', { refreshToken, device }, tokenResponseSchema);
}

/** Ends the session's token family on the server; best effort (the tokens are forgotten here anyway). */
export async function logoutOnline(serverUrl: string, accessToken: string, refreshToken: string): Promise<void> {
  try {
    await fetch(new URL('/v1/auth/logout', serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ refreshToken }),
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    // Offline: the refresh token expires on its own.
  }
}
