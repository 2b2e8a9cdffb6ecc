// The court sits in Morocco: "today", hearing days and audit times are in its zone whatever the
// machine or server is set to. Called in main (Node's zone data) only: the renderer never turns an
// instant into a wall clock itself, since Chromium's zone data was seen to disagree with Node's.
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

/** A court wall-clock reading as the views carry it: `YYYY-MM-DD HH:MM`. */
export const COURT_WALL_CLOCK_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/** `instant` on the court's wall clock as `YYYY-MM-DD HH:MM`, the one text form views carry. */
export function courtWallClockText(instant: Date, timeZone: string = COURT_TIME_ZONE): string {
  const c = wallClockAt(instant, timeZone);
  return `${c.year}-${c.month}-${c.day} ${c.hour}:${c.minute}`;
}
