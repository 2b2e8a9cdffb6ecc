// Signed judgments (ARCHITECTURE §6): each signature of a judgment's PDF is a synced record made by
// signJudgment — the step (the judge, then the clerk's countersignature), the SHA-256 and size of the
// signed file and of the file it was signed over, the signer and their certificate, the signing
// time. `judgments.locked_at` is set by the last required signature: from then on the judgment is
// refused every edit. Never edit a released migration.
import type { Migration } from './migration';

export const migration0021: Migration = {
  version: 21,
  name: 'judgment-signatures',
  sql: `
ALTER TABLE judgments ADD COLUMN locked_at TEXT;

CREATE TABLE judgment_signatures (
  id TEXT PRIMARY KEY,
  judgment_id TEXT NOT NULL REFERENCES judgments(id),
  step TEXT NOT NULL CHECK (step IN ('judge', 'clerk')),
  file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),
  file_size INTEGER NOT NULL CHECK (file_size > 0),
  signed_over_sha256 TEXT NOT NULL CHECK (length(signed_over_sha256) = 64),
  signer_id TEXT NOT NULL REFERENCES users(id),
  signer_role TEXT NOT NULL,
  certificate_subject TEXT NOT NULL,
  certificate_issuer TEXT NOT NULL,
  certificate_serial TEXT NOT NULL,
  certificate_sha256 TEXT NOT NULL CHECK (length(certificate_sha256) = 64),
  signed_at TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL,
  UNIQUE (judgment_id, step)
) STRICT;
`,
};
