// Mirrors the desk's 0020: the page index's row map and the reindex cursor, empty on the server
// (kept so both engines have one schema, like document_pages). page_search, the desk's FTS5 index
// of page text, has no mirror: the server does not search. Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0020: PgMigration = {
  version: 20,
  name: 'page-search',
  sql: `
CREATE TABLE page_search_rows (
  id bigint PRIMARY KEY,
  document_id text COLLATE "C" NOT NULL REFERENCES documents(id),
  page_index integer NOT NULL CHECK (page_index >= 0),
  UNIQUE (document_id, page_index)
);

CREATE TABLE page_reindex (
  id integer PRIMARY KEY CHECK (id = 1),
  started_at text COLLATE "C" NOT NULL,
  after_document_id text COLLATE "C",
  after_page_index integer,
  pages_done integer NOT NULL CHECK (pages_done >= 0),
  pages_total integer NOT NULL CHECK (pages_total >= 0),
  finished_at text COLLATE "C"
);
`,
};
