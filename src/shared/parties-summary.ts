// How a case's parties summary (the first claimant-side and first respondent-side names) is stored
// and read back. The domain writes it once per change into cases.parties_summary as the names joined
// by " / " — the text every release has stored and shown, so a desk one release behind that pulls it
// shows it as it always did. A name that itself holds " / " ("Société Atlas / succursale de
// Casablanca") is stored with no-break spaces around its slash, which no typed name can hold (text
// rules turn every space into a plain one), so splitting at " / " keeps it whole and it reads the
// same; the reads hand the views the names as a list, with the name's own spaces back.
export const PARTIES_SUMMARY_SEPARATOR = ' / ';
const HELD_SLASH = '\u00a0/\u00a0';

/** The names as stored in cases.parties_summary. */
export function encodePartiesSummary(names: readonly string[]): string {
  return names.map((n) => n.replaceAll(PARTIES_SUMMARY_SEPARATOR, HELD_SLASH)).join(PARTIES_SUMMARY_SEPARATOR);
}

/**
 * The names of a stored summary. One written before names were held this way splits a name with
 * " / " in it there, as it was shown then, until the case's parties next change.
 */
export function decodePartiesSummary(stored: string): string[] {
  if (stored === '') return [];
  return stored.split(PARTIES_SUMMARY_SEPARATOR).map((n) => n.replaceAll(HELD_SLASH, PARTIES_SUMMARY_SEPARATOR));
}

/** The names as one line of text (a tooltip, a search result): `محمد بناني / شركة الأطلس`. */
export function partiesSummaryText(names: readonly string[]): string {
  return names.join(PARTIES_SUMMARY_SEPARATOR);
}
