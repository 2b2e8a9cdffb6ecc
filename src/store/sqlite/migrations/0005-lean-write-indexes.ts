// Two indexes every registration paid for and nothing needed. Each index is one more B-tree
// page written per command; the bench (registerCase with 16 callers, 100,000-case store) measured
// these two at about a sixth of a registration's cost, the random-keyed national ID one most of it.
// - cases_serial: unique on (court, type, year, serial). cases_number, unique on (court, number),
//   already guarantees it: a final number is formatCaseNumber(year, type, serial), one-to-one.
// - parties_national_id: no query reads parties by national ID. When one does (finding an existing
//   party by CIN), it should go through party_search like names, not a B-tree of random keys.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0005: Migration = {
  version: 5,
  name: 'lean-write-indexes',
  sql: `
DROP INDEX cases_serial;
DROP INDEX parties_national_id;
`,
};
