// Which bytes a download asks for (RFC 9110 §14): one range is served, anything else gets the whole
// blob, and a range that starts past the end is refused — so a cut download can resume.
import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../src/server/blobs/routes';

describe('Range header of a blob download', () => {
  it.each([
    [undefined, 1000, { kind: 'whole' }],
    ['bytes=0-99', 1000, { kind: 'range', start: 0, end: 99 }],
    ['bytes=900-', 1000, { kind: 'range', start: 900, end: 999 }],
    ['bytes=900-5000', 1000, { kind: 'range', start: 900, end: 999 }],
    ['bytes=-100', 1000, { kind: 'range', start: 900, end: 999 }],
    ['bytes=-5000', 1000, { kind: 'range', start: 0, end: 999 }],
    ['bytes=999-999', 1000, { kind: 'range', start: 999, end: 999 }],
    ['bytes=1000-', 1000, { kind: 'unsatisfiable' }],
    ['bytes=-0', 1000, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=-1', 0, { kind: 'unsatisfiable' }],
    ['bytes=5-1', 1000, { kind: 'whole' }],
    ['bytes=0-1,5-6', 1000, { kind: 'whole' }],
    ['bytes=-', 1000, { kind: 'whole' }],
    ['items=0-1', 1000, { kind: 'whole' }],
    ['bytes=1e3-', 1000, { kind: 'whole' }],
    ['bytes= 1-2', 1000, { kind: 'whole' }],
    // Numbers past what 16 digits hold read as numbers still: past the end, or the file's end.
    ['bytes=99999999999999999-', 1000, { kind: 'unsatisfiable' }],
    ['bytes=0-99999999999999999', 1000, { kind: 'range', start: 0, end: 999 }],
    ['bytes=-99999999999999999', 1000, { kind: 'range', start: 0, end: 999 }],
    [`bytes=${'9'.repeat(400)}-`, 1000, { kind: 'unsatisfiable' }],
  ] as const)('%s of %i bytes → %o', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
