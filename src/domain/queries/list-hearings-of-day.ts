// The hearing roll: every hearing of one day in this court (optionally one chamber), by time, with
// what the clerk calls out — case number, subject, parties. Served by the hearings_day index.
import type { CaseStatus } from '../../shared/enums';
import type { HearingRollEntry } from '../../shared/schemas/views';
import type { Db } from '../db-schema';
import { hearingViewOf } from './views';

export async function listHearingsOfDay(
  db: Db,
  courtId: string,
  query: { date: string; chamberId?: string | undefined },
): Promise<{ entries: HearingRollEntry[] }> {
  let q = db
    .selectFrom('hearings as h')
    .innerJoin('cases as c', 'c.id', 'h.case_id')
    .selectAll('h')
    .select([
      'c.number as case_number',
      'c.subject as case_subject',
      'c.status as case_status',
      'c.parties_summary as case_parties_summary',
      'c.version as case_version',
    ])
    .where('h.date', '=', query.date)
    .where('c.court_id', '=', courtId);
  if (query.chamberId !== undefined) q = q.where('h.chamber_id', '=', query.chamberId);
  const rows = await q.orderBy('h.time').orderBy('c.number').orderBy('h.id').execute();
  return {
    entries: rows.map((r) => ({
      ...hearingViewOf(r),
      caseNumber: r.case_number,
      caseSubject: r.case_subject,
      caseStatus: r.case_status as CaseStatus,
      partiesSummary: r.case_parties_summary,
      caseVersion: r.case_version,
    })),
  };
}
