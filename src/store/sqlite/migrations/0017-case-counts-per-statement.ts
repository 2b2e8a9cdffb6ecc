// PostgreSQL's 0017 keeps the registry's totals by one statement-level trigger per INSERT of cases
// (the server writes a group's cases in one statement). SQLite has no statement-level triggers and
// its row triggers cost no round trip, so this version changes nothing here. It exists so both
// engines count schema versions alike. Never edit a released migration.
import type { Migration } from './migration';

export const migration0017: Migration = {
  version: 17,
  name: 'case-counts-per-statement',
  sql: '',
};
