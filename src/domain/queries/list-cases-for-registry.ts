// The case registry: one page of a court's cases, newest first (UUIDv7 ids sort by creation),
// filtered by status, type, year and chamber, with the total for the pager. The page is served by
// the cases_registry_* indexes; the total is a sum over case_counts (kept by triggers on cases,
// migration 0004), never a count of the cases themselves.
import type { SelectQueryBuilder } from 'kysely';
import type { RegistryFilter } from '../../shared/schemas/queries';
import type { RegistryPage } from '../../shared/schemas/views';
import type { Database, Db } from '../db-schema';
import { REGISTRY_COLUMNS, registryRowOf } from './views';

export interface RegistryQuery {
  filter: RegistryFilter;
  offset: number;
  limit: number;
}

/** cases and case_counts share the filter columns; one definition of the filter serves both. */
type Filterable = 'cases' | 'case_counts';

function filtered<T extends Filterable, O>(query: SelectQueryBuilder<Database, T, O>, courtId: string, f: RegistryFilter) {
  let q = query as unknown as SelectQueryBuilder<Database, 'cases', O>;
  q = q.where('court_id', '=', courtId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.caseTypeId !== undefined) q = q.where('case_type_id', '=', f.caseTypeId);
  if (f.year !== undefined) q = q.where('year', '=', f.year);
  if (f.chamberId !== undefined) q = q.where('chamber_id', '=', f.chamberId);
  return q as unknown as SelectQueryBuilder<Database, T, O>;
}

export async function listCasesForRegistry(db: Db, courtId: string, query: RegistryQuery): Promise<RegistryPage> {
  const rows = await filtered(db.selectFrom('cases').select(REGISTRY_COLUMNS), courtId, query.filter)
    .orderBy('id', 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const count = await filtered(
    db.selectFrom('case_counts').select((eb) => eb.fn.sum<number | null>('n').as('n')),
    courtId,
    query.filter,
  ).executeTakeFirst();
  return { total: Number(count?.n ?? 0), rows: rows.map(registryRowOf) };
}
