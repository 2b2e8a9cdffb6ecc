// Mirrors the desk's 0004: the registry's totals per (court, status, chamber, type, year), kept by
// a trigger on cases inside the writing transaction — the same rows SQLite's three triggers keep
// (a row whose count falls to 0 stays, as it does there). Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0004: PgMigration = {
  version: 4,
  name: 'case-counts',
  sql: `
CREATE TABLE case_counts (
  court_id text COLLATE "C" NOT NULL,
  status text COLLATE "C" NOT NULL,
  chamber_id text COLLATE "C" NOT NULL,
  case_type_id text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  n integer NOT NULL CHECK (n >= 0),
  PRIMARY KEY (court_id, status, chamber_id, case_type_id, year)
);

INSERT INTO case_counts (court_id, status, chamber_id, case_type_id, year, n)
  SELECT court_id, status, chamber_id, case_type_id, year, count(*) FROM cases
  GROUP BY court_id, status, chamber_id, case_type_id, year;

CREATE FUNCTION mahkama_case_counts() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE case_counts SET n = n - 1
    WHERE court_id = OLD.court_id AND status = OLD.status AND chamber_id = OLD.chamber_id
      AND case_type_id = OLD.case_type_id AND year = OLD.year;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO case_counts (court_id, status, chamber_id, case_type_id, year, n)
    VALUES (NEW.court_id, NEW.status, NEW.chamber_id, NEW.case_type_id, NEW.year, 1)
    ON CONFLICT (court_id, status, chamber_id, case_type_id, year) DO UPDATE SET n = case_counts.n + 1;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER case_counts_ai AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION mahkama_case_counts();
CREATE TRIGGER case_counts_au AFTER UPDATE OF court_id, status, chamber_id, case_type_id, year ON cases FOR EACH ROW EXECUTE FUNCTION mahkama_case_counts();
CREATE TRIGGER case_counts_ad AFTER DELETE ON cases FOR EACH ROW EXECUTE FUNCTION mahkama_case_counts();
`,
};
