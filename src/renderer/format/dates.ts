// Date display for the court: the pure calendar formats live in src/shared/calendar-format.ts (main
// prints them too) and are re-exported here; dates are shown inside an LTR isolate by the caller.
// Calendar dates are `YYYY-MM-DD` strings with no time zone: never let a zone shift the day.
import { COURT_TIME_ZONE, wallClockAt } from '../../shared/court-time-zone';

export { addDays, formatGregorian, formatHijri, formatWeekday } from '../../shared/calendar-format';

/** An instant (audit wall time, ISO with zone) as `dd/mm/yyyy HH:MM` in the court's zone, Western digits. */
export function formatTimestamp(isoInstant: string, timeZone: string = COURT_TIME_ZONE): string {
  const d = new Date(isoInstant);
  if (Number.isNaN(d.getTime())) return isoInstant;
  const c = wallClockAt(d, timeZone);
  return `${c.day}/${c.month}/${c.year} ${c.hour}:${c.minute}`;
}

export { COURT_TIME_ZONE };
