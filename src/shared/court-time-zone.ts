// The court sits in Morocco: "today", hearing days and audit times are in its zone whatever the
// machine or server is set to. One definition for the domain's calendar and the renderer's dates.
export const COURT_TIME_ZONE = 'Africa/Casablanca';

/** A wall-clock reading: zero-padded, Western digits, 24-hour. */
export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

// Building a formatter costs far more than using one: one per zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The date and time `instant` reads on a wall clock in `timeZone` (the court's unless said). */
export function wallClockAt(instant: Date, timeZone: string = COURT_TIME_ZONE): WallClock {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA-u-nu-latn', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const clock: WallClock = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const p of formatter.formatToParts(instant)) {
    if (p.type === 'year' || p.type === 'month' || p.type === 'day' || p.type === 'hour' || p.type === 'minute') clock[p.type] = p.value;
  }
  return clock;
}
