// Mirrors the desk's 0014: whom a block of serials was granted to (null: the store's own) and the
// provisional number a case had before the server gave it a final one. Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0014: PgMigration = {
  version: 14,
  name: 'number-blocks-of-devices',
  sql: `
ALTER TABLE number_blocks ADD COLUMN device_id text COLLATE "C";
CREATE INDEX number_blocks_device ON number_blocks(device_id, court_id, type_code, year) WHERE device_id IS NOT NULL;
ALTER TABLE cases ADD COLUMN provisional_number text COLLATE "C";
`,
};
