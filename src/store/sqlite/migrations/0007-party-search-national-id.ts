// Quick find finds a party by its CIN as well as by its names: the CIN joins parties.search_text
// (rules/party.ts partySearchText), so the party-name index holds it like a name word. Stored CINs
// are upper-case ASCII letters and digits (CIN_PATTERN), so lower() here gives exactly what
// normalizeForSearch gives; the update trigger of 0001 re-indexes each changed party.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0007: Migration = {
  version: 7,
  name: 'party-search-national-id',
  sql: `
UPDATE parties SET search_text = search_text || ' ' || lower(national_id) WHERE national_id IS NOT NULL;
`,
};
