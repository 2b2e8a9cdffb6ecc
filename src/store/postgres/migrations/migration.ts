// A numbered schema step of the PostgreSQL store. `sql` runs inside one transaction together with
// the row that records its version in schema_migrations, so a migration is applied whole or not at
// all. Each file mirrors the SQLite migration of the same number (src/store/sqlite/migrations):
// same tables, same columns, same meaning, except the desk's full-text search (FTS5).
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}
