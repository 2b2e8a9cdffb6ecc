// Document files between the desk and the court's server (ARCHITECTURE §5, "Files between desks").
// `document_files` is the desk's own record of each document file (one row per SHA-256, whatever
// the number of documents naming it): whether this desk has held the file, whether the server
// has confirmed it holds it, and the last problem met moving it. Never synced: each desk knows what
// it sent and fetched. Never edit a released migration.
import type { Migration } from './migration';

export const migration0025: Migration = {
  version: 25,
  name: 'document-files',
  sql: `
CREATE TABLE document_files (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  held_here INTEGER NOT NULL CHECK (held_here IN (0, 1)),
  uploaded_at TEXT,
  problem TEXT CHECK (problem IN ('fileMissing', 'fileDamaged', 'notYetAvailable', 'refused', 'hashMismatch')),
  problem_code TEXT,
  tries INTEGER NOT NULL CHECK (tries >= 0),
  updated_at TEXT NOT NULL
) STRICT;
`,
};
