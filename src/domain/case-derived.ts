// The denormalized columns of cases: parties_summary (the plaintiff side's and the defendant side's
// first names, joined: shared/parties-summary.ts) and
// next_hearing_date, which the registry shows without joins, and search_text (subject and lawyers),
// which quick find indexes. Every command that changes a case's subject, parties or hearings
// recomputes them here, in its own transaction; nothing else writes them.
import type { PartyRole } from '../shared/enums';
import { normalizeForSearch } from '../shared/normalize';
import { encodePartiesSummary } from '../shared/parties-summary';
import type { Tx } from './db-schema';
import { displayNameOf } from './rules/party';

const CLAIMANT_SIDE: ReadonlySet<string> = new Set<PartyRole>(['plaintiff', 'appellant', 'civil_party']);
const RESPONDENT_SIDE: ReadonlySet<string> = new Set<PartyRole>(['defendant', 'respondent', 'accused']);

/** e.g. "محمد بناني / شركة الأطلس" as stored: the first active party of each side, in the order they were added. */
export function summarizeParties(active: readonly { role: string; name_ar: string | null; name_latin: string | null }[]): string {
  const claimant = active.find((p) => CLAIMANT_SIDE.has(p.role));
  const respondent = active.find((p) => RESPONDENT_SIDE.has(p.role));
  return encodePartiesSummary([claimant, respondent].filter((p): p is NonNullable<typeof p> => p !== undefined).map(displayNameOf));
}

export async function computePartiesSummary(trx: Tx, caseId: string): Promise<string> {
  const rows = await trx
    .selectFrom('case_parties as cp')
    .innerJoin('parties as p', 'p.id', 'cp.party_id')
    .select(['cp.role', 'p.name_ar', 'p.name_latin'])
    .where('cp.case_id', '=', caseId)
    .where('cp.removed_at', 'is', null)
    .orderBy('cp.id')
    .execute();
  return summarizeParties(rows);
}

export async function computeNextHearingDate(trx: Tx, caseId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('hearings')
    .select((eb) => eb.fn.min('date').as('next'))
    .where('case_id', '=', caseId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return (row?.next as string | null | undefined) ?? null;
}

/** cases.search_text: the subject and the names of the case's lawyers, normalized for quick find. */
export function caseSearchText(subject: string, lawyerNames: readonly (string | null | undefined)[]): string {
  return normalizeForSearch([subject, ...lawyerNames.filter((n): n is string => typeof n === 'string' && n !== '')].join(' '));
}

/** The search text of a case as it stands inside the transaction (after its parties changed). */
export async function computeCaseSearchText(trx: Tx, caseId: string, subject: string): Promise<string> {
  const lawyers = await trx
    .selectFrom('case_parties')
    .select('lawyer_name')
    .where('case_id', '=', caseId)
    .where('removed_at', 'is', null)
    .where('lawyer_name', 'is not', null)
    .orderBy('id')
    .execute();
  return caseSearchText(
    subject,
    lawyers.map((l) => l.lawyer_name),
  );
}
