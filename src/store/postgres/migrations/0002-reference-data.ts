// The same reference rows as the desk's migration 0002 (case types and holidays with fixed ids),
// from the very same statements: plain INSERTs that both engines read alike, so the two stores can
// never start with different reference data. Never edit a released migration.
import { migration0002 } from '../../sqlite/migrations/0002-reference-data';
import type { PgMigration } from './migration';

export const pgMigration0002: PgMigration = {
  version: 2,
  name: 'reference-data',
  sql: migration0002.sql,
};
