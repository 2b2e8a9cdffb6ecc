// The server store of the in-process sync tests, on the run's engine, holding the desk's court as
// the admin CLI would have made it there: on SQLite a byte copy of the desk's file right after its
// set-up; on PostgreSQL a fresh store (a schema of its own) given the desk's court, chambers and
// users row for row, so both sides name them by the same ids. The desks stay SQLite files.
import path from 'node:path';
import type { TestCourt } from '../../helpers/db';
import { openTestStore, TEST_ENGINE, type TestStore } from '../../helpers/store';

/** The court's rows a server has before any push: what createCourt and createCourtUser write. */
const COURT_TABLES = ['courts', 'chambers', 'users'] as const;

export async function serverStoreBeside(desk: TestCourt, name = 'server.db'): Promise<TestStore> {
  if (TEST_ENGINE === 'sqlite') return deskCopy(desk, name);
  const store = await openTestStore({ engine: 'postgres' });
  try {
    for (const table of COURT_TABLES) {
      const rows = await desk.db.selectFrom(table).selectAll().execute();
      if (rows.length > 0) await store.db.insertInto(table).values(rows).execute();
    }
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** Another desk of the same court: a byte copy of the desk's file right after its set-up. */
export async function deskCopy(desk: TestCourt, name: string): Promise<TestStore> {
  const file = path.join(path.dirname(desk.store.file!), name);
  await desk.store.sqliteRaw().backup(file);
  return openTestStore({ file, engine: 'sqlite' });
}
