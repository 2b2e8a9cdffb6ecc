// The server's database in the server and sync suites, on the run's engine (MAHKAMA_TEST_ENGINE):
// SQLite is the embedded file in the data folder (no URL); on PostgreSQL each data folder gets a
// schema of its own in the test database, named through the URL (`options=-c search_path=...`) so a
// real server process started with DATABASE_URL uses it as an operator's URL would. A data folder
// used again (a restart, a second instance) finds its schema again. Every schema made by a test
// file is dropped after it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { Secret } from '../../src/server/config';
import { TEST_ENGINE, testDatabaseUrl } from './store';

const schemas = new Map<string, Promise<string>>();

// Only inside a vitest run: `npm run bench:sync` imports the sync stage (and this) as plain Node.
if (process.env.VITEST) afterAll(dropSchemas);

async function dropSchemas(): Promise<void> {
  if (schemas.size === 0) return;
  const names = await Promise.all(schemas.values());
  schemas.clear();
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function createSchema(): Promise<string> {
  const name = `srv_${randomBytes(8).toString('hex')}`;
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${name}"`);
  } finally {
    await client.end();
  }
  return name;
}

/** The DATABASE_URL of the server whose data folder is `dataDir`, or undefined on SQLite. */
export async function serverDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (TEST_ENGINE === 'sqlite') return undefined;
  let schema = schemas.get(dataDir);
  if (!schema) {
    schema = createSchema();
    schemas.set(dataDir, schema);
  }
  const url = new URL(testDatabaseUrl());
  url.searchParams.set('options', `-c search_path=${await schema}`);
  return url.toString();
}

/** What openServerStore needs for the server whose data folder is `dataDir`, on the run's engine. */
export async function serverStoreConfig(dataDir: string): Promise<{ databaseUrl: Secret | null; dataDir: string }> {
  const url = await serverDatabaseUrl(dataDir);
  return { databaseUrl: url === undefined ? null : new Secret(url), dataDir };
}

/** The environment a server process needs for that database (empty on SQLite). */
export async function serverDatabaseEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  const url = await serverDatabaseUrl(dataDir);
  return url === undefined ? {} : { DATABASE_URL: url };
}
