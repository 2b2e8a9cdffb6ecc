// Mirrors the desk's 0019 where PostgreSQL has a table of it: the search text the server keeps
// for desks to pull (parties, cases) follows normalizeForSearch's three corrections. Each wrong
// form could come from one source only — ے from ۓ, ß from ẞ (plain ے and ß were folded before),
// a presentation-form letter from a glyph piece (the signs were already spaces) — so the stored
// text is corrected without its source (test/unit/domain/normalize.property.test.ts checks this
// rewrite against the function). party_keys, the desk's FTS5 index of sound keys, has no mirror:
// the server has no quick find. Never edit a released migration.
import type { PgMigration } from './migration';

/** The stored text corrected, as SQL over a column (exported for its test against normalizeForSearch). */
export const correctedSearchText = (column: string) =>
  `btrim(regexp_replace(regexp_replace(replace(replace(${column}, 'ے', 'ي'), 'ß', 'ss'), '[\\uFB50-\\uFDFF\\uFE70-\\uFEFF]', '', 'g'), ' {2,}', ' ', 'g'), ' ')`;

export const pgMigration0019: PgMigration = {
  version: 19,
  name: 'search-across-scripts',
  sql: `
UPDATE parties SET search_text = ${correctedSearchText('search_text')} WHERE search_text ~ '[ےß\\uFB50-\\uFDFF\\uFE70-\\uFEFF]';
UPDATE cases SET search_text = ${correctedSearchText('search_text')} WHERE search_text ~ '[ےß\\uFB50-\\uFDFF\\uFE70-\\uFEFF]';
`,
};
