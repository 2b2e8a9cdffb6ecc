// Mirrors the desk's 0016: the sync version each outbox row was recorded under, and the records a
// refused mutation changed on a desk, asked for again on its next pull. A desk's tables, empty on
// the server; both engines hold one schema. Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0016: PgMigration = {
  version: 16,
  name: 'sync-versions-and-resync',
  sql: `
ALTER TABLE outbox ADD COLUMN schema_version integer NOT NULL DEFAULT 1 CHECK (schema_version >= 1);

CREATE TABLE resync_records (
  entity_id text COLLATE "C" PRIMARY KEY,
  entity text COLLATE "C" NOT NULL,
  mutation_id bigint NOT NULL REFERENCES outbox(mutation_id)
);
`,
};
