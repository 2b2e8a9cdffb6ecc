// Dates as a Moroccan court reads them: Gregorian dd/mm/yyyy with the Umm al-Qura Hijri date in
// the UI language, never shifted a day by a time zone.
import { describe, expect, it } from 'vitest';
import { addDays, formatCourtTime, formatGregorian, formatHijri, formatWeekday } from '../../../src/renderer/format/dates';

describe('dates on screen', () => {
  it('shows a filing date as dd/mm/yyyy in Western digits', () => {
    expect(formatGregorian('2026-03-12')).toBe('12/03/2026');
    expect(formatGregorian('2026-12-01')).toBe('01/12/2026');
  });

  it('leaves something that is not a real date as it is rather than inventing one', () => {
    expect(formatGregorian('2026-02-30')).toBe('2026-02-30');
    expect(formatGregorian('hier')).toBe('hier');
    expect(formatHijri('2026-02-30', 'ar')).toBe('');
  });

  it('gives the Hijri date with Arabic month names to an Arabic-speaking clerk', () => {
    // 12 March 2026 is 23 Ramadan 1447 in the Umm al-Qura calendar.
    const hijri = formatHijri('2026-03-12', 'ar');
    expect(hijri).toContain('رمضان');
    expect(hijri).toContain('1447');
    expect(hijri).toContain('23');
    expect(hijri).not.toMatch(/[\u0660-\u0669]/); // Western digits, as Moroccan courts write them
  });

  it('gives the Hijri date in French and English to clerks working in those languages', () => {
    expect(formatHijri('2026-03-12', 'fr')).toMatch(/^23 ramadan 1447/);
    expect(formatHijri('2026-03-12', 'en')).toMatch(/^23 Ramadan 1447/);
  });

  it('does not move the Hijri day when the machine runs in a zone far from UTC', () => {
    // The calendar date is formatted at UTC noon in UTC: any process zone gives the same answer.
    const a = formatHijri('2026-01-01', 'fr');
    expect(a).toMatch(/^12 rajab 1447/);
  });

  it('names the weekday of a hearing in the UI language', () => {
    expect(formatWeekday('2026-03-13', 'fr')).toBe('vendredi');
    expect(formatWeekday('2026-03-13', 'ar')).toBe('الجمعة');
  });

  it('shows a court wall-clock reading from main as dd/mm/yyyy HH:MM, without converting it', () => {
    expect(formatCourtTime('2026-11-30 13:26')).toBe('30/11/2026 13:26');
    expect(formatCourtTime('2026-03-12 08:05')).toBe('12/03/2026 08:05');
    // An instant is not a wall-clock reading: it is left alone rather than read in the browser zone.
    expect(formatCourtTime('2026-11-30T12:26:00.000Z')).toBe('2026-11-30T12:26:00.000Z');
    expect(formatCourtTime('not a time')).toBe('not a time');
  });

  it('steps a day forward and back across month and year ends', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });
});
