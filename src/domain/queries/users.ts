// The people of the desk: the court's users for the admin screen, and one user for the session.
// Password hashes never leave this file.
import type { UserView } from '../../shared/schemas/views';
import type { Db } from '../db-schema';
import { USER_COLUMNS, userViewOf } from './views';

export async function listUsers(db: Db, courtId: string): Promise<UserView[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).where('court_id', '=', courtId).orderBy('username').execute();
  return rows.map(userViewOf);
}

export async function getAppUser(db: Db, userId: string): Promise<UserView | null> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).executeTakeFirst();
  return row ? userViewOf(row) : null;
}
