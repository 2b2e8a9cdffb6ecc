// The refused pushes of this desk as the clerk reads them (ARCHITECTURE §4): each conflict with
// base / mine / theirs per field, each rejection with its reason (an error the UI translates),
// oldest first, with the case it concerns. Settled ones stay on record and are listed on request.
import { courtTimesOf, type Db } from '../../../domain';
import { courtWallClockText } from '../../../shared/court-time-zone';
import { AppError, appErrorSchema, type FieldIssue } from '../../../shared/errors';
import type { CommandArgs } from '../../../shared/schemas/commands';
import { conflictSchema, type ConflictField } from '../../../shared/schemas/sync';
import type { SyncProblems } from '../../../shared/schemas/desk-sync';

function problemNotFound(mutationId: number): AppError {
  return new AppError('NOT_FOUND', 'errors.notFound', { params: { entity: 'syncProblem', id: String(mutationId) } });
}

function caseIdOf(args: unknown): string | null {
  if (typeof args !== 'object' || args === null) return null;
  const id = (args as { caseId?: unknown }).caseId;
  return typeof id === 'string' ? id : null;
}

export async function listSyncProblems(db: Db, opts: { includeSettled: boolean }): Promise<SyncProblems> {
  let q = db
    .selectFrom('push_outcomes as p')
    .innerJoin('outbox as o', 'o.mutation_id', 'p.mutation_id')
    .select(['p.mutation_id', 'p.outcome', 'p.detail', 'p.received_at', 'p.settled_at', 'o.name', 'o.args'])
    .where('p.outcome', '!=', 'applied')
    .orderBy('p.mutation_id');
  if (!opts.includeSettled) q = q.where('p.settled_at', 'is', null);
  const rows = await q.execute();
  const caseIds = [...new Set(rows.map((r) => caseIdOf(JSON.parse(r.args))).filter((id): id is string => id !== null))];
  const numbers = new Map<string, string>();
  for (let i = 0; i < caseIds.length; i += 500) {
    for (const c of await db.selectFrom('cases').select(['id', 'number']).where('id', 'in', caseIds.slice(i, i + 500)).execute()) numbers.set(c.id, c.number);
  }
  // What the clerk kept for each conflict resolved here: the resolveConflict commands of this desk.
  const resolutions = new Map<number, Record<string, unknown>>();
  if (rows.some((r) => r.outcome === 'conflict' && r.settled_at !== null)) {
    for (const o of await db.selectFrom('outbox').select('args').where('name', '=', 'resolveConflict').execute()) {
      const a = JSON.parse(o.args) as { mutationId?: unknown; values?: unknown };
      if (typeof a.mutationId === 'number' && typeof a.values === 'object' && a.values !== null) resolutions.set(a.mutationId, a.values as Record<string, unknown>);
    }
  }
  const out: SyncProblems = { conflicts: [], rejected: [] };
  for (const r of rows) {
    const caseId = caseIdOf(JSON.parse(r.args));
    const base = {
      mutationId: r.mutation_id,
      command: r.name,
      receivedAt: courtWallClockText(new Date(r.received_at)),
      settledAt: r.settled_at === null ? null : courtWallClockText(new Date(r.settled_at)),
      caseNumber: caseId ? (numbers.get(caseId) ?? null) : null,
    };
    const detail = JSON.parse(r.detail) as { conflict?: unknown; error?: unknown };
    if (r.outcome === 'conflict') {
      const conflict = conflictSchema.safeParse(detail.conflict);
      if (conflict.success) {
        out.conflicts.push({ ...base, conflict: conflict.data, resolution: resolutions.get(r.mutation_id) ?? null, ...(await conflictReadings(db, conflict.data.fields)) });
      }
    } else {
      const error = appErrorSchema.safeParse(detail.error);
      out.rejected.push({ ...base, error: error.success ? error.data : { code: 'INTERNAL', i18nKey: 'errors.internal' } });
    }
  }
  return out;
}

/** Columns named `*_by` hold a user's id (db-schema.ts). */
const PERSON_FIELD = /_by$/;

/** The court wall-clock reading of each instant a conflict shows (read as the audit's are), and the name of each person it names. */
export async function conflictReadings(db: Db, fields: readonly ConflictField[]): Promise<{ courtTimes: Record<string, string>; people: Record<string, string> }> {
  const courtTimes: Record<string, string> = {};
  const ids = new Set<string>();
  for (const f of fields) {
    for (const value of [f.base, f.mine, f.theirs]) {
      if (typeof value !== 'string') continue;
      const time = courtTimesOf({ [f.field]: value })[f.field];
      if (time !== undefined) courtTimes[value] = time;
      else if (PERSON_FIELD.test(f.field)) ids.add(value);
    }
  }
  const people: Record<string, string> = {};
  if (ids.size > 0) {
    for (const u of await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...ids]).execute()) people[u.id] = u.display_name;
  }
  return { courtTimes, people };
}

/**
 * The resolveConflict arguments for the clerk's picks: each field's chosen value read from the
 * conflict the server sent (the clerk picks, never types), every field of the conflict answered.
 */
export async function conflictAnswer(db: Db, input: { mutationId: number; conflictId: string; choices: Record<string, 'base' | 'mine' | 'theirs'> }): Promise<CommandArgs<'resolveConflict'>> {
  const row = await db.selectFrom('push_outcomes').select(['detail', 'settled_at']).where('mutation_id', '=', input.mutationId).where('outcome', '=', 'conflict').executeTakeFirst();
  if (!row) throw problemNotFound(input.mutationId);
  const conflict = conflictSchema.safeParse((JSON.parse(row.detail) as { conflict?: unknown }).conflict);
  if (!conflict.success || conflict.data.id !== input.conflictId) throw problemNotFound(input.mutationId);
  if (row.settled_at !== null) throw new AppError('CONFLICT', 'errors.rule.conflictAlreadyResolved');
  const issues: FieldIssue[] = [];
  const values: Record<string, unknown> = {};
  for (const f of conflict.data.fields) {
    const choice = input.choices[f.field];
    if (!choice) issues.push({ path: ['choices', f.field], i18nKey: 'errors.rule.conflictNoChoice' });
    else values[f.field] = f[choice] ?? null;
  }
  for (const field of Object.keys(input.choices)) {
    if (!conflict.data.fields.some((f) => f.field === field)) issues.push({ path: ['choices', field], i18nKey: 'errors.rule.conflictValueNotOffered', params: { field } });
  }
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', 'errors.validationFailed', { fields: issues });
  return { conflictId: conflict.data.id, mutationId: input.mutationId, entity: conflict.data.entity, entityId: conflict.data.entityId, values };
}

/** The clerk has read a rejection: it leaves the count, and stays on record (never deleted). */
export async function acknowledgeRejected(db: Db, mutationId: number, now: Date): Promise<void> {
  const res = await db
    .updateTable('push_outcomes')
    .set({ settled_at: now.toISOString() })
    .where('mutation_id', '=', mutationId)
    .where('outcome', '=', 'rejected')
    .where('settled_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw problemNotFound(mutationId);
}
