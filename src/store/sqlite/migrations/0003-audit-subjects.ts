// Which cases each audit entry concerns, so a case's timeline is read through an index instead
// of scanning every entry (written only by the command runner, in the command's transaction);
// and the unfiltered registry's index. Never edit a released migration: add a new file.
import type { Migration } from './migration';

export const migration0003: Migration = {
  version: 3,
  name: 'audit-subjects',
  sql: `
CREATE TABLE audit_subjects (
  case_id TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES audit(seq),
  PRIMARY KEY (case_id, seq)
) STRICT, WITHOUT ROWID;

-- Entries written before this table existed: every command that touched a case row names it.
INSERT OR IGNORE INTO audit_subjects (case_id, seq)
  SELECT json_extract(c.value, '$.id'), a.seq
  FROM audit a, json_each(a.changes) c
  WHERE json_extract(c.value, '$.entity') = 'case';

-- The registry with no filter: newest first without sorting every case of the court.
CREATE INDEX cases_registry_all ON cases(court_id, id);

CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE ON audit_subjects BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_subjects_no_delete BEFORE DELETE ON audit_subjects BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
`,
};
