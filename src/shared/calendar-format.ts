// Calendar dates as the court writes them: day/month/year with Western digits, in every language
// (a date input or an error message that follows a browser's locale showed 11/30/2026 beside
// 30/11/2026). Calendar dates are `YYYY-MM-DD` strings with no time zone: never let a zone shift
// the day. Pure; used by the renderer, main's printed documents and the message catalogues.
import { toAsciiDigits } from './case-number';

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
  const ascii = toAsciiDigits(text).trim();
  const m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(ascii);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return calendarInstant(iso) ? iso : null;
}
