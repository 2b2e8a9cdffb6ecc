// A numbered schema step. `sql` runs inside one transaction together with the bump of
// PRAGMA user_version, so a migration is applied whole or not at all.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
