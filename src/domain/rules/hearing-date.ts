// When a hearing may sit: a working weekday (Monday–Friday), not a listed public holiday, and not
// in the past in the court's time zone (today is fine if the hour has not passed).
import { ruleViolation } from '../../shared/errors';
import type { Tx } from '../db-schema';
import type { CommandContext } from '../types';
import { isCourtWorkingWeekday } from './court-calendar';

/** The court sits that day: Monday to Friday and not a public holiday (a hearing, a pronouncement). */
export async function assertCourtSitsOn(trx: Tx, date: string, path: (string | number)[]): Promise<void> {
  if (!isCourtWorkingWeekday(date)) throw ruleViolation('hearingOnWeekend', { date }, path);
  const holiday = await trx
    .selectFrom('holidays')
    .select(['name_ar', 'name_fr', 'name_en'])
    .where('date', '=', date)
    .executeTakeFirst();
  if (holiday) {
    throw ruleViolation(
      'hearingOnHoliday',
      { date, holidayAr: holiday.name_ar, holidayFr: holiday.name_fr, holidayEn: holiday.name_en },
      path,
    );
  }
}

export async function assertHearingSlotAllowed(
  trx: Tx,
  ctx: CommandContext,
  date: string,
  time: string,
  path: (string | number)[],
): Promise<void> {
  if (!isCourtWorkingWeekday(date)) throw ruleViolation('hearingOnWeekend', { date }, path);
  if (date < ctx.today || (date === ctx.today && time <= ctx.timeNow)) {
    // The court's clock the rule read goes with the refusal: the clerk sees which "now" was meant.
    throw ruleViolation('hearingInPast', { date, time, courtDate: ctx.today, courtTime: ctx.timeNow }, path);
  }
  await assertCourtSitsOn(trx, date, path);
}
