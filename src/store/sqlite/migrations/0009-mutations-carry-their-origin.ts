// What sync needs from every store before a server exists (issue 8, item 5): a mutation carries
// the values its command drew (outbox.generated: ids per kind and case numbers), so that its
// re-run on the server creates the same rows; an audit entry of a re-run mutation records when it
// was recorded here beside when it ran (audit.recorded_at, hashed only when set, so existing
// entries keep their hashes); and a party belongs to a court, so pull can be scoped by court.
// SQLite cannot add a NOT NULL column that references another table to existing rows, so the
// rule "every party has its court" is a trigger here (and NOT NULL on PostgreSQL). Existing
// parties take the court of the cases that name them; a desk holds one court. Updating
// parties.court_id does not touch party_search (its trigger watches search_text only).
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0009: Migration = {
  version: 9,
  name: 'mutations-carry-their-origin',
  sql: `
ALTER TABLE outbox ADD COLUMN generated TEXT;
ALTER TABLE audit ADD COLUMN recorded_at TEXT;

ALTER TABLE parties ADD COLUMN court_id TEXT REFERENCES courts(id);
UPDATE parties SET court_id = coalesce(
  (SELECT c.court_id FROM case_parties cp JOIN cases c ON c.id = cp.case_id WHERE cp.party_id = parties.id ORDER BY cp.id LIMIT 1),
  (SELECT id FROM courts ORDER BY id LIMIT 1)
);
CREATE TRIGGER parties_court_required_ai BEFORE INSERT ON parties WHEN NEW.court_id IS NULL BEGIN
  SELECT RAISE(ABORT, 'parties.court_id is required');
END;
CREATE TRIGGER parties_court_required_au BEFORE UPDATE OF court_id ON parties WHEN NEW.court_id IS NULL BEGIN
  SELECT RAISE(ABORT, 'parties.court_id is required');
END;
`,
};
