// Applies a device's pushed mutations on authoritative state (ARCHITECTURE §4), in the device's
// order (sharing transactions, see applyPush), each with an outcome of its own:
// - seen before (same device, same mutation id): the stored outcome, never applied twice — if it is
//   the same mutation (command, author, HLC); another one under that number is refused;
// - by an author who never signed in on the device (over HTTP): refused before anything runs;
// - applied: the domain command re-run with the mutation's origin (its ids, numbers, time and
//   HLC) through the one write path, recorded by the court journal with its outcome in the same
//   transaction;
// - based on an older version of its record: re-run on the record as it is now; if it changes no
//   field that others changed since its base (to another value), it merges and is applied;
//   otherwise it is a conflict — base / mine / theirs per field, nothing of it applied;
// - refused by a rule: rejected with the reason (a typed error with its catalogue key, for the
//   desk to show in the clerk's language). Only refusals that would come again are final; a fault of the server's own (its
//   database unreachable, an internal error) fails the push, so the desk retries it later.
import { changedSince, conflictingFields, currentVersion, runCommand, type Actor, type CommandEnv, type Db, type MutationOrigin, type Tx } from '../../domain';
import { runPrepared } from '../../domain/prepared-queries';
import { canonicalJson } from '../../shared/canonical-json';
import type { Role } from '../../shared/enums';
import { AppError, toAppError, type AppErrorData, type ErrorCode } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { CommandName } from '../../shared/schemas/commands';
import type { Conflict, ConflictField, MutationOutcome, PushedMutation } from '../../shared/schemas/sync';

/** Refusals a later attempt would meet again: the mutation's own, recorded as its outcome. */
const FINAL_REJECTIONS: ReadonlySet<ErrorCode> = new Set([
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'STALE_VERSION',
  'FORBIDDEN',
  'RULE_VIOLATION',
  'CONFLICT',
  'CONFIRMATION_REQUIRED',
  'MUTATION_MISMATCH',
  'ALREADY_SET_UP',
  'NOT_SET_UP',
]);

/** A record changed again while a mutation was being merged: try again on the newer version. */
const MERGE_ATTEMPTS = 3;

export interface PushTarget {
  db: Db;
  /** The environment commands of this device's court run in (its journal is the court journal). */
  env: CommandEnv;
  /** The device that pushed, as its credential proved. */
  deviceId: string;
  /**
   * Set by the HTTP route: a mutation's author must have signed in online on this device (a
   * refresh token of theirs for it — kept for good, revoked or not), so one person's credentials
   * cannot lend another's roles. In-process callers (tests, benches) act as the server itself.
   */
  authorsSignedInHere?: boolean;
}

interface StoredRow {
  outcome: string;
  detail: string;
}

function outcomeOf(mutationId: number, row: StoredRow): MutationOutcome {
  const detail = JSON.parse(row.detail) as { result?: unknown; error?: AppErrorData; conflict?: Conflict };
  if (row.outcome === 'applied') return { mutationId, outcome: 'applied', result: detail.result ?? null };
  if (row.outcome === 'conflict') return { mutationId, outcome: 'conflict', conflict: detail.conflict! };
  return { mutationId, outcome: 'rejected', error: detail.error! };
}

async function storedOutcome(t: PushTarget, mutationId: number): Promise<MutationOutcome | undefined> {
  const row = await t.db
    .selectFrom('mutations')
    .select(['outcome', 'detail'])
    .where('device_id', '=', t.deviceId)
    .where('mutation_id', '=', mutationId)
    .executeTakeFirst();
  return row ? outcomeOf(mutationId, row) : undefined;
}

interface Author {
  actor: Actor;
  /** Has signed in online on the pushing device (always, where the target does not ask). */
  signedInHere: boolean;
}

/** The mutation's author as the server knows them now: the re-run checks court, activity and role. */
async function authorOf(t: PushTarget, userId: string): Promise<Author> {
  const [user] = (
    await runPrepared(
      t.db,
      'push-author',
      (q, id, court, device) =>
        q
          .selectFrom('users')
          .select('roles')
          .select((eb) =>
            eb
              .exists(eb.selectFrom('refresh_tokens').select('refresh_tokens.id').whereRef('refresh_tokens.user_id', '=', 'users.id').where('refresh_tokens.device_id', '=', device as string))
              .as('signed_in_here'),
          )
          .where('id', '=', id as string)
          .where('court_id', '=', court as string),
      userId,
      t.env.courtId,
      t.deviceId,
    )
  ).rows;
  return { actor: { userId, roles: user ? (JSON.parse(user.roles) as Role[]) : [] }, signedInHere: !t.authorsSignedInHere || Boolean(user?.signed_in_here) };
}

