// When a judgment's signatures are due for an extension on this desk: locked, its file here and
// valid, and below what an extension here reaches by the verifier's reading (which the record of
// an extension repeats) — a signature made without a timestamp only where a TSA can give it one.
import { describe, expect, it } from 'vitest';
import { archiveRenewalDue, extensionDue, type ExtensionDueState } from '../../../src/domain/rules/signature-extension';
import { BASELINE_LEVELS, levelRank } from '../../../src/shared/schemas/judgment-signing';

const due = (over: Partial<ExtensionDueState>) =>
  extensionDue({ locked: true, fileValidHere: true, fileLevel: 'B-T', reachable: 'B-LTA', ...over });

describe('an extension is due', () => {
  it('for a locked judgment whose valid file is below the reachable level', () => {
    expect(due({})).toBe(true);
    expect(due({ fileLevel: 'B-LT' })).toBe(true);
    expect(due({ reachable: 'B-LT' })).toBe(true);
    // Signed without a TSA: a document timestamp gives it its trusted time, so B-LTA is within reach.
    expect(due({ fileLevel: 'B-B' })).toBe(true);
    // An earlier extension's document timestamp gave it B-T: the next one gives it the rest.
    expect(due({ fileLevel: 'B-T', reachable: 'B-LT' })).toBe(true);
  });

  it('not before the lock, not for a file absent or failing here, not without trust anchors', () => {
    expect(due({ locked: false })).toBe(false);
    expect(due({ fileValidHere: false })).toBe(false);
    expect(due({ reachable: null })).toBe(false);
  });

  it('not once the file or the record reaches the level', () => {
    expect(due({ fileLevel: 'B-LTA' })).toBe(false);
    expect(due({ fileLevel: 'B-LT', reachable: 'B-LT' })).toBe(false);
    // Signed without a TSA, and none here: no extension can give it a trusted time.
    expect(due({ fileLevel: 'B-B', reachable: 'B-LT' })).toBe(false);
    // A file read as B-LTA without a record here (extended elsewhere) needs nothing either.
    expect(due({ fileLevel: 'B-LTA' })).toBe(false);
  });

  it('levels are ordered lowest first, none below them all', () => {
    expect(BASELINE_LEVELS.map(levelRank)).toEqual([0, 1, 2, 3]);
    expect(levelRank(null)).toBe(-1);
  });
});

describe('an archive timestamp is due for renewal', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  it('when its TSA certificate expires within the margin, or has expired', () => {
    expect(archiveRenewalDue('2027-01-20T10:00:00.000Z', now, 90)).toBe(true);
    expect(archiveRenewalDue('2026-11-30T10:00:00.000Z', now, 90)).toBe(true);
    expect(archiveRenewalDue('2027-03-01T10:00:00.000Z', now, 90)).toBe(true);
  });
  it('not with more time left than the margin, nor for a file with no archive timestamp', () => {
    expect(archiveRenewalDue('2027-03-02T10:00:00.000Z', now, 90)).toBe(false);
    expect(archiveRenewalDue('2027-01-20T10:00:00.000Z', now, 30)).toBe(false);
    expect(archiveRenewalDue(null, now, 90)).toBe(false);
  });
});
