// The hearing roll: every hearing of one day in this court (optionally one chamber), by time, with
// what the clerk calls out — case number, subject, every party with its role — and, for a hearing
// adjourned, the day it was put off to; then the cases whose judgment is to be pronounced that day.
// Served by the hearings_day and cases_pronouncement indexes.
import type { CaseStatus, PartyRole } from '../../shared/enums';
import { decodePartiesSummary } from '../../shared/parties-summary';
import type { HearingRoll, RollParty } from '../../shared/schemas/views';
import type { Db } from '../db-schema';
import { hearingViewOf } from './views';

/** Every active party of each case, in the order they were put on it. */
async function partiesOf(db: Db, caseIds: readonly string[]): Promise<Map<string, RollParty[]>> {
  const byCase = new Map<string, RollParty[]>();
  if (caseIds.length === 0) return byCase;
  const rows = await db
    .selectFrom('case_parties as cp')
    .innerJoin('parties as p', 'p.id', 'cp.party_id')
    .select(['cp.case_id', 'cp.role', 'p.name_ar', 'p.name_latin'])
    .where('cp.case_id', 'in', [...new Set(caseIds)])
    .where('cp.removed_at', 'is', null)
    .orderBy('cp.id')
    .execute();
  for (const r of rows) {
    const list = byCase.get(r.case_id) ?? [];
    list.push({ role: r.role as PartyRole, nameAr: r.name_ar, nameLatin: r.name_latin });
    byCase.set(r.case_id, list);
  }
  return byCase;
}

export async function listHearingsOfDay(db: Db, courtId: string, query: { date: string; chamberId?: string | undefined }): Promise<HearingRoll> {
  let q = db
    .selectFrom('hearings as h')
    .innerJoin('cases as c', 'c.id', 'h.case_id')
    .leftJoin('hearings as n', 'n.id', 'h.next_hearing_id')
    .selectAll('h')
    .select([
      'c.number as case_number',
      'c.subject as case_subject',
      'c.status as case_status',
      'c.parties_summary as case_parties_summary',
      'c.version as case_version',
      'n.date as next_date',
      'n.time as next_time',
    ])
    .where('h.date', '=', query.date)
    .where('c.court_id', '=', courtId);
  if (query.chamberId !== undefined) q = q.where('h.chamber_id', '=', query.chamberId);
  const rows = await q.orderBy('h.time').orderBy('c.number').orderBy('h.id').execute();

  let p = db
    .selectFrom('cases')
    .select(['id', 'number', 'subject', 'chamber_id', 'version'])
    .where('court_id', '=', courtId)
    .where('pronouncement_date', '=', query.date)
    .where('status', '=', 'deliberation');
  if (query.chamberId !== undefined) p = p.where('chamber_id', '=', query.chamberId);
  const pronounced = await p.orderBy('number').execute();

  const parties = await partiesOf(db, [...rows.map((r) => r.case_id), ...pronounced.map((c) => c.id)]);
  return {
    entries: rows.map((r) => ({
      ...hearingViewOf(r),
      caseNumber: r.case_number,
      caseSubject: r.case_subject,
      caseStatus: r.case_status as CaseStatus,
      partiesSummary: decodePartiesSummary(r.case_parties_summary),
      parties: parties.get(r.case_id) ?? [],
      nextDate: r.next_date ?? null,
      nextTime: r.next_time ?? null,
      caseVersion: r.case_version,
    })),
    pronouncements: pronounced.map((c) => ({
      caseId: c.id,
      caseNumber: c.number,
      caseSubject: c.subject,
      chamberId: c.chamber_id,
      parties: parties.get(c.id) ?? [],
      caseVersion: c.version,
    })),
  };
}