/** Records a final outcome other than "applied"; a mutation recorded meanwhile keeps its own. */
async function recordOutcome(
  t: PushTarget,
  m: PushedMutation,
  outcome: 'rejected' | 'conflict',
  detail: unknown,
  alsoWrite?: (trx: Tx) => Promise<void>,
): Promise<MutationOutcome> {
  await t.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('mutations')
      .values({
        device_id: t.deviceId,
        mutation_id: m.mutationId,
        court_id: t.env.courtId,
        name: m.name,
        user_id: m.userId,
        hlc: m.hlc,
        outcome,
        detail: canonicalJson(detail),
        received_at: t.env.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(['device_id', 'mutation_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 && alsoWrite) await alsoWrite(trx);
  });
  return (await storedOutcome(t, m.mutationId))!;
}

async function reject(t: PushTarget, m: PushedMutation, err: AppError): Promise<MutationOutcome> {
  return recordOutcome(t, m, 'rejected', { error: err.toData() });
}

async function recordConflict(t: PushTarget, m: PushedMutation, entity: string, entityId: string, baseVersion: number, serverVersion: number, fields: ConflictField[]): Promise<MutationOutcome> {
  const conflict: Conflict = { id: newId(), entity, entityId, baseVersion, serverVersion, fields };
  return recordOutcome(t, m, 'conflict', { conflict }, async (trx) => {
    await trx
      .insertInto('conflicts')
      .values({
        id: conflict.id,
        court_id: t.env.courtId,
        device_id: t.deviceId,
        mutation_id: m.mutationId,
        name: m.name,
        args: canonicalJson(m.args),
        user_id: m.userId,
        entity,
        entity_id: entityId,
        base_version: baseVersion,
        server_version: serverVersion,
        fields: canonicalJson(fields),
        status: 'open',
        created_at: t.env.now().toISOString(),
        resolved_by: null,
        resolved_at: null,
      })
      .execute();
  });
}

function originOf(t: PushTarget, m: PushedMutation): MutationOrigin {
  return { deviceId: t.deviceId, mutationId: m.mutationId, at: m.at, hlc: m.hlc, generated: m.generated };
}

/**
 * The mutation was based on an older version of its record: re-run it on the version that stands,
 * and keep it only if it overwrites nothing someone else changed since its base.
 */
async function mergeOrConflict(t: PushTarget, m: PushedMutation, actor: Actor, stale: AppError): Promise<MutationOutcome> {
  const bases = Object.entries(m.baseVersions);
  const args = m.args as Record<string, unknown> | null;
  const entity = typeof stale.params?.entity === 'string' ? stale.params.entity : undefined;
  if (bases.length !== 1 || !entity || typeof args !== 'object' || args === null || args.baseVersion !== bases[0]![1]) return reject(t, m, stale);
  const [entityId, baseVersion] = bases[0]!;

  let err: AppError = stale;
  for (let attempt = 0; attempt < MERGE_ATTEMPTS && err.code === 'STALE_VERSION'; attempt++) {
    const serverVersion = await currentVersion(t.db, entity, entityId);
    if (serverVersion === undefined) return reject(t, m, stale);
    const log = await t.db.selectFrom('change_log').select('changed').where('entity_id', '=', entityId).where('version', '>', baseVersion).orderBy('court_id').orderBy('seq').execute();
    const theirs = changedSince(log.map((r) => JSON.parse(r.changed) as Record<string, [unknown, unknown]>));
    let fields: ConflictField[] = [];
    const env: CommandEnv = {
      ...t.env,
      beforeRecord: (_trx, _ctx, out) => {
        fields = conflictingFields(out.changes, entityId, theirs);
        if (fields.length > 0) throw new AppError('CONFLICT', 'errors.sync.conflict');
      },
    };
    try {
      const result = await runCommand(t.db, env, actor, m.name as CommandName, { ...args, baseVersion: serverVersion }, originOf(t, m));
      return { mutationId: m.mutationId, outcome: 'applied', result };
    } catch (e) {
      err = toAppError(e);
      if (fields.length > 0) return recordConflict(t, m, entity, entityId, baseVersion, serverVersion, fields);
    }
  }
  if (!FINAL_REJECTIONS.has(err.code)) throw err;
  return reject(t, m, err);
}

/**
 * What a first attempt that failed leads to: the stored outcome (raced), a merge, or a rejection.
 * `again`: an earlier mutation of the push failed its first attempt too and has just been settled
 * (merged, say), so this one — which may need what that one made — runs once more, in order,
 * before any refusal is final.
 */
async function settleFailure(t: PushTarget, m: PushedMutation, actor: Actor, e: unknown, again: boolean): Promise<MutationOutcome> {
  let err = toAppError(e);
  // The same mutation pushed twice at once: the first one's outcome stands.
  const raced = await storedOutcome(t, m.mutationId);
  if (raced) return raced;
  if (again && err.code !== 'STALE_VERSION') {
    try {
      const result = await runCommand(t.db, t.env, actor, m.name as CommandName, m.args, originOf(t, m));
      return { mutationId: m.mutationId, outcome: 'applied', result };
    } catch (retryError) {
      err = toAppError(retryError);
    }
  }
  if (err.code === 'STALE_VERSION') return mergeOrConflict(t, m, actor, err);
  if (!FINAL_REJECTIONS.has(err.code)) throw err;
  return reject(t, m, err);
}

/**
 * Applies a push in the device's order; every mutation gets its own outcome. The mutations not
 * seen before are handed to the write path all at once, in order, so they share transactions
 * (group commit: a commit costs more than a mutation's work) while each keeps its own outcome — a
 * failing one is rolled back alone. Those that failed are then settled one by one, in order.
 */
export async function applyPush(t: PushTarget, mutations: readonly PushedMutation[]): Promise<MutationOutcome[]> {
  if (mutations.length === 0) return [];
  // An honest desk sends each of its mutations once: a push naming one twice is malformed.
  const ids = new Set<number>();
  for (const m of mutations) {
    if (ids.has(m.mutationId)) throw new AppError('VALIDATION_FAILED', 'errors.sync.duplicateMutation', { params: { mutationId: m.mutationId } });
    ids.add(m.mutationId);
  }
  const stored = await t.db
    .selectFrom('mutations')
    .select(['mutation_id', 'outcome', 'detail', 'name', 'user_id', 'hlc'])
    .where('device_id', '=', t.deviceId)
    .where(
      'mutation_id',
      'in',
      mutations.map((m) => m.mutationId),
    )
    .execute();
  const byId = new Map(mutations.map((m) => [m.mutationId, m]));
  // Seen before: its stored answer — unless this is another mutation under the same number (a desk
  // restored from an older copy numbers anew): refused, never answered with the other's outcome.
  const seen = new Map(
    stored.map((r): [number, MutationOutcome] => {
      const id = Number(r.mutation_id);
      const m = byId.get(id)!;
      if (m.name !== r.name || m.userId !== r.user_id || m.hlc !== r.hlc) {
        return [id, { mutationId: id, outcome: 'rejected', error: new AppError('MUTATION_MISMATCH', 'errors.sync.mutationIdReused', { params: { mutationId: id } }).toData() }];
      }
      return [id, outcomeOf(id, r)];
    }),
  );
  const authors = new Map<string, Promise<Author>>();
  const authorOnce = (userId: string) => {
    let a = authors.get(userId);
    if (!a) {
      a = authorOf(t, userId);
      authors.set(userId, a);
    }
    return a;
  };
  const outcomes = new Map<number, MutationOutcome>(seen);
  const unseen = mutations.filter((m) => !seen.has(m.mutationId));
  const authorsOfUnseen = await Promise.all(unseen.map((m) => authorOnce(m.userId)));
  // Refused before anything runs: the mutations that follow may build on it, and are refused in turn.
  for (const [i, m] of unseen.entries()) {
    if (!authorsOfUnseen[i]!.signedInHere) outcomes.set(m.mutationId, await reject(t, m, new AppError('FORBIDDEN', 'errors.sync.authorNotSignedInHere', { params: { command: m.name } })));
  }
  const fresh = unseen.filter((_, i) => authorsOfUnseen[i]!.signedInHere);
  const actors = authorsOfUnseen.filter((a) => a.signedInHere).map((a) => a.actor);
  const attempts = await Promise.allSettled(fresh.map((m, i) => runCommand(t.db, t.env, actors[i]!, m.name as CommandName, m.args, originOf(t, m))));
  let settledBefore = false;
  for (const [i, m] of fresh.entries()) {
    const a = attempts[i]!;
    if (a.status === 'fulfilled') {
      outcomes.set(m.mutationId, { mutationId: m.mutationId, outcome: 'applied', result: a.value });
      continue;
    }
    outcomes.set(m.mutationId, await settleFailure(t, m, actors[i]!, a.reason, settledBefore));
    settledBefore = true;
  }
  return mutations.map((m) => outcomes.get(m.mutationId)!);
}
