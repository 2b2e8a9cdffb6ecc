// The case registry: one page of a court's cases, newest first (UUIDv7 ids sort by creation),
// filtered by status, type, year and chamber, with the total for the pager. Served by the
// cases_registry_* indexes; the count reads the same index as the page.
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

function filtered<O>(q: SelectQueryBuilder<Database, 'cases', O>, courtId: string, f: RegistryFilter) {
  let out = q.where('court_id', '=', courtId);
  if (f.status !== undefined) out = out.where('status', '=', f.status);
  if (f.caseTypeId !== undefined) out = out.where('case_type_id', '=', f.caseTypeId);
  if (f.year !== undefined) out = out.where('year', '=', f.year);
  if (f.chamberId !== undefined) out = out.where('chamber_id', '=', f.chamberId);
  return out;
}

export async function listCasesForRegistry(db: Db, courtId: string, query: RegistryQuery): Promise<RegistryPage> {
  const rows = await filtered(db.selectFrom('cases').select(REGISTRY_COLUMNS), courtId, query.filter)
    .orderBy('id', 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const count = await filtered(
    db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')),
    courtId,
    query.filter,
  ).executeTakeFirstOrThrow();
  return { total: Number(count.n), rows: rows.map(registryRowOf) };
}
