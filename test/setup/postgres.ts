// Global setup of the integration-pg project: the PostgreSQL the domain tests run on. With
// TEST_DATABASE_URL set, that server (each test store makes a schema of its own there and drops it
// at close); otherwise an embedded PostgreSQL (real binaries from npm) started once for the run in
// a temporary folder, on a free port, and stopped and removed after.
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../helpers/embedded-postgres';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('testDatabaseUrl', given);
    return undefined;
  }
  const pg = await startEmbeddedPostgres();
  project.provide('testDatabaseUrl', pg.url);
  return () => pg.stop();
}
