// Mirrors the desk's 0010: what the server keeps to take pushed mutations and serve pulls
// (court_heads, court_audit, change_log, mutations, conflicts; see the SQLite file for each one's
// purpose). On PostgreSQL court_heads is what makes several server instances safe: each
// transaction that records a command of a court locks that court's row, so its audit chain and
// change sequence never fork. court_audit is append-only here too (TRUNCATE refused as well).
// Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0010: PgMigration = {
  version: 10,
  name: 'server-sync',
  sql: `
CREATE TABLE court_heads (
  court_id text COLLATE "C" PRIMARY KEY REFERENCES courts(id),
  audit_seq integer NOT NULL CHECK (audit_seq >= 0),
  audit_hash text COLLATE "C" NOT NULL,
  change_seq integer NOT NULL CHECK (change_seq >= 0)
);

CREATE TABLE court_audit (
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  seq integer NOT NULL CHECK (seq >= 1),
  device_id text COLLATE "C" NOT NULL,
  hlc text COLLATE "C" NOT NULL,
  wall_time text COLLATE "C" NOT NULL,
  recorded_at text COLLATE "C",
  user_id text COLLATE "C",
  command text COLLATE "C" NOT NULL,
  changes text COLLATE "C" NOT NULL,
  prev_hash text COLLATE "C" NOT NULL,
  hash text COLLATE "C" NOT NULL,
  PRIMARY KEY (court_id, seq)
);
CREATE TRIGGER court_audit_no_update BEFORE UPDATE ON court_audit FOR EACH ROW EXECUTE FUNCTION mahkama_audit_append_only();
CREATE TRIGGER court_audit_no_delete BEFORE DELETE ON court_audit FOR EACH ROW EXECUTE FUNCTION mahkama_audit_append_only();
CREATE TRIGGER court_audit_no_truncate BEFORE TRUNCATE ON court_audit FOR EACH STATEMENT EXECUTE FUNCTION mahkama_audit_append_only();

CREATE TABLE change_log (
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  seq integer NOT NULL CHECK (seq >= 1),
  entity text COLLATE "C" NOT NULL,
  entity_id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  hlc text COLLATE "C" NOT NULL,
  device_id text COLLATE "C" NOT NULL,
  changed text COLLATE "C" NOT NULL,
  "row" text COLLATE "C" NOT NULL,
  PRIMARY KEY (court_id, seq)
);
CREATE INDEX change_log_entity ON change_log(entity_id, version);

CREATE TABLE mutations (
  device_id text COLLATE "C" NOT NULL,
  mutation_id integer NOT NULL CHECK (mutation_id >= 1),
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  name text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  hlc text COLLATE "C" NOT NULL,
  outcome text COLLATE "C" NOT NULL CHECK (outcome IN ('applied','rejected','conflict')),
  detail text COLLATE "C" NOT NULL,
  received_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (device_id, mutation_id)
);

CREATE TABLE conflicts (
  id text COLLATE "C" PRIMARY KEY,
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  device_id text COLLATE "C" NOT NULL,
  mutation_id integer NOT NULL,
  name text COLLATE "C" NOT NULL,
  args text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  entity text COLLATE "C" NOT NULL,
  entity_id text COLLATE "C" NOT NULL,
  base_version integer NOT NULL,
  server_version integer NOT NULL,
  fields text COLLATE "C" NOT NULL,
  status text COLLATE "C" NOT NULL CHECK (status IN ('open','resolved')),
  created_at text COLLATE "C" NOT NULL,
  resolved_by text COLLATE "C",
  resolved_at text COLLATE "C"
);
CREATE INDEX conflicts_open ON conflicts(court_id, status, created_at);
`,
};
