// The one write path (ARCHITECTURE §3): validate → check the role → ONE transaction that runs the
// command, then records it in the store's journal (desk: outbox row and hash-chained audit entry). If any step throws,
// nothing of that command is written and the caller gets an AppError. There is no other way to write.
//
// Group commit: commands that arrive while another transaction is open (several callers at once:
// clerks on a server, a sync apply, Promise.all) are run together in the next transaction. Every
// caller is answered only after the COMMIT that made its command durable; if that COMMIT fails,
// every command of the group fails and nothing of them is written. A lone caller gets a
// transaction of its own. Why: a commit costs more than a whole command's work on SQLite.
// A group first runs with no savepoints (a SAVEPOINT makes SQLite's full-text index write its
// pending terms out, which cost a registration about a tenth of its time); if any command of it
// fails, that attempt is rolled back whole and the group runs again with one SAVEPOINT per
// command, so the failing one fails alone. Running a command twice is safe because a command
// writes nothing outside its transaction (ids and HLC ticks it drew are simply not used).
import { CompiledQuery } from 'kysely';
import { AppError, forbidden, parseOrThrow, toAppError } from '../shared/errors';
import type { Role } from '../shared/enums';
import { MAX_DRIFT_MS } from '../shared/hlc';
import { newId } from '../shared/ids';
import { commandSchemas, type CommandArgs, type CommandName, type CommandResult } from '../shared/schemas/commands';
import { emptyGeneratedValues, mutationOriginSchema, type GeneratedValues, type IdKind, type MutationOrigin } from '../shared/schemas/mutation';
import type { AuditHighWater } from './audit-chain';
import { COMMANDS } from './commands';
import { deskJournal } from './desk-journal';
import { runPrepared } from './prepared-queries';
import { forgetReads } from './tx-reads';
import { flushWriteBehind, startWriteBehind } from './write-behind';
import type { Db, Tx } from './db-schema';
import { courtLocalNow } from './rules/court-calendar';
import { assertMayRun, rolesAllow } from './rules/permissions';
import type { Actor, CommandContext, CommandDefinition, CommandEnv, Journal, JournalTx } from './types';
import { isUniqueViolation } from './unique-violation';

/** At most this many commands share one commit by default: bounds how long a caller waits behind others. */
export const MAX_GROUP_SIZE = 32;

type ActorRow = { court_id: string; roles: string; active: number };

/**
 * What one transaction has learnt that the next command of the same transaction may reuse: the
 * journal's state (begun by the transaction's first command: on the desk, the chain's tip read
 * and checked against the high-water mark, then the entry it appended last) and the users it read
 * to check actors (forgotten as soon as a command changes a user).
 */
interface TxState {
  journals: Map<Journal, JournalTx>;
  actors: Map<string, ActorRow | undefined>;
  /** No savepoints: journals may defer their writes to `finishJournals`, just before the COMMIT. */
  deferred: boolean;
}

function newTxState(deferred: boolean): TxState {
  return { journals: new Map(), actors: new Map(), deferred };
}

async function finishJournals(state: TxState): Promise<void> {
  for (const j of state.journals.values()) await j.finish();
}

// One desk journal per high-water source, so that commands of one store share one journal state.
const defaultJournal = deskJournal();
const deskJournals = new WeakMap<AuditHighWater, Journal>();
function journalOf(env: CommandEnv): Journal {
  if (env.journal) return env.journal;
  if (!env.auditHighWater) return defaultJournal;
  let j = deskJournals.get(env.auditHighWater);
  if (!j) {
    j = deskJournal(env.auditHighWater);
    deskJournals.set(env.auditHighWater, j);
  }
  return j;
}

async function journalTx(trx: Tx, state: TxState, journal: Journal): Promise<JournalTx> {
  let jtx = state.journals.get(journal);
  if (!jtx) {
    jtx = await journal.begin(trx, { deferred: state.deferred });
    state.journals.set(journal, jtx);
  }
  return jtx;
}

/** Ids drawn on this device: new UUIDv7s, recorded per kind for the mutation. */
function drawIds(drawn: GeneratedValues): (kind: IdKind) => string {
  return (kind) => {
    const id = newId();
    (drawn.ids[kind] ??= []).push(id);
    return id;
  };
}

