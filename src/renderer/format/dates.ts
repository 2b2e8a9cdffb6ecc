// Date display for the court: the Gregorian date as dd/mm/yyyy (Western digits, shown inside an
// LTR isolate by the caller) with the Hijri (Umm al-Qura) date beside it in the UI language.
// Calendar dates are `YYYY-MM-DD` strings with no time zone: never let a zone shift the day.
import { calendarInstant, formatGregorian } from '../../shared/calendar-format';
import { COURT_TIME_ZONE, wallClockAt } from '../../shared/court-time-zone';
import type { Language } from '../../shared/enums';
import { intlLocale } from '../i18n/names';

export { formatGregorian };

const hijriFormats = new Map<Language, Intl.DateTimeFormat>();
function hijriFormat(language: Language): Intl.DateTimeFormat {
  let f = hijriFormats.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(`${intlLocale(language)}-u-ca-islamic-umalqura-nu-latn`, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    hijriFormats.set(language, f);
  }
  return f;
}

/** `2026-03-12` → `23 رمضان 1447 هـ` (ar) / `23 ramadan 1447 AH` (fr); '' for a non-date. */
export function formatHijri(iso: string, language: Language): string {
  const d = calendarInstant(iso);
  return d ? hijriFormat(language).format(d) : '';
}

/** Weekday name of a calendar date in the UI language (`الخميس`, `jeudi`). */
export function formatWeekday(iso: string, language: Language): string {
  const d = calendarInstant(iso);
  if (!d) return '';
  return new Intl.DateTimeFormat(`${intlLocale(language)}-u-nu-latn`, { timeZone: 'UTC', weekday: 'long' }).format(d);
}

/** An instant (audit wall time, ISO with zone) as `dd/mm/yyyy HH:MM` in the court's zone, Western digits. */
export function formatTimestamp(isoInstant: string, timeZone: string = COURT_TIME_ZONE): string {
  const d = new Date(isoInstant);
  if (Number.isNaN(d.getTime())) return isoInstant;
  const c = wallClockAt(d, timeZone);
  return `${c.day}/${c.month}/${c.year} ${c.hour}:${c.minute}`;
}

export { COURT_TIME_ZONE };

/** `2026-03-12` + 1 → `2026-03-13` (calendar arithmetic, no zone involved). */
export function addDays(iso: string, days: number): string {
  const d = calendarInstant(iso);
  if (!d) return iso;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
