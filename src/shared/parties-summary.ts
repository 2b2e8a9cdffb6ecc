// How a case's parties summary (the first claimant-side and first respondent-side names) is stored
// and read back: the domain writes it once per change into cases.parties_summary as a JSON array of
// the names, and the reads hand the views that list, so a name that itself holds " / " ("Société
// Atlas / succursale de Casablanca") stays one name. The " / " is only how the names are shown.
export const PARTIES_SUMMARY_SEPARATOR = ' / ';

/** The names as stored in cases.parties_summary. */
export function encodePartiesSummary(names: readonly string[]): string {
  return JSON.stringify(names);
}

function isNameList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((n) => typeof n === 'string');
}

/**
 * The names of a stored summary. A summary written before it was a list holds the names joined by
 * " / ", which no name can begin with "[" to be mistaken for (`isNameText`); it is read the old way
 * (a name with " / " in it stays split there until the case's parties next change).
 */
export function decodePartiesSummary(stored: string): string[] {
  if (stored === '') return [];
  if (stored.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(stored);
      if (isNameList(parsed)) return parsed;
    } catch {
      // Not a list after all: read as the joined text below.
    }
  }
  return stored.split(PARTIES_SUMMARY_SEPARATOR);
}

/** The names as one line of text (a tooltip, a search result): `محمد بناني / شركة الأطلس`. */
export function partiesSummaryText(names: readonly string[]): string {
  return names.join(PARTIES_SUMMARY_SEPARATOR);
}
