// The one definition of a case number. Final numbers are `year/type-code/serial`
// (e.g. `2026/1201/57`), unique per court, type and year. A workstation with no number block
// left issues a provisional number `year/type-code/P-<device>-<n>` that sync later replaces.
// Nothing else in the code base may build or parse a case number by hand.

export interface FinalCaseNumber {
  kind: 'final';
  year: number;
  typeCode: string;
  serial: number;
}
export interface ProvisionalCaseNumber {
  kind: 'provisional';
  year: number;
  typeCode: string;
  deviceTag: string;
  sequence: number;
}
export type CaseNumber = FinalCaseNumber | ProvisionalCaseNumber;

export const CASE_TYPE_CODE_PATTERN = /^[0-9]{4}$/;
export const DEVICE_TAG_PATTERN = /^[A-Z0-9]{4,8}$/;
export const MIN_CASE_YEAR = 1956;
export const MAX_CASE_YEAR = 2999;

const FINAL = /^([0-9]{4})\/([0-9]{4})\/([1-9][0-9]{0,6})$/;
const PROVISIONAL = /^([0-9]{4})\/([0-9]{4})\/P-([A-Z0-9]{4,8})-([1-9][0-9]{0,6})$/;

export function formatCaseNumber(n: CaseNumber): string {
  if (!Number.isInteger(n.year) || n.year < MIN_CASE_YEAR || n.year > MAX_CASE_YEAR) throw new RangeError('year');
  if (!CASE_TYPE_CODE_PATTERN.test(n.typeCode)) throw new RangeError('typeCode');
  if (n.kind === 'final') {
    if (!Number.isInteger(n.serial) || n.serial < 1 || n.serial > 9_999_999) throw new RangeError('serial');
    return `${n.year}/${n.typeCode}/${n.serial}`;
  }
  if (!DEVICE_TAG_PATTERN.test(n.deviceTag)) throw new RangeError('deviceTag');
  if (!Number.isInteger(n.sequence) || n.sequence < 1 || n.sequence > 9_999_999) throw new RangeError('sequence');
  return `${n.year}/${n.typeCode}/P-${n.deviceTag}-${n.sequence}`;
}

/** Accepts Arabic-Indic digits and surrounding spaces, since that is what people type. */
export function parseCaseNumber(text: string): CaseNumber | null {
  const s = toAsciiDigits(text).trim().replace(/\s*\/\s*/g, '/').toUpperCase();
  const f = FINAL.exec(s);
  if (f) {
    const year = Number(f[1]);
    if (year < MIN_CASE_YEAR || year > MAX_CASE_YEAR) return null;
    return { kind: 'final', year, typeCode: f[2]!, serial: Number(f[3]) };
  }
  const p = PROVISIONAL.exec(s);
  if (p) {
    const year = Number(p[1]);
    if (year < MIN_CASE_YEAR || year > MAX_CASE_YEAR) return null;
    return { kind: 'provisional', year, typeCode: p[2]!, deviceTag: p[3]!, sequence: Number(p[4]) };
  }
  return null;
}

/**
 * For quick find: does this text look like (the start of) a case number, in any order clerks write
 * it (`2026/12`, `2026/1201/5`, `57/1201/2026`)? The first part may be a serial, hence up to 7 digits.
 */
export function looksLikeCaseNumberPrefix(text: string): boolean {
  return /^[0-9]{1,7}(\/[0-9]{0,4}(\/([0-9P][0-9A-Z-]*)?)?)?$/.test(canonicalCaseNumberPrefix(text));
}

export function canonicalCaseNumberPrefix(text: string): string {
  return toAsciiDigits(text).trim().replace(/\s*\/\s*/g, '/').toUpperCase();
}

/** Arabic-Indic (U+0660..) and Eastern Arabic-Indic (U+06F0..) digits to ASCII. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => {
    const c = d.charCodeAt(0);
    return String(c >= 0x06f0 ? c - 0x06f0 : c - 0x0660);
  });
}

/** What quick find looks up for a typed case number: whole numbers, then numbers starting with a prefix. */
export interface CaseNumberSearch {
  /** Whole canonical numbers, most likely first (newest year first when the year was left out). */
  exact: string[];
  /** Canonical beginnings of numbers (`2026/12`, `2026/1201/5`). */
  prefixes: string[];
}

const YEAR = /^[0-9]{4}$/;
const TYPE = /^[0-9]{4}$/;
const SERIAL = /^[1-9][0-9]{0,6}$/;

function validYear(s: string, thisYear: number): boolean {
  const y = Number(s);
  return YEAR.test(s) && y >= MIN_CASE_YEAR && y <= thisYear + 1;
}

/**
 * A case number typed the way clerks write it: `2026/1101/1` (year/type/serial, the canonical
 * form), `1/1101/2026` (serial/type/year, as on paper files), `1101/1` or `1/1101` (type and serial,
 * any year), or the beginning of a canonical number (`2026`, `2026/11`). Arabic-Indic digits and
 * spaces around slashes are accepted. Null when the text cannot be a case number. Where a text reads
 * two ways (`2026/1101/2025`), both are searched.
 */
export function caseNumberSearch(text: string, thisYear: number): CaseNumberSearch | null {
  const s = canonicalCaseNumberPrefix(text);
  if (!looksLikeCaseNumberPrefix(s)) return null;
  const parts = s.split('/');
  const exact: string[] = [];
  const prefixes: string[] = [];
  const anyYear = (type: string, serial: string) => {
    for (let y = thisYear + 1; y >= MIN_CASE_YEAR; y--) exact.push(`${y}/${type}/${serial}`);
  };
  const [a = '', b, c] = parts;
  if (parts.length === 3 && c !== undefined && b !== undefined) {
    if (YEAR.test(a) && TYPE.test(b) && (SERIAL.test(c) || PROVISIONAL.test(s))) exact.push(s);
    if (validYear(c, thisYear) && TYPE.test(b) && SERIAL.test(a)) exact.push(`${c}/${b}/${a}`);
    prefixes.push(s);
  } else if (parts.length === 2 && b !== undefined) {
    if (TYPE.test(a) && SERIAL.test(b)) anyYear(a, b);
    if (SERIAL.test(a) && TYPE.test(b)) anyYear(b, a);
    if (YEAR.test(a)) prefixes.push(s);
  } else {
    prefixes.push(s);
  }
  return { exact: [...new Set(exact)], prefixes };
}
