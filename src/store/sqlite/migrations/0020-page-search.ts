// Search over the text of document pages (issue 9, item 5; ARCHITECTURE §5 Search).
// - page_search: FTS5 over each page's text normalized by normalizeForSearch (in JS, by the domain's
//   page index writer, src/domain/page-index.ts). It keeps the normalized text it indexed: search
//   scores candidate pages on it, and normalizing 200 pages at each query was measured to cost
//   ~0.5 s at 10,000 pages (snippets are still cut from the page's original text). Entries are
//   deleted by rowid, so a document's are replaced when its OCR hook runs again after a crash, or
//   a page's when it is corrected. detail=none: only AND of prefixed words is asked of it
//   (Tesseract's word order is not to be trusted for phrases, PITFALLS); it keeps the index small.
// - page_search_rows: which page each index row is. Its own INTEGER PRIMARY KEY, not
//   document_pages' implicit rowid, which a VACUUM may renumber. A row exists exactly while its page
//   is in the index.
// - page_reindex: the one `reindex` run in progress or last finished, with its cursor (the last
//   page done, in document_pages' key order) and count, written in the transaction of each batch,
//   so a run killed mid-way resumes where it stood.
// Jobs done before this migration get their success hook again at the next start (indexed_at
// cleared): the desk's document service then writes their pages into the new index.
// Desk-only like the other search indexes; the two tables have empty PostgreSQL twins, as
// document_pages and ocr_jobs do. Never edit a released migration.
import type { Migration } from './migration';

export const migration0020: Migration = {
  version: 20,
  name: 'page-search',
  sql: `
CREATE TABLE page_search_rows (
  id INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  page_index INTEGER NOT NULL CHECK (page_index >= 0),
  UNIQUE (document_id, page_index)
) STRICT;

CREATE VIRTUAL TABLE page_search USING fts5(
  text,
  tokenize='unicode61 remove_diacritics 0',
  prefix='2 3',
  detail=none
);

CREATE TABLE page_reindex (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  started_at TEXT NOT NULL,
  after_document_id TEXT,
  after_page_index INTEGER,
  pages_done INTEGER NOT NULL CHECK (pages_done >= 0),
  pages_total INTEGER NOT NULL CHECK (pages_total >= 0),
  finished_at TEXT
) STRICT;

UPDATE ocr_jobs SET indexed_at = NULL WHERE status = 'done';
`,
};
