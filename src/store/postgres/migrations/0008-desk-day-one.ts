// Mirrors the desk's 0008: a party's address and telephone, a password to change at the next
// sign-in, the pronouncement date and the judgments table, and cases.search_text (kept by the
// commands; only the desk indexes it, in FTS5 case_search). The desk's rewrites of older rows —
// search texts computed by a JavaScript function, password hashes taken out of outbox JSON — have
// nothing to do here: no PostgreSQL store was written before this schema existed.
// Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0008: PgMigration = {
  version: 8,
  name: 'desk-day-one',
  sql: `
ALTER TABLE parties ADD COLUMN address text COLLATE "C";
ALTER TABLE parties ADD COLUMN phone text COLLATE "C";

ALTER TABLE users ADD COLUMN must_change_password integer NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));

ALTER TABLE cases ADD COLUMN pronouncement_date text COLLATE "C";
CREATE INDEX cases_pronouncement ON cases(court_id, pronouncement_date) WHERE pronouncement_date IS NOT NULL;

CREATE TABLE judgments (
  id text COLLATE "C" PRIMARY KEY,
  case_id text COLLATE "C" NOT NULL UNIQUE REFERENCES cases(id),
  hearing_id text COLLATE "C" REFERENCES hearings(id),
  pronounced_on text COLLATE "C" NOT NULL,
  operative_part text COLLATE "C" NOT NULL,
  recorded_at text COLLATE "C" NOT NULL,
  recorded_by text COLLATE "C" NOT NULL REFERENCES users(id),
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL
);

ALTER TABLE cases ADD COLUMN search_text text COLLATE "C" NOT NULL DEFAULT '';
`,
};
