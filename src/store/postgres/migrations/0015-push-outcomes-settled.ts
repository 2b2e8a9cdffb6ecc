// Mirrors the desk's 0015: a refused push the clerk has settled (a conflict resolved, a rejection
// put aside) keeps its row with the time it was settled. A desk's table, empty on the server.
// Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0015: PgMigration = {
  version: 15,
  name: 'push-outcomes-settled',
  sql: `
ALTER TABLE push_outcomes ADD COLUMN settled_at text COLLATE "C";
`,
};
