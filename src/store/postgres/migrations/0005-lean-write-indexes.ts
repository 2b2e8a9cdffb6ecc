// Mirrors the desk's 0005: two indexes nothing reads (cases_number already makes a final serial
// unique; no query finds a party by CIN through a B-tree). Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0005: PgMigration = {
  version: 5,
  name: 'lean-write-indexes',
  sql: `
DROP INDEX cases_serial;
DROP INDEX parties_national_id;
`,
};
