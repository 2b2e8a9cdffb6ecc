// A numbered schema step. `sql` runs inside one transaction together with the bump of
// PRAGMA user_version, so a migration is applied whole or not at all.
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The step rebuilds a table others reference (SQLite cannot change a CHECK in place): it runs
   * with foreign keys off, as SQLite's procedure for such changes requires, and is refused before
   * it commits unless `foreign_key_check` finds every reference whole.
   */
  foreignKeysOff?: boolean;
}
