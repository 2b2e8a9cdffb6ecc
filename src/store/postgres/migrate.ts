// The PostgreSQL migration runner: numbered migrations, each in one transaction with its version
// recorded in schema_migrations, under an advisory lock so that several server instances starting
// at once on one database migrate it once (the others wait, then find nothing left to do). A
// database that recorded a version this build does not know is refused before anything is written.
import type pg from 'pg';
import { AppError } from '../../shared/errors';
import { PG_MIGRATIONS } from './migrations';
import type { PgMigration } from './migrations/migration';

/** The runner's own table (the desk's PRAGMA user_version): which migrations were applied, and when. */
export const SCHEMA_MIGRATIONS_TABLE = 'schema_migrations';

async function inTransaction(client: pg.PoolClient, fn: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await fn();
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/**
 * Creates `schema` if given and absent, and brings it (or the connection's current schema) to the
 * newest version of `migrations`. The pool's connections already have `schema` on their search path.
 */
export async function migratePostgres(pool: pg.Pool, schema: string | undefined, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<void> {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const client = await pool.connect();
  try {
    // One lock per schema: stores in other schemas of the same database migrate in parallel.
    const target = schema ?? ((await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0]?.s ?? 'public');
    const lockKey = `mahkama:migrate:${target}`;
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      // Quoted although SCHEMA_NAME only lets plain names through: never SQL built from a value unquoted.
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${SCHEMA_MIGRATIONS_TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const found = (await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${SCHEMA_MIGRATIONS_TABLE}`)).rows[0]?.v ?? 0;
      if (found > latest) throw new AppError('DB_TOO_NEW', 'errors.db.tooNew', { params: { found, supported: latest } });
      for (const m of migrations.filter((x) => x.version > found)) {
        await inTransaction(client, async () => {
          if (m.sql.trim() !== '') await client.query(m.sql);
          await client.query(`INSERT INTO ${SCHEMA_MIGRATIONS_TABLE} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        });
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => {});
    }
  } finally {
    client.release();
  }
}
