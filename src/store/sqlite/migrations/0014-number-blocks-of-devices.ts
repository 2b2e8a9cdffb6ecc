// Case numbers once a server exists (ARCHITECTURE §4): the server grants each device blocks of
// serials and checks that a pushed final number came from a block granted to that device, so a
// block records whom it was granted to (number_blocks.device_id; null: the store's own — a
// standalone desk's bootstrap blocks, the server's own pool). A case registered offline with a
// provisional number gets a final one on the server; the provisional stays beside it
// (cases.provisional_number) so the clerk sees both and a paper receipt can still be matched.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0014: Migration = {
  version: 14,
  name: 'number-blocks-of-devices',
  sql: `
ALTER TABLE number_blocks ADD COLUMN device_id TEXT;
CREATE INDEX number_blocks_device ON number_blocks(device_id, court_id, type_code, year) WHERE device_id IS NOT NULL;
ALTER TABLE cases ADD COLUMN provisional_number TEXT;
`,
};
