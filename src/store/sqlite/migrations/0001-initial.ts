// The first schema of the workstation database. Never edit a released migration: add a new file.
import type { Migration } from './migration';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE courts (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_ar TEXT NOT NULL,
  name_fr TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL
) STRICT;

CREATE TABLE chambers (
  id TEXT PRIMARY KEY,
  court_id TEXT NOT NULL REFERENCES courts(id),
  code TEXT NOT NULL,
  name_ar TEXT NOT NULL,
  name_fr TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL,
  UNIQUE (court_id, code)
) STRICT;

CREATE TABLE case_types (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  name_ar TEXT NOT NULL,
  name_fr TEXT NOT NULL,
  name_en TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX case_types_code ON case_types(code);

CREATE TABLE holidays (
  date TEXT PRIMARY KEY,
  name_ar TEXT NOT NULL,
  name_fr TEXT NOT NULL,
  name_en TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  court_id TEXT NOT NULL REFERENCES courts(id),
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL
) STRICT;

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  court_id TEXT NOT NULL REFERENCES courts(id),
  chamber_id TEXT NOT NULL REFERENCES chambers(id),
  case_type_id TEXT NOT NULL REFERENCES case_types(id),
  type_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  serial INTEGER,
  number TEXT NOT NULL,
  provisional INTEGER NOT NULL CHECK (provisional IN (0, 1)),
  subject TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('registered','in_hearing','deliberation','judged','closed')),
  filed_on TEXT NOT NULL,
  closed_on TEXT,
  closure_reason TEXT,
  closure_note TEXT,
  parties_summary TEXT NOT NULL,
  next_hearing_date TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL,
  CHECK ((provisional = 1 AND serial IS NULL) OR (provisional = 0 AND serial IS NOT NULL))
) STRICT;
-- The uniqueness of a case number is a database invariant, not only a rule in code.
CREATE UNIQUE INDEX cases_number ON cases(court_id, number);
CREATE UNIQUE INDEX cases_serial ON cases(court_id, type_code, year, serial) WHERE serial IS NOT NULL;
-- Registry: newest first (UUIDv7 ids sort by creation), filtered by one column at a time.
CREATE INDEX cases_registry_status ON cases(court_id, status, id);
CREATE INDEX cases_registry_type ON cases(court_id, case_type_id, id);
CREATE INDEX cases_registry_year ON cases(court_id, year, id);
CREATE INDEX cases_registry_chamber ON cases(court_id, chamber_id, id);

CREATE TABLE parties (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('person','organisation')),
  name_ar TEXT,
  name_latin TEXT,
  national_id TEXT,
  search_text TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL,
  CHECK (name_ar IS NOT NULL OR name_latin IS NOT NULL)
) STRICT;
CREATE INDEX parties_national_id ON parties(national_id) WHERE national_id IS NOT NULL;

-- Quick find by name: FTS5 over the normalized names, kept in step by triggers inside the
-- same transaction as the party row, so it can never disagree with the parties table.
CREATE VIRTUAL TABLE party_search USING fts5(search_text, content='parties', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0', prefix='2 3');
CREATE TRIGGER parties_ai AFTER INSERT ON parties BEGIN
  INSERT INTO party_search(rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER parties_ad AFTER DELETE ON parties BEGIN
  INSERT INTO party_search(party_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER parties_au AFTER UPDATE OF search_text ON parties BEGIN
  INSERT INTO party_search(party_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
  INSERT INTO party_search(rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE TABLE case_parties (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  party_id TEXT NOT NULL REFERENCES parties(id),
  role TEXT NOT NULL,
  lawyer_name TEXT,
  lawyer_bar_number TEXT,
  removed_at TEXT,
  removal_reason TEXT,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX case_parties_case ON case_parties(case_id);
CREATE INDEX case_parties_party ON case_parties(party_id);

CREATE TABLE hearings (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  chamber_id TEXT NOT NULL REFERENCES chambers(id),
  date TEXT NOT NULL,
  time TEXT NOT NULL,
  room TEXT,
  status TEXT NOT NULL CHECK (status IN ('scheduled','adjourned','held','cancelled')),
  adjournment_reason TEXT,
  adjournment_note TEXT,
  next_hearing_id TEXT REFERENCES hearings(id),
  outcome TEXT,
  outcome_note TEXT,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL,
  CHECK (status <> 'adjourned' OR adjournment_reason IS NOT NULL)
) STRICT;
CREATE INDEX hearings_case ON hearings(case_id, date);
CREATE INDEX hearings_day ON hearings(date, chamber_id, time);

-- Append-only: the app never updates or deletes audit rows; triggers make a mistake loud.
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  wall_time TEXT NOT NULL,
  user_id TEXT,
  command TEXT NOT NULL,
  changes TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

CREATE TABLE outbox (
  mutation_id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  args TEXT NOT NULL,
  base_versions TEXT NOT NULL,
  hlc TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','pushed'))
) STRICT;

CREATE TABLE number_blocks (
  id TEXT PRIMARY KEY,
  court_id TEXT NOT NULL REFERENCES courts(id),
  type_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  first_serial INTEGER NOT NULL CHECK (first_serial >= 1),
  last_serial INTEGER NOT NULL,
  next_serial INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('server','bootstrap')),
  granted_at TEXT NOT NULL,
  CHECK (last_serial >= first_serial),
  CHECK (next_serial BETWEEN first_serial AND last_serial + 1)
) STRICT;
CREATE INDEX number_blocks_lookup ON number_blocks(court_id, type_code, year, first_serial);

CREATE TABLE provisional_counters (
  device_tag TEXT NOT NULL,
  type_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_sequence INTEGER NOT NULL,
  PRIMARY KEY (device_tag, type_code, year)
) STRICT;
`,
};
