// Mirrors the desk's 0030 in number only: page_search_vocab reads the desk's FTS5 page index, and
// the server has no page index (SQLITE_SEARCH_TABLES). Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0030: PgMigration = {
  version: 30,
  name: 'page-search-vocabulary',
  sql: '',
};
