// The refused pushes of this desk as the clerk reads them (ARCHITECTURE §4): each conflict with
// base / mine / theirs per field, each rejection with its reason (an error the UI translates),
// oldest first, with the case it concerns. Settled ones stay on record and are listed on request.
import type { Db } from '../../../domain';
import { courtWallClockText } from '../../../shared/court-time-zone';
import { appErrorSchema } from '../../../shared/errors';
import { conflictSchema } from '../../../shared/schemas/sync';
import type { SyncProblems } from '../../../shared/schemas/desk-sync';

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
      if (conflict.success) out.conflicts.push({ ...base, conflict: conflict.data });
    } else {
      const error = appErrorSchema.safeParse(detail.error);
      out.rejected.push({ ...base, error: error.success ? error.data : { code: 'INTERNAL', i18nKey: 'errors.internal' } });
    }
  }
  return out;
}
