// `npm run server -- <command>` as real processes on a real store (SQLite file or PostgreSQL), beside a real server
// process: an operator creates a court and its users, issues an enrolment code, a desk enrols and
// signs in over HTTP, and revoking the device from the CLI stops its token at once. Problems are
// listed all at once in the operator's language, with exit codes; a password is never an argument.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryArgs } from '../../helpers/entries';
import { serverDatabaseEnv } from '../../helpers/server-database';
import { tempDir } from './helpers';

const repo = path.resolve(import.meta.dirname, '../../..');
const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** The process's environment: its data folder's database on the run's engine (server-database.ts). */
async function baseEnv(env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAHKAMA_') && k !== 'DATABASE_URL'));
  const database = env.MAHKAMA_SERVER_DATA_DIR === undefined ? {} : await serverDatabaseEnv(env.MAHKAMA_SERVER_DATA_DIR);
  return { ...clean, NODE_ENV: 'development', MAHKAMA_SERVER_JWT_SECRET: 'kq9TzV2mXr7LwYb4NcPe8HdJs5Ua3GfQ1oRtZyWx6Ik', ...database, ...env };
}

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [...entryArgs('server'), ...args], { cwd: repo, env: await baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(child);
  child.stdin.end();
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ url: URL; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, entryArgs('server'), { cwd: repo, env: await baseEnv({ MAHKAMA_SERVER_PORT: '0', ...env }), stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL:\n${out}\n${err}`)), 50_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]!));
      }
    });
    void exited.then(() => reject(new Error(`exited early:\n${out}\n${err}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

const PASSWORD = 'correct horse battery staple';
const courtArgs = [
  'create-court',
  '--code',
  'TPI-RABAT',
  '--name-ar',
  'المحكمة الابتدائية بالرباط',
  '--name-fr',
  'Tribunal de première instance de Rabat',
  '--chamber',
  'CIV:الغرفة المدنية:Chambre civile',
  '--chamber',
  'FAM:غرفة الأسرة:Chambre de la famille',
  '--admin-username',
  'admin.rabat',
  '--admin-name',
  'Admin Rabat',
];

describe('npm run server -- <admin command> (real processes)', () => {
  it('an operator sets up a court and a clerk, a desk enrols and signs in, and revoking the device stops it at once', async () => {
    const dataDir = tempDir();
    const env = { MAHKAMA_SERVER_DATA_DIR: dataDir, MAHKAMA_NEW_PASSWORD: PASSWORD };
    const court = await cli(courtArgs, env);
    expect(court.code, court.err).toBe(0);
    expect(court.out).toMatch(/^Court TPI-RABAT created \([0-9a-f-]{36}\)\. Its administrator admin\.rabat can sign in/);
    const user = await cli(['create-user', '--court', 'tpi-rabat', '--username', 'clerk.one', '--name', 'Clerk One', '--roles', 'clerk,judge'], env);
    expect(user.code, user.err).toBe(0);
    const issued = await cli(['issue-enrolment-code', '--court', 'TPI-RABAT', '--device-name', 'Greffe 1', '--ttl-hours', '2'], { ...env, MAHKAMA_LANG: 'fr' });
    expect(issued.code, issued.err).toBe(0);
    expect(issued.out).toContain('Code d\u2019enrôlement pour «\u00a0Greffe 1\u00a0» du tribunal TPI-RABAT');
    const code = /^([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$/m.exec(issued.out)?.[1];
    expect(code).toBeDefined();

    const server = await startServer({ MAHKAMA_SERVER_DATA_DIR: dataDir });
    try {
      const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(new URL(p, server.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const enrolled = await post('/v1/devices/enrol', { code, deviceName: 'greffe-pc-1' });
      expect(enrolled.status).toBe(201);
      const desk = (await enrolled.json()) as { deviceId: string; deviceSecret: string; deviceTag: string };
      const login = await post('/v1/auth/login', { username: 'clerk.one', password: PASSWORD, device: { id: desk.deviceId, secret: desk.deviceSecret } });
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const me = await fetch(new URL('/v1/me', server.url), { headers: { authorization: `Bearer ${accessToken}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { roles: string[] } }).user.roles).toEqual(['clerk', 'judge']);

      const listed = await cli(['list-devices'], env);
      expect(listed.code).toBe(0);
      expect(listed.out).toContain(`${desk.deviceTag}  TPI-RABAT  greffe-pc-1`);

      const unknownDevice = await cli(['revoke-device', '--device', 'NO-SUCH-DESK'], env);
      expect(unknownDevice.code).toBe(1);
      expect(unknownDevice.err).toContain("No device has the id or tag NO-SUCH-DESK: list-devices shows this server's devices.");

      const revoked = await cli(['revoke-device', '--device', desk.deviceTag], env);
      expect(revoked.code, revoked.err).toBe(0);
      expect(revoked.out).toContain(`Device ${desk.deviceTag} (greffe-pc-1) revoked`);
      const after = await fetch(new URL('/v1/me', server.url), { headers: { authorization: `Bearer ${accessToken}` } });
      expect(after.status).toBe(401);
      expect(((await after.json()) as { error: { i18nKey: string } }).error.i18nKey).toBe('errors.auth.deviceRevoked');
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // The password was never on a command line, and is in no output.
    for (const r of [court, user, issued]) expect(r.out + r.err).not.toContain(PASSWORD);
  }, 120_000);

  it('lists every problem at once, in the operator language, and exits 1; usage problems exit 2', async () => {
    const dataDir = tempDir();
    const bad = await cli(['create-court', '--code', 'x', '--name-ar', 'Rabat', '--chamber', 'no colons here', '--admin-name', 'A'], {
      MAHKAMA_SERVER_DATA_DIR: dataDir,
      MAHKAMA_NEW_PASSWORD: 'short',
      MAHKAMA_LANG: 'fr',
    });
    expect(bad.code).toBe(1);
    const lines = bad.err.trim().split('\n');
    expect(lines[0]).toBe('Rien n\u2019a été fait\u00a0:');
    expect(lines.slice(1).map((l) => /^ {2}- ([^:]+):/.exec(l)?.[1]).sort()).toEqual(
      ['--name-fr', '--admin-username', '--chamber #1', '--code', '--name-ar', 'MAHKAMA_NEW_PASSWORD'].sort(),
    );

    // No password and no terminal: said so, nothing created.
    const noPassword = await cli(courtArgs, { MAHKAMA_SERVER_DATA_DIR: dataDir });
    expect(noPassword.code).toBe(1);
    expect(noPassword.err).toContain('MAHKAMA_NEW_PASSWORD: no password: set MAHKAMA_NEW_PASSWORD or run the command in a terminal');
    const none = await cli(['list-devices'], { MAHKAMA_SERVER_DATA_DIR: dataDir, MAHKAMA_LANG: 'ar' });
    expect(none.out.trim()).toBe('لا يوجد أي حاسوب مسجّل.');

    const unknownCourt = await cli(['create-user', '--court', 'NOPE', '--username', 'x.y.z', '--name', 'X', '--roles', 'clerk,wizard'], {
      MAHKAMA_SERVER_DATA_DIR: dataDir,
      MAHKAMA_NEW_PASSWORD: PASSWORD,
    });
    expect(unknownCourt.code).toBe(1);
    expect(unknownCourt.err).toContain('--court: no court has the code NOPE.');
    expect(unknownCourt.err).toMatch(/--roles: /);

    const unknown = await cli(['make-coffee'], { MAHKAMA_SERVER_DATA_DIR: dataDir });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command: make-coffee. Commands: create-court, create-user, issue-enrolment-code, list-devices, revoke-device');
    const wrongOption = await cli(['list-devices', '--username', 'x'], { MAHKAMA_SERVER_DATA_DIR: dataDir });
    expect(wrongOption.code).toBe(2);
    expect(wrongOption.err).toContain('--username: not an option of list-devices.');
    const help = await cli(['create-user', '--help'], { MAHKAMA_SERVER_DATA_DIR: dataDir });
    expect(help.code).toBe(0);
    expect(help.out).toContain('create-user --court CODE --username NAME');
  }, 120_000);
});
