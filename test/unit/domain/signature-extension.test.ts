// When a judgment's signatures are due for an extension on this desk: locked, its file here and
// valid, and below what an extension here reaches by the verifier's reading AND by the record's —
// so a signature made without a timestamp, which stays B-B however often its file is extended, is
// extended once to the level and not offered again.
import { describe, expect, it } from 'vitest';
import { extensionDue, type ExtensionDueState } from '../../../src/domain/rules/signature-extension';
import { BASELINE_LEVELS, levelRank } from '../../../src/shared/schemas/judgment-signing';

const due = (over: Partial<ExtensionDueState>) =>
  extensionDue({ locked: true, fileValidHere: true, fileLevel: 'B-T', highestExtension: null, reachable: 'B-LTA', ...over });

describe('an extension is due', () => {
  it('for a locked judgment whose valid file is below the reachable level', () => {
    expect(due({})).toBe(true);
    expect(due({ fileLevel: 'B-LT', highestExtension: 'B-LT' })).toBe(true);
    expect(due({ reachable: 'B-LT' })).toBe(true);
  });

  it('not before the lock, not for a file absent or failing here, not without trust anchors', () => {
    expect(due({ locked: false })).toBe(false);
    expect(due({ fileValidHere: false })).toBe(false);
    expect(due({ reachable: null })).toBe(false);
  });

  it('not once the file or the record reaches the level', () => {
    expect(due({ fileLevel: 'B-LTA', highestExtension: 'B-LTA' })).toBe(false);
    expect(due({ fileLevel: 'B-LT', highestExtension: 'B-LT', reachable: 'B-LT' })).toBe(false);
    // B-B signatures (signed without a TSA): extended once to B-LTA, the verifier still reads B-B.
    expect(due({ fileLevel: 'B-B', highestExtension: 'B-LTA' })).toBe(false);
    // A file read as B-LTA without a record here (extended elsewhere) needs nothing either.
    expect(due({ fileLevel: 'B-LTA' })).toBe(false);
  });

  it('levels are ordered lowest first, none below them all', () => {
    expect(BASELINE_LEVELS.map(levelRank)).toEqual([0, 1, 2, 3]);
    expect(levelRank(null)).toBe(-1);
  });
});
