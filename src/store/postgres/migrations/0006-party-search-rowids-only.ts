// The desk's 0006 rebuilt its FTS5 party index; PostgreSQL has no such index (quick find is a desk
// read), so this version changes nothing here. It exists so both engines count schema versions
// alike. Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0006: PgMigration = {
  version: 6,
  name: 'party-search-rowids-only',
  sql: '',
};
