// The sync API (ARCHITECTURE §4), version 2 and the previous release's 1 (protocol-versions.ts):
// push and pull for a signed-in user on an enrolled device of the court whose records move. Each
// request is checked by the protocol's schema; the device and court come from the caller's token,
// never from the body. Commands run in the court's environment: the court journal (its chain and
// change log, behind the court's lock) and the server's number authority. Counted in /metrics.
import type { FastifyReply } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { z } from 'zod';
import type { CommandEnv, Db } from '../../domain';
import { errorResponseSchema } from '../../shared/schemas/server-api';
import { OLDEST_SYNC_PROTOCOL, pullRequestSchema, pullResponseSchema, pushRequestSchema, pushResponseSchema } from '../../shared/schemas/sync';
import { pullRequestV1Schema, pullResponseV1Schema, pushRequestV1Schema } from '../../shared/schemas/sync-v1';
import type { MahkamaServer } from '../app';
import { authOf } from '../auth/require-auth';
import type { ServerAuth } from '../auth/routes';
import { serverCommandEnvs } from '../command-env';
import { applyPush, type PushTarget } from './apply-push';
import { checkProtocol, mutationsOfPush, pullJsonFor, pullRequestOf } from './protocol-versions';
import { pullStoredForDevice } from './pull-for-device';

export interface SyncRoutesOptions {
  db: Db;
  auth: Pick<ServerAuth, 'requireAuth'>;
  now?: () => Date;
  /** Write transactions at once: 1 on SQLite (one writer), several on PostgreSQL. */
  writeConcurrency?: number;
  /** The oldest protocol served (default: the previous release's); older desks are told to update. */
  oldestProtocol?: number;
  /** The courts' environments (default: this process's own, see command-env.ts). */
  envOf?: (courtId: string) => CommandEnv;
  /** Told after a push applied something: the extension job looks at signed judgments (src/server/ltv). */
  onApplied?: (courtId: string, names: readonly string[]) => void;
}

export { SERVER_WRITE_GROUP_SIZE } from '../command-env';

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 413: errorResponseSchema, 422: errorResponseSchema, 426: errorResponseSchema };
const pushBody = z.discriminatedUnion('protocol', [pushRequestSchema, pushRequestV1Schema]);
const pullBody = z.discriminatedUnion('protocol', [pullRequestSchema, pullRequestV1Schema]);

export function syncRoutes(opts: SyncRoutesOptions): (app: MahkamaServer) => void {
  const envOf = opts.envOf ?? serverCommandEnvs({ ...(opts.now ? { now: opts.now } : {}), ...(opts.writeConcurrency !== undefined ? { writeConcurrency: opts.writeConcurrency } : {}) });

  return (app) => {
    const mutations = new Counter({ name: 'mahkama_sync_mutations_total', help: 'Pushed mutations answered, by outcome', labelNames: ['outcome'], registers: [app.metricsRegistry] });
    const pulled = new Counter({ name: 'mahkama_sync_pulled_changes_total', help: 'Changes served by pull', registers: [app.metricsRegistry] });
    const seconds = new Histogram({
      name: 'mahkama_sync_request_seconds',
      help: 'Time to answer a push or a pull',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers: [app.metricsRegistry],
    });
    const signedIn = opts.auth.requireAuth();
    const oldest = opts.oldestProtocol ?? OLDEST_SYNC_PROTOCOL;
    const served = checkProtocol(oldest);
    const targetOf = (courtId: string, deviceId: string): PushTarget => ({ db: opts.db, env: envOf(courtId), deviceId, authorsSignedInHere: true });

    app.post(
      '/v1/sync/push',
      {
        // Before the body is validated: who calls is checked first, and a stranger learns nothing of the protocol.
        preValidation: [signedIn, served],
        schema: { tags: ['sync'], summary: "Push the device's mutations in order; each gets its own outcome", body: pushBody, response: { 200: pushResponseSchema, ...errors } },
      },
      async (request) => {
        const auth = authOf(request);
        const end = seconds.startTimer({ kind: 'push' });
        try {
          const pushed = mutationsOfPush(request.body, oldest);
          const outcomes = await applyPush(targetOf(auth.courtId, auth.deviceId), pushed);
          for (const o of outcomes) mutations.inc({ outcome: o.outcome });
          const applied = new Set(outcomes.filter((o) => o.outcome === 'applied').map((o) => o.mutationId));
          if (applied.size > 0) opts.onApplied?.(auth.courtId, pushed.filter((m) => applied.has(m.mutationId)).map((m) => m.name));
          return { outcomes };
        } finally {
          end();
        }
      },
    );

    app.post(
      '/v1/sync/pull',
      {
        // Before the body is validated: who calls is checked first, and a stranger learns nothing of the protocol.
        preValidation: [signedIn, served],
        schema: {
          tags: ['sync'],
          summary: "The changes of the device's court after its cursor, its blocks of serials and the records it asked for again",
          body: pullBody,
          response: { 200: z.union([pullResponseSchema, pullResponseV1Schema]), ...errors },
        },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const end = seconds.startTimer({ kind: 'pull' });
        try {
          const page = await pullStoredForDevice(targetOf(auth.courtId, auth.deviceId), { userId: auth.userId, roles: auth.roles }, pullRequestOf(request.body));
          pulled.inc(page.changes.length);
          // Already JSON (the stored rows as they are, pullJsonFor): Fastify sends a string of a JSON
          // type unchanged, past the response schema, which stays the route's documented answer.
          return (reply as unknown as FastifyReply).type('application/json; charset=utf-8').send(pullJsonFor(request.body.protocol, page));
        } finally {
          end();
        }
      },
    );
  };
}
