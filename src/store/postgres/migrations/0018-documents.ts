// Mirrors the desk's 0018: document types (the same seed rows, from the same statements),
// documents, page corrections, and the desk's OCR pages and jobs (empty on the server, kept so both
// engines have one schema). Sizes are bigint: a document may pass 2 GiB. Never edit a released migration.
import { DOCUMENT_TYPES_SEED_SQL } from '../../sqlite/migrations/0018-documents';
import type { PgMigration } from './migration';

export const pgMigration0018: PgMigration = {
  version: 18,
  name: 'documents',
  sql: `
CREATE TABLE document_types (
  id text COLLATE "C" PRIMARY KEY,
  code text COLLATE "C" NOT NULL UNIQUE,
  name_ar text COLLATE "C" NOT NULL,
  name_fr text COLLATE "C" NOT NULL,
  name_en text COLLATE "C" NOT NULL,
  active integer NOT NULL CHECK (active IN (0, 1)),
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL
);

CREATE TABLE documents (
  id text COLLATE "C" PRIMARY KEY,
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  document_type_id text COLLATE "C" NOT NULL REFERENCES document_types(id),
  document_date text COLLATE "C",
  language text COLLATE "C" NOT NULL CHECK (language IN ('ar', 'fr', 'en')),
  ocr_language text COLLATE "C" NOT NULL CHECK (ocr_language IN ('auto', 'ara', 'fra', 'eng')),
  title text COLLATE "C" NOT NULL,
  file_name text COLLATE "C" NOT NULL,
  sha256 text COLLATE "C" NOT NULL CHECK (length(sha256) = 64),
  size bigint NOT NULL CHECK (size > 0),
  mime text COLLATE "C" NOT NULL,
  page_count integer NOT NULL CHECK (page_count >= 1),
  created_at text COLLATE "C" NOT NULL,
  created_by text COLLATE "C" NOT NULL REFERENCES users(id),
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL
);
CREATE INDEX documents_case ON documents(case_id);
CREATE INDEX documents_sha256 ON documents(sha256);

CREATE TABLE page_corrections (
  id text COLLATE "C" PRIMARY KEY,
  document_id text COLLATE "C" NOT NULL REFERENCES documents(id),
  page_index integer NOT NULL CHECK (page_index >= 0),
  text text COLLATE "C" NOT NULL,
  corrected_at text COLLATE "C" NOT NULL,
  corrected_by text COLLATE "C" NOT NULL REFERENCES users(id),
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL,
  UNIQUE (document_id, page_index)
);

CREATE TABLE document_pages (
  document_id text COLLATE "C" NOT NULL REFERENCES documents(id),
  page_index integer NOT NULL CHECK (page_index >= 0),
  ocr_status text COLLATE "C" NOT NULL CHECK (ocr_status IN ('pending', 'done', 'failed')),
  source text COLLATE "C" CHECK (source IN ('ocr', 'textLayer')),
  model text COLLATE "C",
  script text COLLATE "C",
  text text COLLATE "C" NOT NULL,
  confidence integer,
  words text COLLATE "C" NOT NULL,
  width integer,
  height integer,
  corrected integer NOT NULL CHECK (corrected IN (0, 1)),
  read_ms integer,
  read_at text COLLATE "C",
  PRIMARY KEY (document_id, page_index)
);

CREATE TABLE ocr_jobs (
  id text COLLATE "C" PRIMARY KEY,
  document_id text COLLATE "C" NOT NULL REFERENCES documents(id),
  status text COLLATE "C" NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  language text COLLATE "C" NOT NULL CHECK (language IN ('auto', 'ara', 'fra', 'eng')),
  dpi integer NOT NULL CHECK (dpi BETWEEN 72 AND 600),
  attempts integer NOT NULL CHECK (attempts >= 0),
  pages_total integer NOT NULL CHECK (pages_total >= 1),
  pages_done integer NOT NULL CHECK (pages_done >= 0 AND pages_done <= pages_total),
  error_code text COLLATE "C",
  error_page integer,
  created_at text COLLATE "C" NOT NULL,
  started_at text COLLATE "C",
  finished_at text COLLATE "C",
  indexed_at text COLLATE "C"
);
CREATE INDEX ocr_jobs_document ON ocr_jobs(document_id);
CREATE INDEX ocr_jobs_status ON ocr_jobs(status, created_at);

${DOCUMENT_TYPES_SEED_SQL}
`,
};
