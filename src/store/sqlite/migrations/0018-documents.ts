// Documents filed in a case and their OCR (ARCHITECTURE §5). `document_types` is reference data
// with fixed ids (like case_types); `documents` is a synced record made by attachDocument; its file
// is a blob, stored by its SHA-256 in the data folder. `page_corrections` is a person's correction
// of a page's text (correctPageText), synced. `document_pages` and `ocr_jobs` are the desk's own
// work: OCR output and the jobs that produce it (resumed after a crash, never synced).
// Never edit a released migration.
import type { Migration } from './migration';

const SEED_HLC = '000000000000000-00000-seed';

export const SEED_DOCUMENT_TYPES: readonly { id: string; code: string; nameAr: string; nameFr: string; nameEn: string }[] = [
  { id: '01900000-0000-7000-8000-00000000d001', code: 'petition', nameAr: 'مقال افتتاحي', nameFr: 'Requête introductive', nameEn: 'Statement of claim' },
  { id: '01900000-0000-7000-8000-00000000d002', code: 'memorandum', nameAr: 'مذكرة', nameFr: 'Mémoire', nameEn: 'Written submission' },
  { id: '01900000-0000-7000-8000-00000000d003', code: 'minutes', nameAr: 'محضر', nameFr: 'Procès-verbal', nameEn: 'Minutes' },
  { id: '01900000-0000-7000-8000-00000000d004', code: 'expert_report', nameAr: 'تقرير خبرة', nameFr: "Rapport d'expertise", nameEn: 'Expert report' },
  { id: '01900000-0000-7000-8000-00000000d005', code: 'summons', nameAr: 'استدعاء', nameFr: 'Convocation', nameEn: 'Summons' },
  { id: '01900000-0000-7000-8000-00000000d006', code: 'judgment_copy', nameAr: 'نسخة حكم', nameFr: 'Copie de jugement', nameEn: 'Copy of judgment' },
  { id: '01900000-0000-7000-8000-00000000d007', code: 'exhibit', nameAr: 'وثيقة مدلى بها', nameFr: 'Pièce produite', nameEn: 'Exhibit' },
  { id: '01900000-0000-7000-8000-00000000d008', code: 'other', nameAr: 'وثيقة أخرى', nameFr: 'Autre document', nameEn: 'Other document' },
];

function q(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The seed rows, as plain INSERTs both engines read alike (PostgreSQL's 0018 runs the same). */
export const DOCUMENT_TYPES_SEED_SQL = SEED_DOCUMENT_TYPES.map(
  (t) =>
    `INSERT INTO document_types (id, code, name_ar, name_fr, name_en, active, version, updated_hlc) VALUES (${q(t.id)}, ${q(t.code)}, ${q(t.nameAr)}, ${q(t.nameFr)}, ${q(t.nameEn)}, 1, 1, ${q(SEED_HLC)});`,
).join('\n');

export const migration0018: Migration = {
  version: 18,
  name: 'documents',
  sql: `
CREATE TABLE document_types (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_ar TEXT NOT NULL,
  name_fr TEXT NOT NULL,
  name_en TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL
) STRICT;

CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  court_id TEXT NOT NULL REFERENCES courts(id),
  case_id TEXT NOT NULL REFERENCES cases(id),
  document_type_id TEXT NOT NULL REFERENCES document_types(id),
  document_date TEXT,
  language TEXT NOT NULL CHECK (language IN ('ar', 'fr', 'en')),
  ocr_language TEXT NOT NULL CHECK (ocr_language IN ('auto', 'ara', 'fra', 'eng')),
  title TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size > 0),
  mime TEXT NOT NULL,
  page_count INTEGER NOT NULL CHECK (page_count >= 1),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX documents_case ON documents(case_id);
CREATE INDEX documents_sha256 ON documents(sha256);

CREATE TABLE page_corrections (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  page_index INTEGER NOT NULL CHECK (page_index >= 0),
  text TEXT NOT NULL,
  corrected_at TEXT NOT NULL,
  corrected_by TEXT NOT NULL REFERENCES users(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL,
  UNIQUE (document_id, page_index)
) STRICT;

CREATE TABLE document_pages (
  document_id TEXT NOT NULL REFERENCES documents(id),
  page_index INTEGER NOT NULL CHECK (page_index >= 0),
  ocr_status TEXT NOT NULL CHECK (ocr_status IN ('pending', 'done', 'failed')),
  source TEXT CHECK (source IN ('ocr', 'textLayer')),
  model TEXT,
  script TEXT,
  text TEXT NOT NULL,
  confidence INTEGER,
  words TEXT NOT NULL,
  width INTEGER,
  height INTEGER,
  corrected INTEGER NOT NULL CHECK (corrected IN (0, 1)),
  read_ms INTEGER,
  read_at TEXT,
  PRIMARY KEY (document_id, page_index)
) STRICT;

CREATE TABLE ocr_jobs (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  language TEXT NOT NULL CHECK (language IN ('auto', 'ara', 'fra', 'eng')),
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
CREATE INDEX ocr_jobs_document ON ocr_jobs(document_id);
CREATE INDEX ocr_jobs_status ON ocr_jobs(status, created_at);

${DOCUMENT_TYPES_SEED_SQL}
`,
};
