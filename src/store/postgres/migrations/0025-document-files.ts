// Mirrors the desk's 0025: the desk's own record of document files moved to and from the server
// (empty on the server, kept so both engines have one schema, as 0018's OCR tables are).
// Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0025: PgMigration = {
  version: 25,
  name: 'document-files',
  sql: `
CREATE TABLE document_files (
  sha256 text COLLATE "C" PRIMARY KEY CHECK (length(sha256) = 64),
  held_here integer NOT NULL CHECK (held_here IN (0, 1)),
  uploaded_at text COLLATE "C",
  problem text COLLATE "C" CHECK (problem IN ('fileMissing', 'fileDamaged', 'notYetAvailable', 'refused', 'hashMismatch')),
  problem_code text COLLATE "C",
  tries integer NOT NULL CHECK (tries >= 0),
  updated_at text COLLATE "C" NOT NULL
);
`,
};
