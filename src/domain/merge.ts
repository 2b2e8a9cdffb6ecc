// When a pushed mutation was based on an older version of a record (ARCHITECTURE §4): it merges
// if it changes none of the fields that others changed since its base, and is a conflict — base,
// mine and theirs per field, nothing of it applied — if it changes one of them to another value.
// What decides is the court's rule, so it lives here and runs wherever mutations are re-run.
import type { ConflictField } from '../shared/schemas/sync';
import type { AuditChange } from '../shared/schemas/views';

/**
 * Fields no person edits: the version and stamp every write moves, and values the commands
 * compute from other records (search text, the parties' summary, the next hearing's date). Two
 * clerks who added a party each and so both changed a case's summary did not disagree.
 */
export const DERIVED_FIELDS: ReadonlySet<string> = new Set(['version', 'updated_hlc', 'search_text', 'parties_summary', 'next_hearing_date']);

/** What others changed since a base, per field: its value at the base and its value now. */
export type ChangedSince = Map<string, { base: unknown; theirs: unknown }>;

/**
 * Folds the change log of one record after its base version (in order) into the fields it
 * changed: each field's value at the base (the first change's "before") and its latest value.
 */
export function changedSince(log: readonly Record<string, [unknown, unknown]>[]): ChangedSince {
  const out: ChangedSince = new Map();
  for (const changed of log) {
    for (const [field, [before, after]] of Object.entries(changed)) {
      if (DERIVED_FIELDS.has(field)) continue;
      const seen = out.get(field);
      out.set(field, { base: seen ? seen.base : before, theirs: after });
    }
  }
  return out;
}

/**
 * The fields where the mutation, re-run on the record as it is now, sets a value other than the
 * one others set since its base. Empty: the mutation merges.
 */
export function conflictingFields(mine: readonly AuditChange[], entityId: string, theirs: ChangedSince): ConflictField[] {
  const out: ConflictField[] = [];
  for (const change of mine) {
    if (change.id !== entityId || !change.after) continue;
    for (const [field, value] of Object.entries(change.after)) {
      const other = theirs.get(field);
      if (!other || DERIVED_FIELDS.has(field)) continue;
      if (sameValue(value, other.theirs)) continue;
      out.push({ field, base: other.base, mine: value, theirs: other.theirs });
    }
  }
  return out.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
