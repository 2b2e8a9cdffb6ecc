// `npm run server` as a real process (node scripts/server.mjs): it prints its URL, answers over real
// HTTP (bytes no HTTP client would send get a typed 4xx too), and on SIGTERM finishes the request
// in flight, refuses new connections, closes the store (SQLite: no WAL left, the file sound) and exits 0;
// a request that never ends is cut after the grace period. A bad configuration exits 1 with every
// problem printed.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openServerStore, SQLITE_FILE_NAME } from '../../../src/server/store';
import { APPLICATION_ID, openDatabase } from '../../../src/store/sqlite/open-database';
import { serverDatabaseEnv, serverStoreConfig } from '../../helpers/server-database';
import { TEST_ENGINE } from '../../helpers/store';
import { tempDir } from './helpers';

const repo = path.resolve(import.meta.dirname, '../../..');
const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: URL;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startServer(env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAHKAMA_') && k !== 'DATABASE_URL'));
  const child = spawn(process.execPath, [path.join(repo, 'scripts/server.mjs')], {
    cwd: repo,
    env: { ...clean, NODE_ENV: 'development', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.push(child);
  return child;
}

async function started(env: NodeJS.ProcessEnv): Promise<Started> {
  // The data folder's database on the run's engine (test/helpers/server-database.ts).
  const database = env.MAHKAMA_SERVER_DATA_DIR === undefined ? {} : await serverDatabaseEnv(env.MAHKAMA_SERVER_DATA_DIR);
  const child = startServer({ ...database, ...env });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}\n${err}`)), 50_000);
    child.stdout.on('data', () => {
      const m = /^Mahkama server listening on (http:\/\/127\.0\.0\.1:[0-9]+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]!));
      }
    });
    void exited.then(() => reject(new Error(`exited early:\n${out}\n${err}`)));
  });
  return { child, url, stdout: () => out, stderr: () => err, exited };
}

function waitForText(read: () => string, re: RegExp, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => (re.test(read()) ? resolve() : Date.now() > until ? reject(new Error(`never printed ${re}:\n${read()}`)) : setTimeout(poll, 20));
    poll();
  });
}

/** A request whose body is only half sent: in flight until the rest is written. */
function halfSentRequest(url: URL): Promise<{ socket: net.Socket; finish: () => void; response: Promise<string> }> {
  const body = JSON.stringify({ name: 'late but whole' });
  const half = Math.floor(body.length / 2);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(
        `POST /v1/cases HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nX-Request-Id: in-flight-1\r\n\r\n${body.slice(0, half)}`,
      );
      let received = '';
      socket.on('data', (c: Buffer) => (received += c.toString()));
      const response = new Promise<string>((done) => socket.on('close', () => done(received)));
      resolve({ socket, finish: () => socket.write(body.slice(half)), response });
    });
    socket.on('error', reject);
  });
}

/** Sends raw bytes on a fresh connection and returns everything the server wrote back. */
function rawExchange(url: URL, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(request));
    socket.on('data', (c: Buffer) => (received += c.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('npm run server (a real process)', () => {
  it('prints its URL, is ready over HTTP, and on SIGTERM lets the request in flight finish, closes the store and exits 0', async () => {
    const dataDir = tempDir();
    const s = await started({ MAHKAMA_SERVER_DATA_DIR: dataDir, MAHKAMA_SERVER_PORT: '0', MAHKAMA_SERVER_LOG_LEVEL: 'info' });
    expect(s.stdout().trim().split('\n')).toHaveLength(1);
    // Development without a secret: said in the log, the secret itself never printed.
    expect(s.stderr()).toMatch(/MAHKAMA_SERVER_JWT_SECRET is not set: a secret was generated for this process only/);

    const ready = await fetch(new URL('/health/ready', s.url));
    expect(ready.status).toBe(200);
    expect(Object.keys(((await ready.json()) as { checks: object }).checks).sort()).toEqual(['blobStore', 'database']);
    // The blob routes are served, and closed to a caller without a signed-in user on an enrolled device.
    const blob = await fetch(new URL(`/v1/blobs/${'a'.repeat(64)}`, s.url));
    expect(blob.status).toBe(401);
    expect(((await blob.json()) as { error: { i18nKey: string } }).error.i18nKey).toBe('errors.auth.notAuthenticated');
    expect(fs.readdirSync(path.join(dataDir, 'blobs')).sort()).toEqual(['sha256', 'uploads', 'work']);

    // What only a real socket can send (no HTTP client would) still gets a typed 4xx.
    const host = `Host: ${s.url.host}\r\nConnection: close\r\n`;
    const raw: [string, RegExp][] = [
      [`GET /\\..\\x HTTP/1.1\r\n${host}\r\n`, /^HTTP\/1\.1 404 /],
      [`GET /% HTTP/1.1\r\n${host}\r\n`, /^HTTP\/1\.1 400 /],
      [`GET /health/live HTTP/1.1\r\n${host}X-Bad: \u0001\r\n\r\n`, /^HTTP\/1\.1 400 /],
      ['NONSENSE\r\n\r\n', /^HTTP\/1\.1 400 /],
      [`GET / HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`, /^HTTP\/1\.1 431 /],
    ];
    for (const [request, status] of raw) {
      const answer = await rawExchange(s.url, request);
      expect(answer).toMatch(status);
      expect(answer).toMatch(/\r\n\r\n\{"error":\{"code":"(NOT_FOUND|MALFORMED_REQUEST)","i18nKey":"errors\.server\.[A-Za-z]+"\}\}$/);
    }

    const inFlight = await halfSentRequest(s.url);
    // The server has the request (its log line of the start of shutdown counts it) when SIGTERM lands.
    await waitForText(s.stderr, /"reqId":"in-flight-1"/, 10_000);
    s.child.kill('SIGTERM');
    await waitForText(s.stderr, /"inFlight":1,"msg":"shutting down"/, 10_000);
    // No new connection is accepted once shutting down.
    await expect(fetch(new URL('/health/live', s.url))).rejects.toThrow();
    inFlight.finish();
    const finishedAt = Date.now();
    const answer = await inFlight.response;
    // Answered, then its connection closed at once: shutdown did not wait out the grace period.
    expect(Date.now() - finishedAt).toBeLessThan(5_000);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(answer).toContain('x-request-id: in-flight-1');
    expect(answer).toContain('{"error":{"code":"NOT_FOUND","i18nKey":"errors.server.routeNotFound"}}');
    expect(await s.exited).toBe(0);
    expect(s.stderr()).toContain('"msg":"stopped"');
    expect(s.stderr()).not.toMatch(/grace period over/);

    const file = path.join(dataDir, SQLITE_FILE_NAME);
    if (TEST_ENGINE === 'postgres') {
      // On PostgreSQL the data folder holds the blobs only, and the store closed cleanly: it opens again.
      expect(fs.existsSync(file)).toBe(false);
      const store = await openServerStore(await serverStoreConfig(dataDir));
      await store.ping();
      await store.close();
      return;
    }
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const reopened = await openDatabase(file, { readonly: true });
    try {
      expect(reopened.raw.pragma('quick_check', { simple: true })).toBe('ok');
      expect(reopened.raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    } finally {
      await reopened.close();
      if (reopened.raw.open) reopened.raw.close();
    }
  }, 90_000);

  it('cuts a request that never ends once the grace period is over, and still exits 0 (SIGINT)', async () => {
    const s = await started({ MAHKAMA_SERVER_DATA_DIR: tempDir(), MAHKAMA_SERVER_PORT: '0', MAHKAMA_SERVER_SHUTDOWN_GRACE_SECONDS: '1' });
    const stuck = await halfSentRequest(s.url);
    await waitForText(s.stderr, /"reqId":"in-flight-1"/, 10_000);
    const t0 = Date.now();
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(Date.now() - t0).toBeLessThan(8_000);
    expect(s.stderr()).toMatch(/grace period over/);
    // The client's connection was closed without an answer.
    expect(await stuck.response).toBe('');
  }, 90_000);

  it('a bad configuration exits 1 with every problem printed, and never starts', async () => {
    const child = startServer({
      NODE_ENV: 'production',
      MAHKAMA_SERVER_PORT: '99999',
      MAHKAMA_SERVER_CORS_ORIGINS: '*',
      MAHKAMA_SERVER_LOG_LEVEL: 'chatty',
      MAHKAMA_SERVER_JWT_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(out).toBe('');
    const lines = err.trim().split('\n');
    expect(lines[0]).toBe('The Mahkama server cannot start:');
    expect(lines.slice(1).map((l) => /^ {2}- ([A-Z_]+):/.exec(l)?.[1]).sort()).toEqual(
      ['DATABASE_URL', 'MAHKAMA_SERVER_CORS_ORIGINS', 'MAHKAMA_SERVER_JWT_SECRET', 'MAHKAMA_SERVER_LOG_LEVEL', 'MAHKAMA_SERVER_PORT'].sort(),
    );
    expect(err).not.toContain('aaaaaaaa');
  }, 60_000);

  it('with DATABASE_URL naming a PostgreSQL that does not answer, says so without the password and exits 1', async () => {
    const child = startServer({ DATABASE_URL: 'postgres://mahkama:pw@127.0.0.1:1/mahkama', MAHKAMA_SERVER_DATA_DIR: tempDir(), MAHKAMA_SERVER_PORT: '0' });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err).toContain('The database server could not be reached.');
    expect(err).not.toContain(':pw@');
  }, 60_000);
});
