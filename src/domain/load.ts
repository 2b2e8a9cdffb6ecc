// Reads a command needs before it writes, scoped to the court: a row of another court is
// reported exactly like a row that does not exist (NOT_FOUND), so ids never leak across courts.
import type { Selectable } from 'kysely';
import { notFound, staleVersion } from '../shared/errors';
import { runPrepared } from './prepared-queries';
import { readOnce } from './tx-reads';
import type { CasesTable, CaseTypesTable, ChambersTable, HearingsTable, JudgmentsTable, Tx } from './db-schema';

export async function loadCase(trx: Tx, courtId: string, caseId: string): Promise<Selectable<CasesTable>> {
  const row = await trx.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row || row.court_id !== courtId) throw notFound('case', caseId);
  return row;
}

export async function loadHearing(
  trx: Tx,
  courtId: string,
  hearingId: string,
): Promise<{ hearing: Selectable<HearingsTable>; kase: Selectable<CasesTable> }> {
  const hearing = await trx.selectFrom('hearings').selectAll().where('id', '=', hearingId).executeTakeFirst();
  if (!hearing) throw notFound('hearing', hearingId);
  const kase = await trx.selectFrom('cases').selectAll().where('id', '=', hearing.case_id).executeTakeFirst();
  if (!kase || kase.court_id !== courtId) throw notFound('hearing', hearingId);
  return { hearing, kase };
}

/** A judgment and its case, of this court. */
export async function loadJudgment(
  trx: Tx,
  courtId: string,
  judgmentId: string,
): Promise<{ judgment: Selectable<JudgmentsTable>; kase: Selectable<CasesTable> }> {
  const judgment = await trx.selectFrom('judgments').selectAll().where('id', '=', judgmentId).executeTakeFirst();
  if (!judgment) throw notFound('judgment', judgmentId);
  const kase = await trx.selectFrom('cases').selectAll().where('id', '=', judgment.case_id).executeTakeFirst();
  if (!kase || kase.court_id !== courtId) throw notFound('judgment', judgmentId);
  return { judgment, kase };
}

export async function loadChamber(trx: Tx, courtId: string, chamberId: string): Promise<Selectable<ChambersTable>> {
  const row = await readOnce(trx, `chamber\u0000${chamberId}`, async () => {
    const [found] = (await runPrepared(trx, 'load-chamber', (t, id) => t.selectFrom('chambers').selectAll().where('id', '=', id as string), chamberId)).rows;
    return found;
  });
  if (!row || row.court_id !== courtId) throw notFound('chamber', chamberId);
  return row;
}

export async function loadCaseType(trx: Tx, caseTypeId: string): Promise<Selectable<CaseTypesTable>> {
  const row = await readOnce(trx, `case_type\u0000${caseTypeId}`, async () => {
    const [found] = (await runPrepared(trx, 'load-case-type', (t, id) => t.selectFrom('case_types').selectAll().where('id', '=', id as string), caseTypeId)).rows;
    return found;
  });
  if (!row) throw notFound('case_type', caseTypeId);
  return row;
}

/** The version the person saw must still be the current one. */
export function assertBaseVersion(entity: string, row: { id: string; version: number }, baseVersion: number): void {
  if (row.version !== baseVersion) throw staleVersion(entity, row.id, baseVersion, row.version);
}
