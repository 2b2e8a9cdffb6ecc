// The server's store on PostgreSQL (DATABASE_URL set): the same schema, migrated at open, answering
// readiness, closed cleanly — on the test run's PostgreSQL, in a schema of its own.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/server/config';
import { openServerStore } from '../../../src/server/store';
import { openPostgres } from '../../../src/store/postgres';
import { tempDir } from '../server/helpers';
import { testDatabaseUrl } from '../../helpers/store';

describe('the server store on PostgreSQL', () => {
  it('runs on the database DATABASE_URL names: migrated, ready, closed cleanly', async () => {
    const schema = `server_store_${process.pid}`;
    const created = await openPostgres(testDatabaseUrl(), { schema });
    await created.close();
    const url = new URL(testDatabaseUrl());
    url.searchParams.set('options', `-c search_path=${schema}`);
    const store = await openServerStore({ databaseUrl: new Secret(url.toString()), dataDir: tempDir() });
    try {
      expect(store.engine).toBe('postgres');
      await expect(store.ping()).resolves.toBeUndefined();
      expect(await store.db.selectFrom('case_types').select('code').orderBy('code').limit(1).execute()).toEqual([{ code: '1101' }]);
    } finally {
      await store.close();
      const cleanup = new pg.Client({ connectionString: testDatabaseUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA "${schema}" CASCADE`);
      await cleanup.end();
    }
  });

  it('a database that does not exist on a server that answers is named as such, not as a server out of reach', async () => {
    const url = new URL(testDatabaseUrl());
    url.pathname = `/no_such_database_${process.pid}`;
    const err = await openServerStore({ databaseUrl: new Secret(url.toString()), dataDir: tempDir() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DB_UNAVAILABLE', i18nKey: 'errors.db.databaseMissing' });
  });
});
