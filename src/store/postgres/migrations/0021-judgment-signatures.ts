// Mirrors the desk's 0021: the signatures of a judgment's PDF (synced records of signJudgment) and
// the judgment's lock, set by the last required signature. Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0021: PgMigration = {
  version: 21,
  name: 'judgment-signatures',
  sql: `
ALTER TABLE judgments ADD COLUMN locked_at text COLLATE "C";

CREATE TABLE judgment_signatures (
  id text COLLATE "C" PRIMARY KEY,
  judgment_id text COLLATE "C" NOT NULL REFERENCES judgments(id),
  step text COLLATE "C" NOT NULL CHECK (step IN ('judge', 'clerk')),
  file_sha256 text COLLATE "C" NOT NULL CHECK (length(file_sha256) = 64),
  file_size bigint NOT NULL CHECK (file_size > 0),
  signed_over_sha256 text COLLATE "C" NOT NULL CHECK (length(signed_over_sha256) = 64),
  signer_id text COLLATE "C" NOT NULL REFERENCES users(id),
  signer_role text COLLATE "C" NOT NULL,
  certificate_subject text COLLATE "C" NOT NULL,
  certificate_issuer text COLLATE "C" NOT NULL,
  certificate_serial text COLLATE "C" NOT NULL,
  certificate_sha256 text COLLATE "C" NOT NULL CHECK (length(certificate_sha256) = 64),
  signed_at text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL,
  UNIQUE (judgment_id, step)
);
`,
};
