// Mirrors the desk's 0003: which cases each audit entry concerns, and the unfiltered registry's
// index. The desk's back-fill of older entries has nothing to do here: no PostgreSQL store was
// written before this schema existed. Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0003: PgMigration = {
  version: 3,
  name: 'audit-subjects',
  sql: `
CREATE TABLE audit_subjects (
  case_id text COLLATE "C" NOT NULL,
  seq bigint NOT NULL REFERENCES audit(seq),
  PRIMARY KEY (case_id, seq)
);

CREATE INDEX cases_registry_all ON cases(court_id, id);

CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE ON audit_subjects FOR EACH ROW EXECUTE FUNCTION mahkama_audit_append_only();
CREATE TRIGGER audit_subjects_no_delete BEFORE DELETE ON audit_subjects FOR EACH ROW EXECUTE FUNCTION mahkama_audit_append_only();
CREATE TRIGGER audit_subjects_no_truncate BEFORE TRUNCATE ON audit_subjects FOR EACH STATEMENT EXECUTE FUNCTION mahkama_audit_append_only();
`,
};
