// Who is calling, on every route that needs it (ARCHITECTURE §7): `requireAuth(roles?)` is a Fastify
// preHandler that verifies the Bearer access token (HS256 signature, iss, aud, exp) and then, with
// one indexed read (the user and the device by primary key, the session by its family), that the
// device is not revoked, the session not ended (signed out, or revoked as a stolen refresh token
// was reused), and the user is still active, of the token's court, and still holds the roles it claims; it sets
// `request.auth`. Later routes (sync push and pull) stand on it and on `assertCourt`.
import type { preHandlerAsyncHookHandler, FastifyRequest } from 'fastify';
import type { Db } from '../../domain/db-schema';
import { runPrepared } from '../../domain/prepared-queries';
import type { Role } from '../../shared/enums';
import { AppError, forbidden } from '../../shared/errors';
import type { AccessTokens } from './tokens';

export interface AuthContext {
  userId: string;
  /** The roles the token names that the user still holds. */
  roles: Role[];
  courtId: string;
  deviceId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireAuth; null on routes that do not require it. */
    auth: AuthContext | null;
  }
}

export interface AuthDeps {
  db: Db;
  tokens: AccessTokens;
  now: () => Date;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** The verified caller of a request, or NOT_AUTHENTICATED / FORBIDDEN. */
export async function authenticate(deps: AuthDeps, authorization: string | undefined): Promise<AuthContext> {
  if (authorization === undefined || authorization === '') throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
  const m = BEARER.exec(authorization);
  if (!m) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.tokenInvalid');
  const claims = await deps.tokens.verify(m[1]!, deps.now());
  const [row] = (
    await runPrepared(
      deps.db,
      'caller-of-token',
      (q, device, user, session) =>
        q
          .selectFrom('users')
          .innerJoin('devices', (j) => j.on('devices.id', '=', device as string))
          .select(['users.active', 'users.court_id as user_court', 'users.roles', 'devices.court_id as device_court', 'devices.revoked_at'])
          // The session is still on: a sign-out or a stolen refresh token ends its access tokens too.
          .select((eb) =>
            eb
              .exists(
                eb
                  .selectFrom('refresh_tokens')
                  .select('refresh_tokens.id')
                  .where('refresh_tokens.family_id', '=', session as string)
                  .whereRef('refresh_tokens.user_id', '=', 'users.id')
                  .whereRef('refresh_tokens.device_id', '=', 'devices.id')
                  .where('refresh_tokens.revoked_at', 'is', null),
              )
              .as('session_on'),
          )
          .where('users.id', '=', user as string),
      claims.device,
      claims.sub,
      claims.sid,
    )
  ).rows;
  if (!row || row.revoked_at !== null) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.deviceRevoked');
  if (!row.session_on) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.sessionEnded');
  if (row.active !== 1) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.accountInactive');
  if (row.user_court !== claims.court || row.device_court !== claims.court) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.tokenInvalid');
  const current = JSON.parse(row.roles) as Role[];
  const roles = claims.roles.filter((r) => current.includes(r));
  if (roles.length === 0) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.accountInactive');
  return { userId: claims.sub, roles, courtId: claims.court, deviceId: claims.device };
}

/** preHandler: a verified caller holding one of `roles` (any role when none is given). */
export function requireAuth(deps: AuthDeps, roles?: readonly Role[]): preHandlerAsyncHookHandler {
  return async (request) => {
    const auth = await authenticate(deps, request.headers.authorization);
    if (roles && !auth.roles.some((r) => roles.includes(r))) throw forbidden(request.routeOptions.url ?? 'route');
    request.auth = auth;
  };
}

/** The caller of a route behind requireAuth. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
  return request.auth;
}

/** A court's data is for its own people only: a token of court A reads nothing of court B. */
export function assertCourt(auth: AuthContext, courtId: string): void {
  if (auth.courtId !== courtId) throw forbidden('otherCourt');
}

