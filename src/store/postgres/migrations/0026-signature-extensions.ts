// Mirrors the desk's 0026: the extensions of a judgment's signed file made on a desk (empty on the
// server, kept so both engines have one schema, as 0025's document files are).
// Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0026: PgMigration = {
  version: 26,
  name: 'signature-extensions',
  sql: `
CREATE TABLE signature_extensions (
  file_sha256 text COLLATE "C" PRIMARY KEY CHECK (length(file_sha256) = 64),
  judgment_id text COLLATE "C" NOT NULL REFERENCES judgments(id),
  seq integer NOT NULL CHECK (seq >= 1),
  from_sha256 text COLLATE "C" NOT NULL UNIQUE CHECK (length(from_sha256) = 64),
  file_size bigint NOT NULL CHECK (file_size >= 1),
  level text COLLATE "C" NOT NULL CHECK (level IN ('B-LT', 'B-LTA')),
  extended_at text COLLATE "C" NOT NULL,
  extended_by text COLLATE "C" NOT NULL REFERENCES users(id),
  UNIQUE (judgment_id, seq)
);
`,
};