/** A re-run mutation's ids: the next id its device drew for that kind, none left → mismatch. */
function replayIds(origin: MutationOrigin, drawn: GeneratedValues): (kind: IdKind) => string {
  const used = new Map<IdKind, number>();
  return (kind) => {
    const i = used.get(kind) ?? 0;
    const id = origin.generated.ids[kind]?.[i];
    if (id === undefined) throw new AppError('MUTATION_MISMATCH', 'errors.sync.mutationMismatch', { params: { kind } });
    used.set(kind, i + 1);
    (drawn.ids[kind] ??= []).push(id);
    return id;
  };
}

/** The clock learns a re-run mutation's HLC, so what this store writes next sorts after it. */
function receiveHlc(env: CommandEnv, hlc: string): string {
  try {
    env.clock.receive(hlc);
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', 'errors.sync.clockAhead', { cause: err });
  }
  return hlc;
}

/** The actor must still be an active user of this court holding a role that allows the command. */
async function assertActorStillAllowed(trx: Tx, state: TxState, env: CommandEnv, actor: Actor, name: CommandName): Promise<void> {
  let user = state.actors.get(actor.userId);
  if (!state.actors.has(actor.userId)) {
    [user] = (
      await runPrepared(trx, 'actor-still-allowed', (t, id) => t.selectFrom('users').select(['court_id', 'roles', 'active']).where('id', '=', id as string), actor.userId)
    ).rows;
    state.actors.set(actor.userId, user);
  }
  if (!user || user.active !== 1 || user.court_id !== env.courtId) throw forbidden(name);
  const current = JSON.parse(user.roles) as Role[];
  const roles = actor.roles.filter((r) => current.includes(r));
  if (!rolesAllow(roles, name)) throw forbidden(name);
}

/**
 * PostgreSQL gave up on the transaction to break a deadlock or keep transactions serializable:
 * nothing of it was written, and the same transaction run again may well succeed.
 */
