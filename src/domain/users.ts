// Reads and rules shared by the commands that manage the desk's users: a user of this court (another
// court's user is NOT_FOUND, as everywhere), and the rule that the court always keeps one active
// administrator, or nobody could manage users again.
import type { Selectable } from 'kysely';
import type { Role } from '../shared/enums';
import { notFound, ruleViolation } from '../shared/errors';
import type { Tx, UsersTable } from './db-schema';

export async function loadUser(trx: Tx, courtId: string, userId: string): Promise<Selectable<UsersTable>> {
  const row = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row || row.court_id !== courtId) throw notFound('user', userId);
  return row;
}

export function rolesOf(user: Pick<Selectable<UsersTable>, 'roles'>): Role[] {
  return JSON.parse(user.roles) as Role[];
}

/** Refuses when `user` is the court's last active administrator and the change would end that. */
export async function assertNotLastAdmin(trx: Tx, user: Selectable<UsersTable>, path: (string | number)[]): Promise<void> {
  if (user.active !== 1 || !rolesOf(user).includes('admin')) return;
  const others = await trx
    .selectFrom('users')
    .select(['roles'])
    .where('court_id', '=', user.court_id)
    .where('active', '=', 1)
    .where('id', '!=', user.id)
    .execute();
  if (!others.some((u) => rolesOf(u).includes('admin'))) throw ruleViolation('lastAdmin', { username: user.username }, path);
}
