// The one write path (ARCHITECTURE §3): validate → check the role → ONE transaction that runs the
// command, then writes its outbox row and its hash-chained audit entry. If any step throws,
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
import { canonicalJson } from '../shared/canonical-json';
import type { Role } from '../shared/enums';
import { AppError, forbidden, parseOrThrow, toAppError } from '../shared/errors';
import { newId } from '../shared/ids';
import { commandSchemas, type CommandArgs, type CommandName, type CommandResult } from '../shared/schemas/commands';
import { appendAuditEntry, readAuditTip, type AuditTip } from './audit-chain';
import { COMMANDS } from './commands';
import { insertRow, runPrepared } from './prepared-queries';
import type { Db, Tx } from './db-schema';
import { courtLocalNow } from './rules/court-calendar';
import { assertMayRun, rolesAllow } from './rules/permissions';
import type { Actor, CommandContext, CommandDefinition, CommandEnv } from './types';

/** At most this many commands share one commit: bounds how long a caller waits behind others. */
export const MAX_GROUP_SIZE = 32;

type ActorRow = { court_id: string; roles: string; active: number };

/**
 * What one transaction has learnt that the next command of the same transaction may reuse: the
 * chain's tip — read and checked against the high-water mark by the transaction's first command,
 * then the entry it appended last (nothing else appends while the transaction holds the write
 * lock) — and the users it read to check actors (forgotten as soon as a command changes a user).
 */
interface TxState {
  /** undefined: not read yet in this transaction; null: the chain is empty. */
  tip: AuditTip | null | undefined;
  actors: Map<string, ActorRow | undefined>;
}

function newTxState(): TxState {
  return { tip: undefined, actors: new Map() };
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

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code === '23505');
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
  resolve: (value: unknown) => void;
  reject: (err: AppError) => void;
}

/** Runs one validated command inside an open transaction: entity rows, outbox row, audit entry. */
async function writeCommand(trx: Tx, item: Queued, state: TxState): Promise<unknown> {
  const { env, actor, name, args } = item;
  const command = COMMANDS[name] as unknown as CommandDefinition<CommandName>;
  // Once per transaction: a chain whose tip lies below its high-water mark is never appended to.
  if (state.tip === undefined) state.tip = (await readAuditTip(trx, env.auditHighWater)) ?? null;
  if (actor) await assertActorStillAllowed(trx, state, env, actor, name);
  const now = env.now();
  const local = courtLocalNow(now);
  const ctx: CommandContext = {
    env,
    actor,
    hlc: env.clock.tick(),
    wallTime: now.toISOString(),
    today: local.date,
    timeNow: local.time,
    newId: () => newId(),
  };
  const out = await command.execute(trx, ctx, args as CommandArgs<CommandName>);

  const userId = actor?.userId ?? out.outboxUserId;
  if (userId === undefined) throw new AppError('INTERNAL', 'errors.internal');
  await insertRow(trx, 'outbox', {
    name,
    args: canonicalJson(command.outboxArgs ? command.outboxArgs(args as CommandArgs<CommandName>) : args),
    base_versions: canonicalJson(out.baseVersions),
    hlc: ctx.hlc,
    user_id: userId,
    created_at: ctx.wallTime,
    status: 'pending',
  });
  const appended = await appendAuditEntry(
    trx,
    {
      device_id: env.deviceId,
      hlc: ctx.hlc,
      wall_time: ctx.wallTime,
      user_id: actor?.userId ?? null,
      command: name,
      changes: out.changes,
    },
    state.tip ?? undefined,
  );
  const caseIds = [...new Set(out.caseIds ?? [])];
  if (caseIds.length === 1) {
    await insertRow(trx, 'audit_subjects', { case_id: caseIds[0]!, seq: appended.seq });
  } else if (caseIds.length > 1) {
    await trx
      .insertInto('audit_subjects')
      .values(caseIds.map((case_id) => ({ case_id, seq: appended.seq })))
      .execute();
  }
  state.tip = appended;
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
async function commitAllOrNothing(db: Db, group: readonly Queued[]): Promise<'answered' | 'retry'> {
  const values: unknown[] = [];
  let commandFailed = false;
  try {
    await db.transaction().execute(async (trx) => {
      const state = newTxState();
      for (const item of group) {
        try {
          values.push(await writeCommand(trx, item, state));
        } catch (err) {
          commandFailed = true;
          throw err;
        }
      }
    });
  } catch (err) {
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
        outcomes.push({ ok: true, value: await writeCommand(trx, group[0]!, newTxState()) });
        return;
      }
      const state = newTxState();
      for (const item of group) {
        const tipBefore = state.tip;
        await trx.executeQuery(SAVEPOINT);
        try {
          const value = await writeCommand(trx, item, state);
          await trx.executeQuery(RELEASE_SAVEPOINT);
          outcomes.push({ ok: true, value });
        } catch (err) {
          // Rolled back: its audit entry is gone, and a user it changed is as it was.
          state.tip = tipBefore;
          state.actors.clear();
          // If SQLite already rolled the whole transaction back, this throws and fails the group.
          await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
          await trx.executeQuery(RELEASE_SAVEPOINT);
          outcomes.push({ ok: false, error: asAppError(err) });
        }
      }
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

async function commitGroup(db: Db, group: readonly Queued[]): Promise<void> {
  if (group.length > 1 && (await commitAllOrNothing(db, group)) === 'answered') return;
  await commitEachInSavepoint(db, group);
}

interface WriteQueue {
  waiting: Queued[];
  draining: boolean;
}
const queues = new WeakMap<Db, WriteQueue>();

async function drain(db: Db, q: WriteQueue): Promise<void> {
  try {
    while (q.waiting.length > 0) await commitGroup(db, q.waiting.splice(0, MAX_GROUP_SIZE));
  } finally {
    q.draining = false;
  }
}

export async function runCommand<N extends CommandName>(
  db: Db,
  env: CommandEnv,
  actor: Actor | null,
  name: N,
  input: unknown,
): Promise<CommandResult<N>> {
  const schema = Object.hasOwn(commandSchemas, name) ? commandSchemas[name] : undefined;
  if (!schema) throw new AppError('VALIDATION_FAILED', 'errors.unknownCommand', { params: { name: String(name) } });
  const args = parseOrThrow(schema.args, input) as CommandArgs<N>;
  assertMayRun(actor, name);
  // The store's keeper may refuse every write (a damaged file) before any transaction begins.
  if (env.beforeWrite) await env.beforeWrite();

  let q = queues.get(db);
  if (!q) {
    q = { waiting: [], draining: false };
    queues.set(db, q);
  }
  const queue = q;
  const done = new Promise<unknown>((resolve, reject) => queue.waiting.push({ env, actor, name, args, resolve, reject }));
  if (!queue.draining) {
    queue.draining = true;
    // Start on the next microtask, so commands issued in the same tick share the first commit.
    queueMicrotask(() => void drain(db, queue));
  }
  return (await done) as CommandResult<N>;
}
