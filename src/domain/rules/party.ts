// What the domain derives from a party: the search text quick find indexes and the name shown in
// lists. What makes a party well formed (names in their scripts, the CIN) is part of the contract
// (src/shared/schemas/party.ts), checked by the same schema in the form and in the runner. Pure.
import { nameIndexKeys } from '../../shared/name-keys';
import { normalizeForSearch } from '../../shared/normalize';

/** parties.search_text: what the FTS index holds for a party: its names and its CIN, so quick find finds either. */
export function partySearchText(nameAr: string | null, nameLatin: string | null, nationalId: string | null): string {
  return normalizeForSearch(`${nameAr ?? ''} ${nameLatin ?? ''} ${nationalId ?? ''}`);
}

/**
 * What the desk's index of sound keys (party_keys) holds for a party: the keys of its names in both
 * scripts, so a name typed in the other script or spelled another way finds it (shared/name-keys).
 */
export function partyNameKeys(nameAr: string | null, nameLatin: string | null): string {
  return nameIndexKeys(nameAr, nameLatin);
}

/** The name shown for a party in lists: Arabic when there is one, else Latin. */
export function displayNameOf(p: { name_ar: string | null; name_latin: string | null }): string {
  return p.name_ar ?? p.name_latin ?? '';
}
