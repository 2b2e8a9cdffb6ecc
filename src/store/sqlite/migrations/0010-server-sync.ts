// What the server keeps to take pushed mutations and serve pulls (ARCHITECTURE §4), in the same
// schema as the desk's: one set of migrations per engine, the server's tables empty on a desk.
// - court_heads: one row per court, locked by every transaction that records a command of that
//   court, so its audit chain and its change sequence never fork, whichever server instance
//   writes (a row lock on PostgreSQL; SQLite has one writer anyway).
// - court_audit: the audit chain of each court (the desk's `audit` is one device's chain).
// - change_log: per court, in commit order (seq taken under the court's lock), each synced
//   record as it stands after a command changed it, and which fields changed (before/after):
//   what pull serves and what tells a conflict from a merge.
// - mutations: each pushed mutation's outcome, by (device, mutation id): a push seen again gets
//   the stored outcome and is never applied twice.
// - conflicts: a mutation that changed a field someone else changed since its base: base / mine /
//   theirs per field, nothing of it applied, until a person resolves it.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0010: Migration = {
  version: 10,
  name: 'server-sync',
  sql: `
CREATE TABLE court_heads (
  court_id TEXT PRIMARY KEY REFERENCES courts(id),
  audit_seq INTEGER NOT NULL CHECK (audit_seq >= 0),
  audit_hash TEXT NOT NULL,
  change_seq INTEGER NOT NULL CHECK (change_seq >= 0)
) STRICT;

CREATE TABLE court_audit (
  court_id TEXT NOT NULL REFERENCES courts(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  device_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  wall_time TEXT NOT NULL,
  recorded_at TEXT,
  user_id TEXT,
  command TEXT NOT NULL,
  changes TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (court_id, seq)
) STRICT;
CREATE TRIGGER court_audit_no_update BEFORE UPDATE ON court_audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER court_audit_no_delete BEFORE DELETE ON court_audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

CREATE TABLE change_log (
  court_id TEXT NOT NULL REFERENCES courts(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  device_id TEXT NOT NULL,
  changed TEXT NOT NULL,
  row TEXT NOT NULL,
  PRIMARY KEY (court_id, seq)
) STRICT;
CREATE INDEX change_log_entity ON change_log(entity_id, version);

CREATE TABLE mutations (
  device_id TEXT NOT NULL,
  mutation_id INTEGER NOT NULL CHECK (mutation_id >= 1),
  court_id TEXT NOT NULL REFERENCES courts(id),
  name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied','rejected','conflict')),
  detail TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (device_id, mutation_id)
) STRICT;

CREATE TABLE conflicts (
  id TEXT PRIMARY KEY,
  court_id TEXT NOT NULL REFERENCES courts(id),
  device_id TEXT NOT NULL,
  mutation_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  args TEXT NOT NULL,
  user_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  base_version INTEGER NOT NULL,
  server_version INTEGER NOT NULL,
  fields TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','resolved')),
  created_at TEXT NOT NULL,
  resolved_by TEXT,
  resolved_at TEXT
) STRICT;
CREATE INDEX conflicts_open ON conflicts(court_id, status, created_at);
`,
};
