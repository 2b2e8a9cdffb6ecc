// The clerk's answer to a refused push (ARCHITECTURE §4): a conflict resolved by resolveConflict,
// or a rejection the clerk has read and put aside, is marked settled (push_outcomes.settled_at) —
// never deleted, so every refusal stays on record; the header counts only what is not settled.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0015: Migration = {
  version: 15,
  name: 'push-outcomes-settled',
  sql: `
ALTER TABLE push_outcomes ADD COLUMN settled_at TEXT;
`,
};
