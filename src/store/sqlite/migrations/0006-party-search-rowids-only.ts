// The party-name index keeps, for each term, only which parties have it (FTS5 detail=none), no
// longer where in the name it stands. Quick find only ever asks "which parties have words starting
// with these" (one prefix per token, joined by AND; never a phrase or NEAR query), so positions
// were written on every registration and never read: the bench measured a registration about a
// tenth faster without them, with the same answers (test/integration/domain/queries.test.ts and
// the quick-find property tests). The index is rebuilt from parties.search_text; the triggers of
// 0001 keep it as before. Never edit a released migration.
import type { Migration } from './migration';

export const migration0006: Migration = {
  version: 6,
  name: 'party-search-rowids-only',
  sql: `
DROP TABLE party_search;
CREATE VIRTUAL TABLE party_search USING fts5(
  search_text,
  content='parties',
  content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 0',
  prefix='2 3',
  detail=none
);
INSERT INTO party_search(party_search) VALUES ('rebuild');
`,
};
