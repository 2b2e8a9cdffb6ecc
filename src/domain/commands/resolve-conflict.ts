// resolveConflict: a person's answer to a sync conflict (ARCHITECTURE §4). Per field they chose one
// of the values the conflict shows (base, mine or theirs); those are written on the record as it
// stands now, whatever version that is, and the conflict is closed — on the server its `conflicts`
// row, on the desk the server's answer it kept (`push_outcomes`). The same command on both sides:
// the desk runs it first (what the clerk sees is the answer at once), the server re-runs it when
// pushed, each finding its own record of the conflict. A value the conflict does not show is
// refused: this command resolves, it does not edit.
import { canonicalJson } from '../../shared/canonical-json';
import { AppError, type FieldIssue } from '../../shared/errors';
import { conflictSchema, type ConflictField } from '../../shared/schemas/sync';
import { computeCaseSearchText } from '../case-derived';
import { DERIVED_FIELDS } from '../merge';
import { tableOfEntity, updateVersioned, type VersionedTable } from '../rows';
import type { Tx } from '../db-schema';
import type { CommandContext, CommandDefinition } from '../types';
import { assertServerStore } from './server-store';

/** Fields no resolution writes, whatever the conflict says: identity and scope. */
const NEVER_WRITTEN: ReadonlySet<string> = new Set(['id', 'court_id', 'case_id', 'password_hash', 'created_at', 'created_by']);

function conflictNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', 'errors.notFound', { params: { entity: 'conflict', id } });
}

function alreadyResolved(): AppError {
  return new AppError('CONFLICT', 'errors.rule.conflictAlreadyResolved');
}

/** The conflict as this store keeps it, closed in the same transaction; its fields. */
async function closeConflict(
  trx: Tx,
  ctx: CommandContext,
  args: { conflictId: string; mutationId: number; entity: string; entityId: string },
): Promise<{ fields: ConflictField[]; author: string | null }> {
  const onServer = await trx.selectFrom('conflicts').selectAll().where('id', '=', args.conflictId).where('court_id', '=', ctx.env.courtId).executeTakeFirst();
  if (onServer) {
    if (onServer.entity !== args.entity || onServer.entity_id !== args.entityId) throw conflictNotFound(args.conflictId);
    if (onServer.status !== 'open') throw alreadyResolved();
    await trx
      .updateTable('conflicts')
      // The operator has no user: the CLI's device id (`cli:<account>`) names them.
      .set({ status: 'resolved', resolved_by: ctx.actor?.userId ?? ctx.env.deviceId, resolved_at: ctx.wallTime })
      .where('id', '=', onServer.id)
      .execute();
    return { fields: JSON.parse(onServer.fields) as ConflictField[], author: onServer.user_id };
  }
  const onDesk = await trx.selectFrom('push_outcomes').selectAll().where('mutation_id', '=', args.mutationId).where('outcome', '=', 'conflict').executeTakeFirst();
  if (!onDesk) throw conflictNotFound(args.conflictId);
  const parsed = conflictSchema.safeParse((JSON.parse(onDesk.detail) as { conflict?: unknown }).conflict);
  if (!parsed.success || parsed.data.id !== args.conflictId || parsed.data.entity !== args.entity || parsed.data.entityId !== args.entityId) throw conflictNotFound(args.conflictId);
  if (onDesk.settled_at !== null) throw alreadyResolved();
  await trx.updateTable('push_outcomes').set({ settled_at: ctx.wallTime }).where('mutation_id', '=', onDesk.mutation_id).execute();
  return { fields: parsed.data.fields, author: null };
}

export const resolveConflict: CommandDefinition<'resolveConflict'> = {
  name: 'resolveConflict',
  async execute(trx, ctx, args) {
    // The server's operator (admin CLI, no actor) resolves on the server's store only.
    if (ctx.actor === null) await assertServerStore(trx);
    const table: VersionedTable | undefined = tableOfEntity(args.entity);
    if (!table) throw conflictNotFound(args.conflictId);
    const { fields, author } = await closeConflict(trx, ctx, args);
    const issues: FieldIssue[] = [];
    for (const [field, value] of Object.entries(args.values)) {
      const shown = fields.find((f) => f.field === field);
      const offered = shown && [shown.base, shown.mine, shown.theirs].some((v) => canonicalJson(v ?? null) === canonicalJson(value ?? null));
      if (!shown || !offered || DERIVED_FIELDS.has(field) || NEVER_WRITTEN.has(field)) {
        issues.push({ path: ['values', field], i18nKey: 'errors.rule.conflictValueNotOffered', params: { field } });
      }
    }
    if (issues.length > 0) throw new AppError('RULE_VIOLATION', 'errors.rule.conflictValueNotOffered', { params: { field: String(issues[0]!.params!.field) }, fields: issues });

    const current = (await (trx as unknown as Tx).selectFrom(table).selectAll().where('id', '=', args.entityId).executeTakeFirst()) as
      | (Record<string, unknown> & { id: string; version: number; court_id?: string })
      | undefined;
    if (!current || (typeof current.court_id === 'string' && current.court_id !== ctx.env.courtId)) throw new AppError('NOT_FOUND', 'errors.notFound', { params: { entity: args.entity, id: args.entityId } });
    const patch: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(args.values)) {
      if (!(field in current)) throw new AppError('RULE_VIOLATION', 'errors.rule.conflictValueNotOffered', { params: { field } });
      patch[field] = value ?? null;
    }
    if (table === 'cases' && typeof patch.subject === 'string') patch.search_text = await computeCaseSearchText(trx, args.entityId, patch.subject);
    // touch: the answer is a new version even where the chosen values are the ones standing, so
    // every copy of the record moves past the conflict.
    const { row, change } = await updateVersioned(trx, ctx, table, current as never, patch as never, { touch: true });
    return {
      result: { entityId: args.entityId, version: (row as { version: number }).version },
      changes: change ? [change] : [],
      baseVersions: {},
      caseIds: table === 'cases' ? [args.entityId] : [],
      // The operator's answer has no user of its own; its audit entry names none (the device says
      // cli:<account>), and its journal row is filed under the author of the conflicting mutation.
      ...(ctx.actor === null && author !== null ? { outboxUserId: author } : {}),
    };
  },
};
