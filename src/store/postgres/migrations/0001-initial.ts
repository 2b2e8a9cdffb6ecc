// The first schema, mirroring src/store/sqlite/migrations/0001-initial.ts column for column.
// Every text column is COLLATE "C": comparisons, uniqueness and ORDER BY then follow code points,
// exactly as SQLite's BINARY collation does on UTF-8, whatever locale the database was created
// with (a linguistic collation would order Arabic and Latin names differently on the server).
// Integers stay integers; 0/1 flags stay integers, so src/domain/db-schema.ts holds on both.
// The FTS5 party_search index and its triggers are SQLite-only: quick find is a desk read.
// Never edit a released migration: add a new file.
import type { PgMigration } from './migration';

export const pgMigration0001: PgMigration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE settings (
  key   text COLLATE "C" PRIMARY KEY,
  value text COLLATE "C" NOT NULL
);

CREATE TABLE courts (
  id text COLLATE "C" PRIMARY KEY,
  code text COLLATE "C" NOT NULL UNIQUE,
  name_ar text COLLATE "C" NOT NULL,
  name_fr text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL
);

CREATE TABLE chambers (
  id text COLLATE "C" PRIMARY KEY,
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  code text COLLATE "C" NOT NULL,
  name_ar text COLLATE "C" NOT NULL,
  name_fr text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL,
  UNIQUE (court_id, code)
);

CREATE TABLE case_types (
  id text COLLATE "C" PRIMARY KEY,
  code text COLLATE "C" NOT NULL,
  name_ar text COLLATE "C" NOT NULL,
  name_fr text COLLATE "C" NOT NULL,
  name_en text COLLATE "C" NOT NULL,
  valid_from text COLLATE "C" NOT NULL,
  valid_to text COLLATE "C",
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX case_types_code ON case_types(code);

CREATE TABLE holidays (
  date text COLLATE "C" PRIMARY KEY,
  name_ar text COLLATE "C" NOT NULL,
  name_fr text COLLATE "C" NOT NULL,
  name_en text COLLATE "C" NOT NULL
);

CREATE TABLE users (
  id text COLLATE "C" PRIMARY KEY,
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  username text COLLATE "C" NOT NULL UNIQUE,
  display_name text COLLATE "C" NOT NULL,
  roles text COLLATE "C" NOT NULL,
  password_hash text COLLATE "C" NOT NULL,
  active integer NOT NULL CHECK (active IN (0, 1)),
  created_at text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL
);

CREATE TABLE cases (
  id text COLLATE "C" PRIMARY KEY,
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  chamber_id text COLLATE "C" NOT NULL REFERENCES chambers(id),
  case_type_id text COLLATE "C" NOT NULL REFERENCES case_types(id),
  type_code text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  serial integer,
  number text COLLATE "C" NOT NULL,
  provisional integer NOT NULL CHECK (provisional IN (0, 1)),
  subject text COLLATE "C" NOT NULL,
  status text COLLATE "C" NOT NULL CHECK (status IN ('registered','in_hearing','deliberation','judged','closed')),
  filed_on text COLLATE "C" NOT NULL,
  closed_on text COLLATE "C",
  closure_reason text COLLATE "C",
  closure_note text COLLATE "C",
  parties_summary text COLLATE "C" NOT NULL,
  next_hearing_date text COLLATE "C",
  created_at text COLLATE "C" NOT NULL,
  created_by text COLLATE "C" NOT NULL REFERENCES users(id),
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL,
  CHECK ((provisional = 1 AND serial IS NULL) OR (provisional = 0 AND serial IS NOT NULL))
);
-- The uniqueness of a case number is a database invariant, not only a rule in code.
CREATE UNIQUE INDEX cases_number ON cases(court_id, number);
CREATE UNIQUE INDEX cases_serial ON cases(court_id, type_code, year, serial) WHERE serial IS NOT NULL;
-- Registry: newest first (UUIDv7 ids sort by creation), filtered by one column at a time.
CREATE INDEX cases_registry_status ON cases(court_id, status, id);
CREATE INDEX cases_registry_type ON cases(court_id, case_type_id, id);
CREATE INDEX cases_registry_year ON cases(court_id, year, id);
CREATE INDEX cases_registry_chamber ON cases(court_id, chamber_id, id);

CREATE TABLE parties (
  id text COLLATE "C" PRIMARY KEY,
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('person','organisation')),
  name_ar text COLLATE "C",
  name_latin text COLLATE "C",
  national_id text COLLATE "C",
  search_text text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL,
  CHECK (name_ar IS NOT NULL OR name_latin IS NOT NULL)
);
CREATE INDEX parties_national_id ON parties(national_id) WHERE national_id IS NOT NULL;

