// Date display for the court: the Gregorian date as dd/mm/yyyy (Western digits, shown inside an
// LTR isolate by the caller) with the Hijri (Umm al-Qura) date beside it in the UI language.
// Calendar dates are `YYYY-MM-DD` strings with no time zone: never let a zone shift the day.
import { COURT_WALL_CLOCK_PATTERN } from '../../shared/court-time-zone';
import type { Language } from '../../shared/enums';
import { intlLocale } from '../i18n/names';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as a UTC-noon instant, so formatting in UTC can never move it a day. */
function calendarInstant(iso: string): Date | null {
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

/**
 * A court wall-clock reading made in main (`2026-11-30 13:26`) as `30/11/2026 13:26`. Only
 * reformats: the renderer never turns an instant into a time itself, as the browser's zone data
 * may disagree with main's. Anything else is returned unchanged.
 */
export function formatCourtTime(wallClock: string): string {
  const m = COURT_WALL_CLOCK_PATTERN.exec(wallClock);
  if (!m) return wallClock;
  return `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}`;
}

/** `2026-03-12` + 1 → `2026-03-13` (calendar arithmetic, no zone involved). */
export function addDays(iso: string, days: number): string {
  const d = calendarInstant(iso);
  if (!d) return iso;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
