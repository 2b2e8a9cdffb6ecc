// The sync API (ARCHITECTURE §4), version 2 and the previous release's 1 (protocol-versions.ts):
// push and pull for a signed-in user on an enrolled device of the court whose records move. Each
// request is checked by the protocol's schema; the device and court come from the caller's token,
// never from the body. Commands run in the court's environment: the court journal (its chain and
// change log, behind the court's lock) and the server's number authority. Counted in /metrics.
import { Counter, Histogram } from 'prom-client';
import { z } from 'zod';
import { courtJournal, serverNumberAuthority, type CommandEnv, type Db } from '../../domain';
import { HlcClock } from '../../shared/hlc';
import { newId } from '../../shared/ids';
import { errorResponseSchema } from '../../shared/schemas/server-api';
import { OLDEST_SYNC_PROTOCOL, pullRequestSchema, pullResponseSchema, pushRequestSchema, pushResponseSchema } from '../../shared/schemas/sync';
import { pullRequestV1Schema, pullResponseV1Schema, pushRequestV1Schema } from '../../shared/schemas/sync-v1';
import type { MahkamaServer } from '../app';
import { authOf } from '../auth/require-auth';
import type { ServerAuth } from '../auth/routes';
import { applyPush, type PushTarget } from './apply-push';
import { checkProtocol, mutationsOfPush, pullAnswerFor, pullRequestOf } from './protocol-versions';
import { pullForDevice } from './pull-for-device';

export interface SyncRoutesOptions {
  db: Db;
  auth: Pick<ServerAuth, 'requireAuth'>;
  now?: () => Date;
  /** Write transactions at once: 1 on SQLite (one writer), several on PostgreSQL. */
  writeConcurrency?: number;
  /** The oldest protocol served (default: the previous release's); older desks are told to update. */
  oldestProtocol?: number;
}

/**
 * Mutations per write transaction: four times the desk's group. Measured with `npm run bench:sync`'s
 * registrations on PostgreSQL: 128 applied about 1.45 times as many per second as 32 (a lock, the
 * journal's writes and a COMMIT per transaction, spread over more mutations).
 */
export const SERVER_WRITE_GROUP_SIZE = 128;

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 413: errorResponseSchema, 422: errorResponseSchema, 426: errorResponseSchema };
const pushBody = z.discriminatedUnion('protocol', [pushRequestSchema, pushRequestV1Schema]);
const pullBody = z.discriminatedUnion('protocol', [pullRequestSchema, pullRequestV1Schema]);

export function syncRoutes(opts: SyncRoutesOptions): (app: MahkamaServer) => void {
  const now = opts.now ?? (() => new Date());
  // One clock per server process (its node id unique per process, so two instances' HLCs never tie)
  // and one journal for every court: it keeps each court's head apart.
  const clock = new HlcClock(`server-${newId().slice(-12)}`, () => now().getTime());
  const journal = courtJournal();
  const envs = new Map<string, CommandEnv>();
  const envOf = (courtId: string): CommandEnv => {
    let env = envs.get(courtId);
    if (!env) {
      env = {
        deviceId: 'server',
        deviceTag: 'SERVER',
        courtId,
        clock,
        now,
        numbering: 'server',
        journal,
        numbers: serverNumberAuthority,
        writeConcurrency: opts.writeConcurrency ?? 1,
        writeGroupSize: SERVER_WRITE_GROUP_SIZE,
      };
      envs.set(courtId, env);
    }
    return env;
  };

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
    const targetOf = (courtId: string, deviceId: string): PushTarget => ({ db: opts.db, env: envOf(courtId), deviceId });

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
          const outcomes = await applyPush(targetOf(auth.courtId, auth.deviceId), mutationsOfPush(request.body, oldest));
          for (const o of outcomes) mutations.inc({ outcome: o.outcome });
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
      async (request) => {
        const auth = authOf(request);
        const end = seconds.startTimer({ kind: 'pull' });
        try {
          const page = await pullForDevice(targetOf(auth.courtId, auth.deviceId), { userId: auth.userId, roles: auth.roles }, pullRequestOf(request.body));
          pulled.inc(page.changes.length);
          return pullAnswerFor(request.body.protocol, page);
        } finally {
          end();
        }
      },
    );
  };
}
