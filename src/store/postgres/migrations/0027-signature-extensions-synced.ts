// Mirrors the desk's 0027: a judgment's extensions become synced records (an id derived from the
// file extended, a version, an HLC; `extended_by` null when the court's server extended it; seq no
// longer unique per judgment), and the server's work list of files to extend (its table here, an
// empty twin on a desk). The server's signature_extensions was empty until now (the command was a
// desk's own); a row there anyway gets the same derived id as on SQLite (nameBasedId in SQL) and
// an HLC that sorts before any real one. Never edit a released migration.
import type { PgMigration } from './migration';

/** The domain's nameBasedId of the text `expr` evaluates to, in SQL (test/integration/postgres/signature-extensions-0027.test.ts). */
export function nameBasedIdSql(expr: string): string {
  return `(SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-8' || substr(h, 14, 3) || '-'
    || to_hex((('x' || substr(h, 17, 1))::bit(4)::int & 3) | 8) || substr(h, 18, 3) || '-' || substr(h, 21, 12)
  FROM (SELECT encode(sha256(convert_to(${expr}, 'UTF8')), 'hex') AS h) d)`;
}

export const pgMigration0027: PgMigration = {
  version: 27,
  name: 'signature-extensions-synced',
  sql: `
ALTER TABLE signature_extensions DROP CONSTRAINT signature_extensions_pkey;
ALTER TABLE signature_extensions DROP CONSTRAINT signature_extensions_judgment_id_seq_key;
ALTER TABLE signature_extensions ADD CONSTRAINT signature_extensions_file_sha256_key UNIQUE (file_sha256);
ALTER TABLE signature_extensions ALTER COLUMN extended_by DROP NOT NULL;
ALTER TABLE signature_extensions ADD COLUMN id text COLLATE "C";
ALTER TABLE signature_extensions ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE signature_extensions ADD COLUMN updated_hlc text COLLATE "C" NOT NULL DEFAULT '000000000000000-00000-migration-0027';
UPDATE signature_extensions SET id = ${nameBasedIdSql("'signature-extension:' || from_sha256")};
ALTER TABLE signature_extensions ALTER COLUMN id SET NOT NULL;
ALTER TABLE signature_extensions ADD PRIMARY KEY (id);
ALTER TABLE signature_extensions ADD CONSTRAINT signature_extensions_id_check CHECK (length(id) = 36);
ALTER TABLE signature_extensions ALTER COLUMN version DROP DEFAULT;
ALTER TABLE signature_extensions ALTER COLUMN updated_hlc DROP DEFAULT;
CREATE INDEX signature_extensions_judgment ON signature_extensions (judgment_id, seq);

CREATE TABLE signature_extension_jobs (
  from_sha256 text COLLATE "C" PRIMARY KEY CHECK (length(from_sha256) = 64),
  judgment_id text COLLATE "C" NOT NULL REFERENCES judgments(id),
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  state text COLLATE "C" NOT NULL CHECK (state IN ('waiting', 'done', 'refused')),
  tries integer NOT NULL CHECK (tries >= 0),
  next_try_at text COLLATE "C" NOT NULL,
  lease_owner text COLLATE "C",
  lease_until text COLLATE "C",
  problem_code text COLLATE "C",
  problem_key text COLLATE "C",
  file_sha256 text COLLATE "C" CHECK (file_sha256 IS NULL OR length(file_sha256) = 64),
  level text COLLATE "C" CHECK (level IS NULL OR level IN ('B-LT', 'B-LTA')),
  updated_at text COLLATE "C" NOT NULL
);
CREATE INDEX signature_extension_jobs_due ON signature_extension_jobs (state, next_try_at);
`,
};
