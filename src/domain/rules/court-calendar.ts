// The court's clock and calendar: Moroccan courts sit Monday to Friday and "today" is the date in
// Africa/Casablanca, whatever time zone the machine or the server is set to. Pure functions only.
import { COURT_TIME_ZONE, wallClockAt } from '../../shared/court-time-zone';

export { COURT_TIME_ZONE };

let lastMinute = Number.NaN;
let lastLocal: { date: string; time: string } | null = null;

/** The court's local date (`YYYY-MM-DD`) and time (`HH:MM`) at the instant `now`. */
export function courtLocalNow(now: Date): { date: string; time: string } {
  // Every command asks, and formatting is slow; time zone offsets are whole minutes, so the answer
  // is the same for every instant of one UTC minute.
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute === lastMinute && lastLocal) return { ...lastLocal };
  const c = wallClockAt(now);
  lastMinute = minute;
  lastLocal = { date: `${c.year}-${c.month}-${c.day}`, time: `${c.hour}:${c.minute}` };
  return { ...lastLocal };
}

/** 0 = Sunday … 6 = Saturday, for a calendar date (no time zone involved). */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isCourtWorkingWeekday(date: string): boolean {
  const d = weekdayOf(date);
  return d >= 1 && d <= 5;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
