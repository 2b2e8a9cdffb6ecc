// The clerk reads a document, or one page, again with another OCR language (ARCHITECTURE §5,
// "Reading again"): the combined Arabic + French model becomes a choice (`ara+fra`) of a document
// and of a job; a document keeps the choices made for single pages (`page_ocr_languages`, a JSON
// object of 0-based page index → choice, synced with the document); and a desk's page asked to be
// read again carries the choice it waits for (`reread_language`, desk-only like the page): its
// earlier text stays until the new reading is written. SQLite cannot widen a CHECK in place, so
// documents and ocr_jobs are rebuilt; this migration runs with foreign keys off (`foreignKeysOff`,
// checked with foreign_key_check before it commits), as SQLite's own procedure for such changes
// requires: dropping `documents` with them on would fail for its pages and jobs.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0028: Migration = {
  version: 28,
  name: 'ocr-language-reread',
  foreignKeysOff: true,
  sql: `
CREATE TABLE documents_0028 (
  id TEXT PRIMARY KEY,
  court_id TEXT NOT NULL REFERENCES courts(id),
  case_id TEXT NOT NULL REFERENCES cases(id),
  document_type_id TEXT NOT NULL REFERENCES document_types(id),
  document_date TEXT,
  language TEXT NOT NULL CHECK (language IN ('ar', 'fr', 'en')),
  ocr_language TEXT NOT NULL CHECK (ocr_language IN ('auto', 'ara', 'fra', 'eng', 'ara+fra')),
  title TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size > 0),
  mime TEXT NOT NULL,
  page_count INTEGER NOT NULL CHECK (page_count >= 1),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL,
  page_ocr_languages TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(page_ocr_languages) AND json_type(page_ocr_languages) = 'object')
) STRICT;
INSERT INTO documents_0028 (id, court_id, case_id, document_type_id, document_date, language, ocr_language, title, file_name, sha256, size, mime, page_count, created_at, created_by, version, updated_hlc)
  SELECT id, court_id, case_id, document_type_id, document_date, language, ocr_language, title, file_name, sha256, size, mime, page_count, created_at, created_by, version, updated_hlc FROM documents;
DROP TABLE documents;
ALTER TABLE documents_0028 RENAME TO documents;
CREATE INDEX documents_case ON documents(case_id);
CREATE INDEX documents_sha256 ON documents(sha256);

CREATE TABLE ocr_jobs_0028 (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  language TEXT NOT NULL CHECK (language IN ('auto', 'ara', 'fra', 'eng', 'ara+fra')),
  dpi INTEGER NOT NULL CHECK (dpi BETWEEN 72 AND 600),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  pages_total INTEGER NOT NULL CHECK (pages_total >= 1),
  pages_done INTEGER NOT NULL CHECK (pages_done >= 0 AND pages_done <= pages_total),
  error_code TEXT,
  error_page INTEGER,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  indexed_at TEXT
) STRICT;
INSERT INTO ocr_jobs_0028 SELECT id, document_id, status, language, dpi, attempts, pages_total, pages_done, error_code, error_page, created_at, started_at, finished_at, indexed_at FROM ocr_jobs;
DROP TABLE ocr_jobs;
ALTER TABLE ocr_jobs_0028 RENAME TO ocr_jobs;
CREATE INDEX ocr_jobs_document ON ocr_jobs(document_id);
CREATE INDEX ocr_jobs_status ON ocr_jobs(status, created_at);

ALTER TABLE document_pages ADD COLUMN reread_language TEXT CHECK (reread_language IN ('auto', 'ara', 'fra', 'eng', 'ara+fra'));
`,
};
