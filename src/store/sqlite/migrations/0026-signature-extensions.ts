// A judgment's signed file extended for long-term validation on this desk (ARCHITECTURE §6, "B-LT
// and B-LTA"): each extension is a new file, the previous one with one revision appended (the DSS,
// and with a TSA a document timestamp), kept in the desk's store like the signed files. One row per
// extended file, chained: the first is appended to the last signature's file, each next one to the
// previous extension's (`seq` 1, 2, …; a file is extended once). Written by the local command
// recordSignatureExtension: never pushed, since the file does not travel yet. Never edit a released
// migration.
import type { Migration } from './migration';

export const migration0026: Migration = {
  version: 26,
  name: 'signature-extensions',
  sql: `
CREATE TABLE signature_extensions (
  file_sha256 TEXT PRIMARY KEY CHECK (length(file_sha256) = 64),
  judgment_id TEXT NOT NULL REFERENCES judgments(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  from_sha256 TEXT NOT NULL UNIQUE CHECK (length(from_sha256) = 64),
  file_size INTEGER NOT NULL CHECK (file_size >= 1),
  level TEXT NOT NULL CHECK (level IN ('B-LT', 'B-LTA')),
  extended_at TEXT NOT NULL,
  extended_by TEXT NOT NULL REFERENCES users(id),
  UNIQUE (judgment_id, seq)
) STRICT;
`,
};
