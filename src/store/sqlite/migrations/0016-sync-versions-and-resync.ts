// Version skew and a desk that comes back to the server's state (ARCHITECTURE §4):
// - outbox.schema_version: the sync version (SYNC_PROTOCOL_VERSION) a mutation's command input
//   was recorded under, pushed with it so that a server of a later release brings it up to its
//   own; rows written before this migration were recorded under version 1;
// - resync_records: records a refused mutation (rejected, or in conflict) changed on this desk,
//   asked for again on the next pull and replaced by what the server holds (removed when it holds
//   none) in that pull's transaction, once no mutation still waiting touches them.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0016: Migration = {
  version: 16,
  name: 'sync-versions-and-resync',
  sql: `
ALTER TABLE outbox ADD COLUMN schema_version INTEGER NOT NULL DEFAULT 1 CHECK (schema_version >= 1);

CREATE TABLE resync_records (
  entity_id TEXT PRIMARY KEY,
  entity TEXT NOT NULL,
  mutation_id INTEGER NOT NULL REFERENCES outbox(mutation_id)
) STRICT;
`,
};
