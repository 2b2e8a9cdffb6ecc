// Mirrors the desk's 0009: a mutation carries the values its command drew (outbox.generated), an
// audit entry of a re-run mutation records when it was recorded here (audit.recorded_at), and a
// party belongs to a court (parties.court_id). PostgreSQL adds the NOT NULL that the desk can only
// keep by trigger (SQLite cannot add a NOT NULL column with a reference to existing rows): the
// same rule, enforced by the column. Existing parties take their court as on the desk (no
// PostgreSQL store held any before this schema, so this finds nothing to fill).
// Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0009: PgMigration = {
  version: 9,
  name: 'mutations-carry-their-origin',
  sql: `
ALTER TABLE outbox ADD COLUMN generated text COLLATE "C";
ALTER TABLE audit ADD COLUMN recorded_at text COLLATE "C";

ALTER TABLE parties ADD COLUMN court_id text COLLATE "C" REFERENCES courts(id);
UPDATE parties SET court_id = coalesce(
  (SELECT c.court_id FROM case_parties cp JOIN cases c ON c.id = cp.case_id WHERE cp.party_id = parties.id ORDER BY cp.id LIMIT 1),
  (SELECT id FROM courts ORDER BY id LIMIT 1)
);
ALTER TABLE parties ALTER COLUMN court_id SET NOT NULL;
`,
};
