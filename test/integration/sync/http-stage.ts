// A real server process and enrolled desks for sync tests over HTTP: the server's court and its
// users are made by the operator's commands on its store before it starts (as the admin CLI does),
// a desk enrols with a one-time code and signs in online, then keeps its own SQLite file. The
// server can be killed (SIGKILL) and started again on the same port and files.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand, type CommandEnv, type Db } from '../../../src/domain';
import { hashPassword } from '../../../src/server/auth/passwords';
import { issueEnrolmentCode } from '../../../src/server/auth/devices';
import { operatorEnv } from '../../../src/server/cli';
import { openServerStore } from '../../../src/server/store';
import { HlcClock } from '../../../src/shared/hlc';
import { newId } from '../../../src/shared/ids';
import { enrolResponseSchema, formatEnrolmentCode, tokenResponseSchema, type EnrolResponse } from '../../../src/shared/schemas/server-auth';
import { openDatabase, type OpenedDatabase } from '../../../src/store/sqlite/open-database';
import { freePort } from '../../helpers/embedded-postgres';
import { entryArgs } from '../../helpers/entries';
import { serverDatabaseEnv, serverStoreConfig } from '../../helpers/server-database';

const repo = path.resolve(import.meta.dirname, '../../..');
export const PASSWORD = 'correct horse battery staple';
export const JWT_SECRET = 'Zq3vT8mW2xR7kY5nB1cL9pD4sF6gH0jKaEiOuQwMeN';

export { freePort };

export interface ServerProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<number | null>;
}

export function serverEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAHKAMA_') && k !== 'DATABASE_URL'));
  return {
    ...clean,
    NODE_ENV: 'development',
    MAHKAMA_SERVER_DATA_DIR: dataDir,
    MAHKAMA_SERVER_PORT: String(port),
    MAHKAMA_SERVER_JWT_SECRET: JWT_SECRET,
    MAHKAMA_SERVER_ACCESS_TOKEN_TTL_SECONDS: '3600',
    MAHKAMA_SERVER_LOG_LEVEL: 'warn',
  };
}

export async function startServer(dataDir: string, port: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, entryArgs('server'), { cwd: repo, env: { ...serverEnv(dataDir, port), ...(await serverDatabaseEnv(dataDir)), ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 50_000);
    child.stdout.on('data', () => {
      const m = /^Mahkama server listening on (http:\/\/127\.0\.0\.1:[0-9]+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited early:\n${out}`));
    });
  });
  return { url, child, output: () => out, exited };
}

export async function killServer(s: ServerProcess): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await s.exited;
}

export interface ServerCourt {
  courtId: string;
  clerk: { id: string; username: string };
  codes: string[];
}

/**
 * The court, its clerk and `desks` enrolment codes, written on the server's store before it starts.
 * A second court on the same server needs its own `code` and a `suffix` for its users' names.
 */
export async function prepareServerCourt(dataDir: string, desks: number, other: { code: string; suffix: string } = { code: 'TPI-RABAT', suffix: '' }): Promise<ServerCourt> {
  const store = await openServerStore(await serverStoreConfig(dataDir));
  try {
    const courtId = newId();
    const created = await runCommand(store.db, operatorEnv(courtId), null, 'createCourt', {
      court: { code: other.code, nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
      chambers: [
        { code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' },
        { code: 'FAM', nameAr: 'غرفة قضاء الأسرة', nameFr: 'Chambre de la famille' },
      ],
      admin: { username: `amina.admin${other.suffix}`, displayName: 'أمينة الإدارية', passwordHash: await hashPassword(PASSWORD) },
    });
    const clerk = await runCommand(store.db, operatorEnv(created.courtId), null, 'createCourtUser', {
      username: `karim.greffier${other.suffix}`,
      displayName: 'كريم الكاتب',
      roles: ['clerk'],
      passwordHash: await hashPassword(PASSWORD),
    });
    const codes: string[] = [];
    for (let i = 0; i < desks; i++) {
      const issued = await issueEnrolmentCode(store.db, { courtId: created.courtId, deviceName: `desk-${i}`, createdBy: 'cli:test', ttlHours: 24, now: new Date() });
      codes.push(formatEnrolmentCode(issued.code));
    }
    return { courtId: created.courtId, clerk: { id: clerk.userId, username: `karim.greffier${other.suffix}` }, codes };
  } finally {
    await store.close();
  }
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function enrol(serverUrl: string, code: string, deviceName: string): Promise<EnrolResponse> {
  return enrolResponseSchema.parse(await postJson(`${serverUrl}/v1/devices/enrol`, { code, deviceName }));
}

export async function signIn(serverUrl: string, username: string, device: EnrolResponse): Promise<string> {
  const token = tokenResponseSchema.parse(await postJson(`${serverUrl}/v1/auth/login`, { username, password: PASSWORD, device: { id: device.deviceId, secret: device.deviceSecret } }));
  return token.accessToken;
}

export interface EnrolledDesk {
  file: string;
  opened: OpenedDatabase;
  db: Db;
  env: CommandEnv;
}

/** A desk's own store after enrolment: empty until its first pull brings the court and its users. */
export async function openEnrolledDesk(enrolled: EnrolResponse, file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-desk-')), 'mahkama.db')): Promise<EnrolledDesk> {
  const opened = await openDatabase(file);
  const env: CommandEnv = {
    deviceId: enrolled.deviceId,
    deviceTag: enrolled.deviceTag,
    courtId: enrolled.courtId,
    clock: new HlcClock(enrolled.deviceId),
    now: () => new Date(),
    numbering: 'server',
  };
  return { file, opened, db: opened.db, env };
}
