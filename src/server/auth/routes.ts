// The /v1 routes of auth and enrolment (ARCHITECTURE §7), registered through buildServer's
// `routes`: enrol a device, sign in, refresh, sign out, who am I, and the court's user list (the
// first court-scoped route: RBAC by role and by court). Every body and answer has its zod schema in
// src/shared/schemas/server-auth.ts, so they appear in the OpenAPI document and the desk shares them.
import type { FastifyReply, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { getAppUser, listUsers, assertMayRead } from '../../domain';
import type { Db } from '../../domain/db-schema';
import type { Role } from '../../shared/enums';
import { AppError } from '../../shared/errors';
import { errorResponseSchema } from '../../shared/schemas/server-api';
import {
  courtParamsSchema,
  courtUsersResponseSchema,
  enrolRequestSchema,
  enrolResponseSchema,
  loginRequestSchema,
  logoutRequestSchema,
  meResponseSchema,
  refreshRequestSchema,
  tokenResponseSchema,
} from '../../shared/schemas/server-auth';
import type { MahkamaServer } from '../app';
import type { ServerConfig } from '../config';
import { enrolDevice } from './devices';
import { assertCourt, authenticate, authOf, requireAuth, type AuthContext, type AuthDeps } from './require-auth';
import { ENROL_RATE_LIMIT, enrolIpBucket, reserveAttempt, tooManyEnrolments, type RateLimit } from './rate-limit';
import { login, logout, refresh, type SessionDeps } from './sessions';
import { accessTokens } from './tokens';

export interface AuthRoutesOptions {
  db: Db;
  jwt: ServerConfig['jwt'];
  /** The server's clock (tests move it to expire tokens and codes). */
  now?: () => Date;
  loginLimit?: RateLimit;
  enrolLimit?: RateLimit;
}

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 429: errorResponseSchema };

export interface ServerAuth {
  /** Registers the routes (buildServer's `routes`, or inside it beside others). */
  routes(app: MahkamaServer): void;
  /** The preHandler later routes (sync) stand on: a verified user on a device, holding one of `roles`. */
  requireAuth(roles?: readonly Role[]): preHandlerAsyncHookHandler;
  /** The same check for a route that decides for itself (blobs): the caller of an Authorization header. */
  authenticate(authorization: string | undefined): Promise<AuthContext>;
}

export function createServerAuth(opts: AuthRoutesOptions): ServerAuth {
  const now = opts.now ?? (() => new Date());
  const tokens = accessTokens(opts.jwt);
  const sessions: SessionDeps = { db: opts.db, tokens, jwt: opts.jwt, now, ...(opts.loginLimit ? { loginLimit: opts.loginLimit } : {}) };
  const authDeps: AuthDeps = { db: opts.db, tokens, now };
  const signedIn = requireAuth(authDeps);

  const routes = (app: MahkamaServer): void => {
    app.decorateRequest('auth', null);

    app.post(
      '/v1/devices/enrol',
      {
        schema: {
          tags: ['auth'],
          summary: `Enrol a workstation with a one-time code (${(opts.enrolLimit ?? ENROL_RATE_LIMIT).max} attempts a minute per IP)`,
          body: enrolRequestSchema,
          response: { 201: enrolResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        const at = now();
        // Counted before the code is looked up, so a flood of guesses meets the limit first.
        await withRetryAfter(reply, () => reserveAttempt(opts.db, [enrolIpBucket(request.ip)], at.getTime(), opts.enrolLimit ?? ENROL_RATE_LIMIT, tooManyEnrolments));
        return reply.code(201).send(await enrolDevice(opts.db, request.body, at));
      },
    );

    app.post(
      '/v1/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in a user on an enrolled device (5 attempts a minute per IP and per user name)',
          body: loginRequestSchema,
          response: { 200: tokenResponseSchema, ...errors },
        },
      },
      async (request, reply) => reply.send(await withRetryAfter(reply, () => login(sessions, request.body, request.ip))),
    );

    app.post(
      '/v1/auth/refresh',
      { schema: { tags: ['auth'], summary: 'Exchange a refresh token for the next pair (once)', body: refreshRequestSchema, response: { 200: tokenResponseSchema, ...errors } } },
      async (request) => refresh(sessions, request.body),
    );

    app.post(
      '/v1/auth/logout',
      {
        preHandler: signedIn,
        schema: { tags: ['auth'], summary: "End this device's session (its refresh tokens)", body: logoutRequestSchema, response: { 204: z.null().describe('Signed out.'), ...errors } },
      },
      async (request, reply) => {
        await logout(sessions, authOf(request), request.body.refreshToken);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/v1/me',
      { preHandler: signedIn, schema: { tags: ['auth'], summary: 'The signed-in user, their court and device', response: { 200: meResponseSchema, ...errors } } },
      async (request) => {
        const auth = authOf(request);
        const [user, court, device] = await Promise.all([
          getAppUser(opts.db, auth.userId),
          opts.db.selectFrom('courts').select(['id', 'code', 'name_ar', 'name_fr']).where('id', '=', auth.courtId).executeTakeFirst(),
          opts.db.selectFrom('devices').select(['id', 'tag', 'name']).where('id', '=', auth.deviceId).executeTakeFirst(),
        ]);
        if (!user || !court || !device) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
        return {
          user: { ...user, roles: auth.roles },
          court: { id: court.id, code: court.code, nameAr: court.name_ar, nameFr: court.name_fr },
          device,
        };
      },
    );

    app.get(
      '/v1/courts/:courtId/users',
      {
        preHandler: signedIn,
        schema: { tags: ['auth'], summary: "The court's users (admin, president)", params: courtParamsSchema, response: { 200: courtUsersResponseSchema, ...errors } },
      },
      async (request) => {
        const auth = authOf(request);
        assertCourt(auth, request.params.courtId);
        assertMayRead({ userId: auth.userId, roles: auth.roles }, 'listUsers');
        return { users: await listUsers(opts.db, auth.courtId) };
      },
    );
  };
  return { routes, requireAuth: (roles) => requireAuth(authDeps, roles), authenticate: (authorization) => authenticate(authDeps, authorization) };
}

/** Runs `fn`; a rate limit's refusal also tells the client when to try again (Retry-After). */
async function withRetryAfter<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.code === 'TOO_MANY_REQUESTS') void reply.header('retry-after', String(err.params?.seconds ?? 60));
    throw err;
  }
}

/** The auth routes alone, for buildServer's `routes`. */
export function authRoutes(opts: AuthRoutesOptions): (app: MahkamaServer) => void {
  return createServerAuth(opts).routes;
}
