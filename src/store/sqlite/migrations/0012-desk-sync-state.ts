// What a desk keeps of its sync with the server (ARCHITECTURE §4): the server's answer to each
// mutation it pushed (push_outcomes: applied, rejected with the reason, or a conflict with base /
// mine / theirs) — kept, never dropped, so the clerk sees every refusal in their language — and,
// per court, the last change of the server's log it has applied (pull_cursors). Written by the
// sync client in the same transaction as what they describe. Never edit a released migration.
import type { Migration } from './migration';

export const migration0012: Migration = {
  version: 12,
  name: 'desk-sync-state',
  sql: `
CREATE TABLE push_outcomes (
  mutation_id INTEGER PRIMARY KEY REFERENCES outbox(mutation_id),
  outcome TEXT NOT NULL CHECK (outcome IN ('applied','rejected','conflict')),
  detail TEXT NOT NULL,
  received_at TEXT NOT NULL
) STRICT;
CREATE INDEX push_outcomes_unresolved ON push_outcomes(outcome) WHERE outcome != 'applied';

CREATE TABLE pull_cursors (
  court_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL CHECK (seq >= 0)
) STRICT;
`,
};
