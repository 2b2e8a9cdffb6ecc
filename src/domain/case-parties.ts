// Putting a party on a case: either an existing party of this court or a new one (checked by the
// party rules), linked with its role and lawyer. Shared by registerCase and addParty.
import type { Selectable } from 'kysely';
import { notFound, ruleViolation } from '../shared/errors';
import type { CasePartyInput } from '../shared/schemas/commands';
import type { AuditChange } from '../shared/schemas/views';
import type { PartiesTable, Tx } from './db-schema';
import { insertVersionedRows } from './rows';
import { partySearchText } from './rules/party';
import type { CommandContext } from './types';

export interface ResolvedParty {
  /** Existing party row, or the row to insert for a new party. */
  party: Omit<Selectable<PartiesTable>, 'version' | 'updated_hlc'>;
  isNew: boolean;
  entry: CasePartyInput;
}

/** Checks one entry of the args and decides which party row it stands for; writes nothing. */
export async function resolveCaseParty(trx: Tx, ctx: CommandContext, entry: CasePartyInput): Promise<ResolvedParty> {
  if ('existingPartyId' in entry.party) {
    const id = entry.party.existingPartyId;
    const party = await trx.selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst();
    // Parties are shared across a court's cases: one of another court is not ours to link.
    if (!party || party.court_id !== ctx.env.courtId) throw notFound('party', id);
    return { party, isNew: false, entry };
  }
  // Well formed already: the command's schema checked names, scripts and the CIN (shared/schemas/party.ts).
  const p = entry.party.newParty;
  const nameAr = p.nameAr ?? null;
  const nameLatin = p.nameLatin ?? null;
  const nationalId = p.nationalId ?? null;
  return {
    party: {
      id: ctx.newId('party'),
      court_id: ctx.env.courtId,
      kind: p.kind,
      name_ar: nameAr,
      name_latin: nameLatin,
      national_id: nationalId,
      address: p.address ?? null,
      phone: p.phone ?? null,
      search_text: partySearchText(nameAr, nameLatin, nationalId),
    },
    isNew: true,
    entry,
  };
}

/** A party appears at most once among the active parties of a case. */
export function assertNotAlreadyOnCase(activePartyIds: ReadonlySet<string>, partyId: string, path: (string | number)[]): void {
  if (activePartyIds.has(partyId)) throw ruleViolation('partyAlreadyOnCase', undefined, path);
}

/**
 * Writes the new parties among `resolved` (one statement) and the links of all of them to the case
 * (one statement). The audit lists each new party just before its link, in the order given.
 */
export async function linkCaseParties(
  trx: Tx,
  ctx: CommandContext,
  caseId: string,
  resolved: readonly ResolvedParty[],
): Promise<{ links: { casePartyId: string; partyId: string }[]; changes: AuditChange[] }> {
  const parties = await insertVersionedRows(
    trx,
    ctx,
    'parties',
    resolved.filter((r) => r.isNew).map((r) => r.party),
  );
  const links = await insertVersionedRows(
    trx,
    ctx,
    'case_parties',
    resolved.map((r) => ({
      id: ctx.newId('case_party'),
      case_id: caseId,
      party_id: r.party.id,
      role: r.entry.role,
      lawyer_name: r.entry.lawyerName ?? null,
      lawyer_bar_number: r.entry.lawyerBarNumber ?? null,
      removed_at: null,
      removal_reason: null,
    })),
  );
  const changes: AuditChange[] = [];
  let nextParty = 0;
  resolved.forEach((r, i) => {
    if (r.isNew) changes.push(parties.changes[nextParty++]!);
    changes.push(links.changes[i]!);
  });
  return { links: links.rows.map((l) => ({ casePartyId: l.id, partyId: l.party_id })), changes };
}
