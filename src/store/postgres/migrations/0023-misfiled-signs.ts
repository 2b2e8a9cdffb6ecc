// Mirrors the desk's 0023: the misfiled signs found on pages after OCR (empty on the server, which
// does not OCR; kept so both engines have one schema). Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0023: PgMigration = {
  version: 23,
  name: 'misfiled-signs',
  sql: `
CREATE TABLE misfiled_signs (
  document_id text COLLATE "C" NOT NULL REFERENCES documents(id),
  page_index integer NOT NULL CHECK (page_index >= 0),
  other_case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  other_case_number text COLLATE "C" NOT NULL,
  reasons text COLLATE "C" NOT NULL,
  found_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (document_id, page_index, other_case_id)
);
`,
};
