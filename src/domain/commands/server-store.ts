// Checks shared by the commands only the server's operator runs (createCourt, createChamber,
// createCourtUser).
import { AppError, ruleViolation } from '../../shared/errors';
import type { Tx } from '../db-schema';
import { COURT_ID_SETTING } from './initialize-workstation';

/** A desk's store (its set-up recorded its one court) refuses the server operator's commands. */
export async function assertServerStore(trx: Tx): Promise<void> {
  const desk = await trx.selectFrom('settings').select('value').where('key', '=', COURT_ID_SETTING).executeTakeFirst();
  if (desk) throw new AppError('FORBIDDEN', 'errors.setup.notOnDesk');
}

/** User names are unique across the server's courts: a login names no court. */
export async function assertUsernameFree(trx: Tx, username: string, path: (string | number)[]): Promise<void> {
  const taken = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (taken) throw ruleViolation('usernameTaken', { username }, path);
}
