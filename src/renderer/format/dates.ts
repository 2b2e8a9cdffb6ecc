// Date display for the court: the pure calendar formats live in src/shared/calendar-format.ts (main
// prints them too) and are re-exported here; dates are shown inside an LTR isolate by the caller.
// Calendar dates are `YYYY-MM-DD` strings with no time zone: never let a zone shift the day.
import { COURT_WALL_CLOCK_PATTERN } from '../../shared/court-time-zone';

export { addDays, formatGregorian, formatHijri, formatWeekday } from '../../shared/calendar-format';

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

