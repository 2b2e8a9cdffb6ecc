// Calendar dates as the court reads and writes them: the Gregorian date as day/month/year with
// Western digits in every language (a date input or an error message that followed a browser's
// locale showed 11/30/2026 beside 30/11/2026), and the Hijri (Umm al-Qura) date in a language.
// Shared by the renderer's screens, main's printed documents and the message catalogues. Calendar
// dates are `YYYY-MM-DD` strings with no time zone: never let a zone shift the day.
import { toAsciiDigits } from './case-number';
import type { Language } from './enums';
import { intlLocale } from './local-name';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as a UTC-noon instant, so formatting in UTC can never move it a day; null for a non-date. */
export function calendarInstant(iso: string): Date | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return d.toISOString().slice(0, 10) === iso ? d : null;
}

/** `2026-03-12` → `12/03/2026`; anything that is not a real date is returned unchanged. */
export function formatGregorian(iso: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m || !calendarInstant(iso)) return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/**
 * What a person typed as day/month/year (`30/11/2026`, `3/1/2026`, `30-11-2026`, `30.11.2026`,
 * Arabic-Indic digits) as `YYYY-MM-DD`, or null when it is not a real date.
 */
export function parseDayMonthYear(text: string): string | null {
  const m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(toAsciiDigits(text).trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return calendarInstant(iso) ? iso : null;
}

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

/** Weekday name of a calendar date in a language (`الخميس`, `jeudi`). */
export function formatWeekday(iso: string, language: Language): string {
  const d = calendarInstant(iso);
  if (!d) return '';
  return new Intl.DateTimeFormat(`${intlLocale(language)}-u-nu-latn`, { timeZone: 'UTC', weekday: 'long' }).format(d);
}

/** `2026-03-12` + 1 → `2026-03-13` (calendar arithmetic, no zone involved). */
export function addDays(iso: string, days: number): string {
  const d = calendarInstant(iso);
  if (!d) return iso;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
