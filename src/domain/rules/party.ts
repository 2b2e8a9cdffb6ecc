// What makes a party acceptable on a case: a name in at least one script, each name in its own
// script, and for persons a well-formed Moroccan CIN (organisations have none). Also the search
// text quick find indexes. Pure: no database.
import { toAsciiDigits } from '../../shared/case-number';
import type { PartyKind } from '../../shared/enums';
import { ruleViolation } from '../../shared/errors';
import { normalizeForSearch } from '../../shared/normalize';
import type { NewParty } from '../../shared/schemas/commands';

export interface CheckedParty {
  kind: PartyKind;
  nameAr: string | null;
  nameLatin: string | null;
  nationalId: string | null;
}

const ARABIC_LETTER = /(?=\p{L})\p{Script=Arabic}/u;
const LATIN_LETTER = /(?=\p{L})\p{Script=Latin}/u;
/** Carte d'identité nationale: one or two letters then up to six digits (e.g. AB123456, K4521). */
export const CIN_PATTERN = /^[A-Z]{1,2}[0-9]{1,6}$/;

export function hasArabicLetter(s: string): boolean {
  return ARABIC_LETTER.test(s);
}
export function hasLatinLetter(s: string): boolean {
  return LATIN_LETTER.test(s);
}

/** How a CIN is stored: upper case, ASCII digits, no spaces. */
export function normalizeNationalId(s: string): string {
  return toAsciiDigits(s).toUpperCase().replace(/\s+/g, '');
}

/** Checks a new party and returns it in stored form. `path` points at the party in the args. */
export function checkNewParty(p: Partial<NewParty> & Pick<NewParty, 'kind'>, path: (string | number)[]): CheckedParty {
  const nameAr = p.nameAr?.trim() || null;
  const nameLatin = p.nameLatin?.trim() || null;
  if (nameAr === null && nameLatin === null) throw ruleViolation('partyNameRequired', undefined, [...path, 'nameAr']);
  const arOk = nameAr === null || hasArabicLetter(nameAr);
  const latinOk = nameLatin === null || hasLatinLetter(nameLatin);
  if (!arOk && !latinOk && nameAr !== null && nameLatin !== null && hasLatinLetter(nameAr) && hasArabicLetter(nameLatin)) {
    throw ruleViolation('partyNamesSwapped', undefined, [...path, 'nameAr']);
  }
  if (!arOk) throw ruleViolation('partyNameArNotArabic', undefined, [...path, 'nameAr']);
  if (!latinOk) throw ruleViolation('partyNameLatinNotLatin', undefined, [...path, 'nameLatin']);

  let nationalId: string | null = null;
  if (p.nationalId !== undefined) {
    if (p.kind === 'organisation') throw ruleViolation('nationalIdForOrganisation', undefined, [...path, 'nationalId']);
    nationalId = normalizeNationalId(p.nationalId);
    if (!CIN_PATTERN.test(nationalId)) throw ruleViolation('nationalIdFormat', { value: nationalId }, [...path, 'nationalId']);
  }
  return { kind: p.kind, nameAr, nameLatin, nationalId };
}

/** parties.search_text: what the FTS index holds for a party: its names and its CIN, so quick find finds either. */
export function partySearchText(nameAr: string | null, nameLatin: string | null, nationalId: string | null): string {
  return normalizeForSearch(`${nameAr ?? ''} ${nameLatin ?? ''} ${nationalId ?? ''}`);
}

/** The name shown for a party in lists: Arabic when there is one, else Latin. */
export function displayNameOf(p: { name_ar: string | null; name_latin: string | null }): string {
  return p.name_ar ?? p.name_latin ?? '';
}
