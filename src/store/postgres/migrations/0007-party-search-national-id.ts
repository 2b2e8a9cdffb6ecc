// Mirrors the desk's 0007: the CIN joins parties.search_text. Stored CINs are upper-case ASCII, so
// lower() gives what normalizeForSearch gives, on either engine (with COLLATE "C", lower() only
// folds ASCII, like SQLite's). Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0007: PgMigration = {
  version: 7,
  name: 'party-search-national-id',
  sql: `
UPDATE parties SET search_text = search_text || ' ' || lower(national_id) WHERE national_id IS NOT NULL;
`,
};
