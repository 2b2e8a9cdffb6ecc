// The one write path (ARCHITECTURE §3): validate → check the role → ONE transaction that runs the
// command, then writes its outbox row and its hash-chained audit entry. If any step throws,
// nothing at all is written and the caller gets an AppError. There is no other way to write.
import { canonicalJson } from '../shared/canonical-json';
import type { Role } from '../shared/enums';
import { AppError, forbidden, parseOrThrow, toAppError } from '../shared/errors';
import { commandSchemas, type CommandArgs, type CommandName, type CommandResult } from '../shared/schemas/commands';
import { appendAuditEntry } from './audit-chain';
import { COMMANDS } from './commands';
import type { Db, Tx } from './db-schema';
import { nextId } from './monotonic-id';
import { courtLocalNow } from './rules/court-calendar';
import { assertMayRun, rolesAllow } from './rules/permissions';
import type { Actor, CommandContext, CommandDefinition, CommandEnv } from './types';

/** The actor must still be an active user of this court holding a role that allows the command. */
async function assertActorStillAllowed(trx: Tx, env: CommandEnv, actor: Actor, name: CommandName): Promise<void> {
  const user = await trx.selectFrom('users').select(['court_id', 'roles', 'active']).where('id', '=', actor.userId).executeTakeFirst();
  if (!user || user.active !== 1 || user.court_id !== env.courtId) throw forbidden(name);
  const current = JSON.parse(user.roles) as Role[];
  const roles = actor.roles.filter((r) => current.includes(r));
  if (!rolesAllow(roles, name)) throw forbidden(name);
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT_UNIQUE');
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
  const command = COMMANDS[name] as unknown as CommandDefinition<N>;

  try {
    return await db.transaction().execute(async (trx) => {
      if (actor) await assertActorStillAllowed(trx, env, actor, name);
      const now = env.now();
      const local = courtLocalNow(now);
      const ctx: CommandContext = {
        env,
        actor,
        hlc: env.clock.tick(),
        wallTime: now.toISOString(),
        today: local.date,
        timeNow: local.time,
        newId: () => nextId(),
      };
      const out = await command.execute(trx, ctx, args);

      const userId = actor?.userId ?? out.outboxUserId;
      if (userId === undefined) throw new AppError('INTERNAL', 'errors.internal');
      await trx
        .insertInto('outbox')
        .values({
          name,
          args: canonicalJson(args),
          base_versions: canonicalJson(out.baseVersions),
          hlc: ctx.hlc,
          user_id: userId,
          created_at: ctx.wallTime,
          status: 'pending',
        })
        .execute();
      const { seq } = await appendAuditEntry(trx, {
        device_id: env.deviceId,
        hlc: ctx.hlc,
        wall_time: ctx.wallTime,
        user_id: actor?.userId ?? null,
        command: name,
        changes: out.changes,
      });
      const caseIds = [...new Set(out.caseIds ?? [])];
      if (caseIds.length > 0) {
        await trx
          .insertInto('audit_subjects')
          .values(caseIds.map((case_id) => ({ case_id, seq })))
          .execute();
      }
      return out.result;
    });
  } catch (err) {
    // The unique indexes on case numbers are the last line of defence: a clash is a conflict, not a crash.
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'errors.conflict', { cause: err });
    throw toAppError(err);
  }
}