function isTransientConflict(err: unknown): boolean {
  const code = (err as { code?: unknown; cause?: { code?: unknown } }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
  return code === '40P01' || code === '40001';
}

/** The unique index on case numbers is the last line of defence: a clash is a conflict, not a crash. */
function asAppError(err: unknown): AppError {
  if (isUniqueViolation(err)) return new AppError('CONFLICT', 'errors.conflict', { cause: err });
  return toAppError(err);
}

interface Queued {
  env: CommandEnv;
  actor: Actor | null;
  name: CommandName;
  args: unknown;
  origin: MutationOrigin | null;
  resolve: (value: unknown) => void;
  reject: (err: AppError) => void;
}

/** Runs one validated command inside an open transaction: its rows, then its journal entry. */
async function writeCommand(trx: Tx, item: Queued, state: TxState): Promise<unknown> {
  const { env, actor, name, args, origin } = item;
  const command = COMMANDS[name] as unknown as CommandDefinition<CommandName>;
  // Once per transaction: on the desk, a chain whose tip lies below its high-water mark is never appended to.
  const journal = await journalTx(trx, state, journalOf(env));
  await journal.beforeCommand(env.courtId);
  if (actor) await assertActorStillAllowed(trx, state, env, actor, name);
  const now = env.now();
  // A device whose clock runs ahead cannot judge its commands by tomorrow's rules.
  if (origin && Date.parse(origin.at) - now.getTime() > MAX_DRIFT_MS) throw new AppError('VALIDATION_FAILED', 'errors.sync.clockAhead');
  // A re-run mutation is judged at the time it ran on its device, and recorded now.
  const wallTime = origin ? origin.at : now.toISOString();
  const local = courtLocalNow(origin ? new Date(origin.at) : now);
  const generated = emptyGeneratedValues();
  const ctx: CommandContext = {
    env,
    actor,
    hlc: origin ? receiveHlc(env, origin.hlc) : env.clock.tick(),
    wallTime,
    today: local.date,
    timeNow: local.time,
    newId: origin ? replayIds(origin, generated) : drawIds(generated),
    newOwnId: () => newId(),
    origin,
    generated,
    written: new Map(),
  };
  const out = await command.execute(trx, ctx, args as CommandArgs<CommandName>);
  if (env.beforeRecord) await env.beforeRecord(trx, ctx, out);

  const journalUserId = actor?.userId ?? out.outboxUserId ?? null;
  await journal.record({
    name,
    args: command.outboxArgs ? command.outboxArgs(args as CommandArgs<CommandName>) : args,
    baseVersions: out.baseVersions,
    generated,
    hlc: ctx.hlc,
    wallTime,
    recordedAt: origin ? now.toISOString() : null,
    deviceId: origin ? origin.deviceId : env.deviceId,
    courtId: env.courtId,
    mutationId: origin?.mutationId ?? null,
    result: out.result,
    actorUserId: actor?.userId ?? null,
    journalUserId,
    changes: out.changes,
    caseIds: [...new Set(out.caseIds ?? [])],
    written: ctx.written,
  });
  if (out.changes.some((c) => c.entity === 'user')) state.actors.clear();
  return out.result;
}

// Plain SQL, the same on every engine: built once rather than compiled again for each command.
const SAVEPOINT = CompiledQuery.raw('SAVEPOINT mahkama_command');
const RELEASE_SAVEPOINT = CompiledQuery.raw('RELEASE SAVEPOINT mahkama_command');
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('ROLLBACK TO SAVEPOINT mahkama_command');

type Outcome = { ok: true; value: unknown } | { ok: false; error: AppError };

function answer(group: readonly Queued[], outcomes: readonly Outcome[]): void {
  group.forEach((item, i) => {
    const o = outcomes[i]!;
    if (o.ok) item.resolve(o.value);
    else item.reject(o.error);
  });
}

/**
 * The whole group in one transaction, no savepoints. 'retry' when a command failed (the attempt
 * is rolled back, nothing of it written); otherwise every caller is answered: with its result
 * after the COMMIT, or with the failure when the transaction itself could not begin or commit.
 */
async function commitAllOrNothing(db: Db, group: readonly Queued[]): Promise<'answered' | 'retry' | 'again'> {
  const values: unknown[] = [];
  let commandFailed = false;
  let transient = false;
  try {
    await db.transaction().execute(async (trx) => {
      const state = newTxState(true);
      startWriteBehind(trx);
      for (const item of group) {
        try {
          values.push(await writeCommand(trx, item, state));
        } catch (err) {
          commandFailed = true;
          transient = isTransientConflict(err);
          throw err;
        }
      }
      // What the journals deferred: a failure here is retried command by command, like a command's.
      try {
        await flushWriteBehind(trx);
        await finishJournals(state);
      } catch (err) {
        commandFailed = true;
        transient = isTransientConflict(err);
        throw err;
      }
    });
  } catch (err) {
    if (transient || isTransientConflict(err)) return 'again';
    // A lone command that failed has its answer: no need to run it again in a savepoint.
    if (commandFailed && group.length === 1) {
      group[0]!.reject(asAppError(err));
      return 'answered';
    }
    if (commandFailed) return 'retry';
    const failure = asAppError(err);
    for (const item of group) item.reject(failure);
    return 'answered';
  }
  answer(
    group,
    values.map((value) => ({ ok: true, value })),
  );
  return 'answered';
}

/** One transaction for a group; each command of a group of several sits in its own savepoint. */
async function commitEachInSavepoint(db: Db, group: readonly Queued[]): Promise<void> {
  const outcomes: Outcome[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      if (group.length === 1) {
        const state = newTxState(false);
        outcomes.push({ ok: true, value: await writeCommand(trx, group[0]!, state) });
        await finishJournals(state);
        return;
      }
      const state = newTxState(false);
      for (const item of group) {
        // Begun outside the savepoint, so that rolling a command back also rolls back what its
        // journal learnt inside it (a court's lock and head, which the rollback releases).
        await journalTx(trx, state, journalOf(item.env));
        const journalMarks = [...state.journals.values()].map((j) => j.savepoint());
        await trx.executeQuery(SAVEPOINT);
        try {
          const value = await writeCommand(trx, item, state);
          await trx.executeQuery(RELEASE_SAVEPOINT);
          outcomes.push({ ok: true, value });
        } catch (err) {
          // Rolled back: its journal entry is gone, and a user it changed is as it was.
          for (const mark of journalMarks) mark.rollback();
          state.actors.clear();
          forgetReads(trx);
          // If SQLite already rolled the whole transaction back, this throws and fails the group.
          await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
          await trx.executeQuery(RELEASE_SAVEPOINT);
          outcomes.push({ ok: false, error: asAppError(err) });
        }
      }
      await finishJournals(state);
    });
  } catch (err) {
    // Nothing of the group was committed: every caller fails (with its own error if it had one).
    const failure = asAppError(err);
    group.forEach((item, i) => {
      const o = outcomes[i];
      item.reject(o && !o.ok ? o.error : failure);
    });
    return;
  }
  answer(group, outcomes);
}

