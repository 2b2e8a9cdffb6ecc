// A judgment's extensions for long-term validation become synced records, made on a desk or on the
// court's server (ARCHITECTURE §6, "B-LT and B-LTA"), and the server's work list of judgments to
// extend. signature_extensions is rebuilt (SQLite cannot change a primary key): each row gets an id
// derived from the file it extends (`signature-extension:<from_sha256>`, mahkama_name_based_id, the
// domain's nameBasedId) — so a desk and the server extending the same file make the same record and
// the second is refused, never a second row a pull could not place — a version and an HLC (taken
// from the outbox row of the command that recorded it, which stays in this desk's outbox and is now
// pushed), and `extended_by` may be null: the court's server extended it. UNIQUE (judgment_id, seq)
// goes: seq numbers one desk's chain, and rows made apart may share one (from_sha256 is what
// is unique). signature_extension_jobs is the server's (empty on a desk, kept so both engines have
// one schema): one row per file to extend, claimed by an instance for a lease, retried after a
// failure, ended done or refused with its reason. Never edit a released migration.
import type { Migration } from './migration';

export const migration0027: Migration = {
  version: 27,
  name: 'signature-extensions-synced',
  sql: `
CREATE TEMP TABLE extension_hlcs AS
  SELECT json_extract(args, '$.file.sha256') AS file_sha256, max(hlc) AS hlc
  FROM outbox WHERE name = 'recordSignatureExtension' GROUP BY 1;

CREATE TABLE signature_extensions_0027 (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  judgment_id TEXT NOT NULL REFERENCES judgments(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  from_sha256 TEXT NOT NULL UNIQUE CHECK (length(from_sha256) = 64),
  file_sha256 TEXT NOT NULL UNIQUE CHECK (length(file_sha256) = 64),
  file_size INTEGER NOT NULL CHECK (file_size >= 1),
  level TEXT NOT NULL CHECK (level IN ('B-LT', 'B-LTA')),
  extended_at TEXT NOT NULL,
  extended_by TEXT REFERENCES users(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL
) STRICT;

INSERT INTO signature_extensions_0027 (id, judgment_id, seq, from_sha256, file_sha256, file_size, level, extended_at, extended_by, version, updated_hlc)
  SELECT mahkama_name_based_id('signature-extension:' || e.from_sha256), e.judgment_id, e.seq, e.from_sha256, e.file_sha256, e.file_size, e.level,
         e.extended_at, e.extended_by, 1, coalesce(h.hlc, '000000000000000-00000-migration-0027')
  FROM signature_extensions e LEFT JOIN extension_hlcs h ON h.file_sha256 = e.file_sha256;

DROP TABLE signature_extensions;
DROP TABLE extension_hlcs;
ALTER TABLE signature_extensions_0027 RENAME TO signature_extensions;
CREATE INDEX signature_extensions_judgment ON signature_extensions (judgment_id, seq);

CREATE TABLE signature_extension_jobs (
  from_sha256 TEXT PRIMARY KEY CHECK (length(from_sha256) = 64),
  judgment_id TEXT NOT NULL REFERENCES judgments(id),
  court_id TEXT NOT NULL REFERENCES courts(id),
  state TEXT NOT NULL CHECK (state IN ('waiting', 'done', 'refused')),
  tries INTEGER NOT NULL CHECK (tries >= 0),
  next_try_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  problem_code TEXT,
  problem_key TEXT,
  file_sha256 TEXT CHECK (file_sha256 IS NULL OR length(file_sha256) = 64),
  level TEXT CHECK (level IS NULL OR level IN ('B-LT', 'B-LTA')),
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX signature_extension_jobs_due ON signature_extension_jobs (state, next_try_at);
`,
};