CREATE TABLE case_parties (
  id text COLLATE "C" PRIMARY KEY,
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  party_id text COLLATE "C" NOT NULL REFERENCES parties(id),
  role text COLLATE "C" NOT NULL,
  lawyer_name text COLLATE "C",
  lawyer_bar_number text COLLATE "C",
  removed_at text COLLATE "C",
  removal_reason text COLLATE "C",
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL
);
CREATE INDEX case_parties_case ON case_parties(case_id);
CREATE INDEX case_parties_party ON case_parties(party_id);

CREATE TABLE hearings (
  id text COLLATE "C" PRIMARY KEY,
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  chamber_id text COLLATE "C" NOT NULL REFERENCES chambers(id),
  date text COLLATE "C" NOT NULL,
  time text COLLATE "C" NOT NULL,
  room text COLLATE "C",
  status text COLLATE "C" NOT NULL CHECK (status IN ('scheduled','adjourned','held','cancelled')),
  adjournment_reason text COLLATE "C",
  adjournment_note text COLLATE "C",
  next_hearing_id text COLLATE "C" REFERENCES hearings(id),
  outcome text COLLATE "C",
  outcome_note text COLLATE "C",
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL,
  CHECK (status <> 'adjourned' OR adjournment_reason IS NOT NULL)
);
CREATE INDEX hearings_case ON hearings(case_id, date);
CREATE INDEX hearings_day ON hearings(date, chamber_id, time);

-- Append-only: the app never updates or deletes audit rows; triggers make a mistake loud.
-- seq is given by the command runner (the chain's next number); the identity only mirrors
-- SQLite's AUTOINCREMENT for a row inserted without one.
CREATE TABLE audit (
  seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  device_id text COLLATE "C" NOT NULL,
  hlc text COLLATE "C" NOT NULL,
  wall_time text COLLATE "C" NOT NULL,
  user_id text COLLATE "C",
  command text COLLATE "C" NOT NULL,
  changes text COLLATE "C" NOT NULL,
  prev_hash text COLLATE "C" NOT NULL,
  hash text COLLATE "C" NOT NULL
);
CREATE FUNCTION mahkama_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit is append-only';
END
$fn$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION mahkama_audit_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION mahkama_audit_append_only();
-- SQLite has no TRUNCATE; PostgreSQL's would empty the table without firing row triggers.
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION mahkama_audit_append_only();

-- The highest seq ever appended, which outlives entries cut off the end of the chain: what
-- sqlite_sequence remembers for AUTOINCREMENT on the desk (audit-chain.ts, AuditHighWater).
-- Kept by a trigger in the appending transaction, so a rolled-back command leaves it as it was
-- (a sequence would not roll back, and explicit seqs never advance the identity anyway).
CREATE TABLE audit_high_water (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL
);
INSERT INTO audit_high_water (id, seq) VALUES (1, 0);
CREATE FUNCTION mahkama_audit_high_water() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE audit_high_water SET seq = NEW.seq WHERE id = 1 AND seq < NEW.seq;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER audit_high_water_ai AFTER INSERT ON audit FOR EACH ROW EXECUTE FUNCTION mahkama_audit_high_water();

CREATE TABLE outbox (
  mutation_id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  args text COLLATE "C" NOT NULL,
  base_versions text COLLATE "C" NOT NULL,
  hlc text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  status text COLLATE "C" NOT NULL CHECK (status IN ('pending','pushed'))
);

CREATE TABLE number_blocks (
  id text COLLATE "C" PRIMARY KEY,
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  type_code text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  first_serial integer NOT NULL CHECK (first_serial >= 1),
  last_serial integer NOT NULL,
  next_serial integer NOT NULL,
  source text COLLATE "C" NOT NULL CHECK (source IN ('server','bootstrap')),
  granted_at text COLLATE "C" NOT NULL,
  CHECK (last_serial >= first_serial),
  CHECK (next_serial BETWEEN first_serial AND last_serial + 1)
);
CREATE INDEX number_blocks_lookup ON number_blocks(court_id, type_code, year, first_serial);

CREATE TABLE provisional_counters (
  device_tag text COLLATE "C" NOT NULL,
  type_code text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  last_sequence integer NOT NULL,
  PRIMARY KEY (device_tag, type_code, year)
);
`,
};
