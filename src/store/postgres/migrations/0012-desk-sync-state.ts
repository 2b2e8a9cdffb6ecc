// Mirrors the desk's 0012: what a desk keeps of its sync with
// the server, the answer to each pushed mutation (push_outcomes) and per court the last change of
// the server's log applied here (pull_cursors). A desk's tables, empty on the server; both engines
// hold one schema. Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0012: PgMigration = {
  version: 12,
  name: 'desk-sync-state',
  sql: `
CREATE TABLE push_outcomes (
  mutation_id bigint PRIMARY KEY REFERENCES outbox(mutation_id),
  outcome text COLLATE "C" NOT NULL CHECK (outcome IN ('applied','rejected','conflict')),
  detail text COLLATE "C" NOT NULL,
  received_at text COLLATE "C" NOT NULL
);
CREATE INDEX push_outcomes_unresolved ON push_outcomes(outcome) WHERE outcome <> 'applied';

CREATE TABLE pull_cursors (
  court_id text COLLATE "C" PRIMARY KEY,
  seq integer NOT NULL CHECK (seq >= 0)
);
`,
};
