// How a case's parties summary ("claimant / respondent") is joined and split again: the domain
// writes it once per change, the registry shows each name as its own bidi run, so the two must
// agree on the separator.
export const PARTIES_SUMMARY_SEPARATOR = ' / ';

export function joinPartyNames(names: readonly string[]): string {
  return names.join(PARTIES_SUMMARY_SEPARATOR);
}

export function splitPartiesSummary(summary: string): string[] {
  return summary === '' ? [] : summary.split(PARTIES_SUMMARY_SEPARATOR);
}