/** How often a group the engine broke off (deadlock, serialization) is run again whole. */
const TRANSIENT_ATTEMPTS = 5;

async function commitGroup(db: Db, group: readonly Queued[]): Promise<void> {
  // A group of one runs all-or-nothing too: it is the same transaction, and a deadlock is retried.
  for (let attempt = 1; ; attempt++) {
    const r = await commitAllOrNothing(db, group);
    if (r === 'answered') return;
    if (r === 'retry' || attempt >= TRANSIENT_ATTEMPTS) break;
    // Another writer holds what this group needs: let it finish, then run the group again.
    await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
  }
  await commitEachInSavepoint(db, group);
}

interface WriteQueue {
  waiting: Queued[];
  /** Groups in flight, each in its own transaction. */
  running: number;
  /** How many may be: 1 on SQLite (one writer), more where the engine takes several. */
  concurrency: number;
  /** Commands per transaction at most. */
  groupSize: number;
  scheduled: boolean;
}
const queues = new WeakMap<Db, WriteQueue>();

/** Starts groups of waiting commands while fewer than `concurrency` transactions are open. */
function pump(db: Db, q: WriteQueue): void {
  q.scheduled = false;
  while (q.running < q.concurrency && q.waiting.length > 0) {
    const group = q.waiting.splice(0, q.groupSize);
    q.running++;
    void commitGroup(db, group).finally(() => {
      q.running--;
      pump(db, q);
    });
  }
}

/**
 * Runs a command through the one write path. `origin`: the command already ran on another device
 * and is re-run here on authoritative state (a pushed mutation, ARCHITECTURE §4).
 */
export async function runCommand<N extends CommandName>(
  db: Db,
  env: CommandEnv,
  actor: Actor | null,
  name: N,
  input: unknown,
  originInput?: unknown,
): Promise<CommandResult<N>> {
  const schema = Object.hasOwn(commandSchemas, name) ? commandSchemas[name] : undefined;
  if (!schema) throw new AppError('VALIDATION_FAILED', 'errors.unknownCommand', { params: { name: String(name) } });
  const args = parseOrThrow(schema.args, input) as CommandArgs<N>;
  const origin = originInput === undefined ? null : parseOrThrow(mutationOriginSchema, originInput);
  assertMayRun(actor, name);
  // The store's keeper may refuse every write (a damaged file) before any transaction begins.
  if (env.beforeWrite) await env.beforeWrite();

  let q = queues.get(db);
  if (!q) {
    q = { waiting: [], running: 0, concurrency: Math.max(1, env.writeConcurrency ?? 1), groupSize: Math.max(1, env.writeGroupSize ?? MAX_GROUP_SIZE), scheduled: false };
    queues.set(db, q);
  }
  // The store's own environment (the server's) sets the group size, whichever command came first.
  if (env.writeGroupSize !== undefined) q.groupSize = Math.max(1, env.writeGroupSize);
  const queue = q;
  const done = new Promise<unknown>((resolve, reject) => queue.waiting.push({ env, actor, name, args, origin, resolve, reject }));
  if (!queue.scheduled && queue.running < queue.concurrency) {
    queue.scheduled = true;
    // Start on the next microtask, so commands issued in the same tick share the first commit.
    queueMicrotask(() => pump(db, queue));
  }
  return (await done) as CommandResult<N>;
}
