// Property tests of the one case-number format: every number formats and parses back to itself
// (final and provisional, ASCII or Arabic-Indic digits), and garbage never parses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCaseNumber, looksLikeCaseNumberPrefix, parseCaseNumber, type CaseNumber } from '../../../src/shared/case-number';

const year = fc.integer({ min: 1956, max: 2999 });
const typeCode = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0'));
const count = fc.integer({ min: 1, max: 9_999_999 });
const deviceTag = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('')), minLength: 4, maxLength: 8 });

const caseNumber: fc.Arbitrary<CaseNumber> = fc.oneof(
  fc.record({ kind: fc.constant('final' as const), year, typeCode, serial: count }),
  fc.record({ kind: fc.constant('provisional' as const), year, typeCode, deviceTag, sequence: count }),
);

const toArabicIndic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

describe('case numbers', () => {
  it('format then parse gives the same number back', () => {
    fc.assert(
      fc.property(caseNumber, (n) => {
        expect(parseCaseNumber(formatCaseNumber(n))).toEqual(n);
      }),
    );
  });

  it('a number typed in Arabic-Indic digits, with spaces around the slashes, parses the same', () => {
    fc.assert(
      fc.property(caseNumber, (n) => {
        const typed = ` ${toArabicIndic(formatCaseNumber(n)).replace(/\//g, ' / ')} `;
        expect(parseCaseNumber(typed)).toEqual(n);
      }),
    );
  });

  it('every prefix of a formatted final number looks like a case-number prefix', () => {
    fc.assert(
      fc.property(year, typeCode, count, fc.nat(), (y, t, s, cut) => {
        const text = formatCaseNumber({ kind: 'final', year: y, typeCode: t, serial: s });
        const prefix = text.slice(0, 1 + (cut % text.length));
        expect(looksLikeCaseNumberPrefix(prefix)).toBe(true);
      }),
    );
  });

  it('garbage does not parse: arbitrary text that is not the format', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const parsed = parseCaseNumber(s);
        // Anything that parses must re-format to the canonical form of the same text.
        if (parsed !== null) expect(formatCaseNumber(parsed)).toBe(s.trim().replace(/\s*\/\s*/g, '/').toUpperCase());
      }),
    );
  });

  it.each(['', '2026', '2026/1201', '2026/1201/0', '2026/1201/057', '1955/1201/5', '2026/120/5', '2026/12011/5', '2026/1201/P-AB-1', '2026/1201/P-ABCDEFGHI-1', 'abc', '2026-1201-5', '2026/1201/5/1'])(
    '"%s" is not a case number',
    (s) => expect(parseCaseNumber(s)).toBeNull(),
  );

  it('a name is not a case-number prefix', () => {
    expect(looksLikeCaseNumberPrefix('محمد')).toBe(false);
    expect(looksLikeCaseNumberPrefix('Bennani')).toBe(false);
  });
});
