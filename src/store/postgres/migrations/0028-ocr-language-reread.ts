// Mirrors the desk's 0028: `ara+fra` becomes a choice of a document and of a job, a document keeps
// the choices made for single pages (`page_ocr_languages`, JSON object of page index → choice,
// synced), and a page carries the choice it waits to be read again with (`reread_language`; the
// server reads no page, its document_pages stays an empty twin). Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0028: PgMigration = {
  version: 28,
  name: 'ocr-language-reread',
  sql: `
ALTER TABLE documents DROP CONSTRAINT documents_ocr_language_check;
ALTER TABLE documents ADD CONSTRAINT documents_ocr_language_check CHECK (ocr_language IN ('auto', 'ara', 'fra', 'eng', 'ara+fra'));
ALTER TABLE documents ADD COLUMN page_ocr_languages text COLLATE "C" NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(page_ocr_languages::jsonb) = 'object');
ALTER TABLE ocr_jobs DROP CONSTRAINT ocr_jobs_language_check;
ALTER TABLE ocr_jobs ADD CONSTRAINT ocr_jobs_language_check CHECK (language IN ('auto', 'ara', 'fra', 'eng', 'ara+fra'));
ALTER TABLE document_pages ADD COLUMN reread_language text COLLATE "C" CHECK (reread_language IN ('auto', 'ara', 'fra', 'eng', 'ara+fra'));
`,
};
