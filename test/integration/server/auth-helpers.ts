// A server with auth for tests: a real store on the run's engine (SQLite file in a temp folder, or PostgreSQL), courts and users made by the
// operator's domain commands (as the admin CLI makes them), the real app through inject, and a
// clock the test moves (token expiry, code expiry, the rate limit's minute).
import { runCommand, type Actor } from '../../../src/domain';
import { buildServer, type MahkamaServer } from '../../../src/server/app';
import { hashPassword } from '../../../src/server/auth/passwords';
import { createServerAuth, type ServerAuth } from '../../../src/server/auth/routes';
import { issueEnrolmentCode } from '../../../src/server/auth/devices';
import { operatorEnv } from '../../../src/server/cli';
import type { ServerConfig } from '../../../src/server/config';
import { openServerStore, type ServerStore } from '../../../src/server/store';
import type { Role } from '../../../src/shared/enums';
import { newId } from '../../../src/shared/ids';
import { formatEnrolmentCode, type EnrolResponse, type TokenResponse } from '../../../src/shared/schemas/server-auth';
import { serverStoreConfig } from '../../helpers/server-database';
import { capturedLogger, serverConfig, tempDir } from './helpers';

export const PASSWORD = 'correct horse battery staple';

export class TestClock {
  t: number;
  constructor(iso = '2026-03-02T09:00:00.000Z') {
    this.t = Date.parse(iso);
  }
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

export const TEST_JWT_SECRET = 'kq9TzV2mXr7LwYb4NcPe8HdJs5Ua3GfQ1oRtZyWx6Ik';

/** A configuration with a body limit small enough for a test to go over it. */
export function serverConfigWithLimit(bodyLimitBytes: number): ServerConfig {
  return serverConfig({ MAHKAMA_SERVER_JWT_SECRET: TEST_JWT_SECRET, MAHKAMA_SERVER_BODY_LIMIT_BYTES: String(bodyLimitBytes) });
}

/** A configuration that believes X-Forwarded-For from these proxies (MAHKAMA_SERVER_TRUST_PROXY). */
export function serverConfigWithTrustProxy(proxies: string): ServerConfig {
  return serverConfig({ MAHKAMA_SERVER_JWT_SECRET: TEST_JWT_SECRET, MAHKAMA_SERVER_TRUST_PROXY: proxies });
}

export interface AuthStage {
  dataDir: string;
  config: ServerConfig;
  store: ServerStore;
  clock: TestClock;
  app: MahkamaServer;
  close(): Promise<void>;
}

export async function authStage(
  opts: { dataDir?: string; config?: ServerConfig; clock?: TestClock; moreRoutes?: (app: MahkamaServer, auth: ServerAuth, store: ServerStore) => void } = {},
): Promise<AuthStage> {
  const dataDir = opts.dataDir ?? tempDir();
  const config = opts.config ?? serverConfig({ MAHKAMA_SERVER_DATA_DIR: dataDir, MAHKAMA_SERVER_JWT_SECRET: TEST_JWT_SECRET });
  const store = await openServerStore(await serverStoreConfig(dataDir));
  const clock = opts.clock ?? new TestClock();
  const auth = createServerAuth({ db: store.db, jwt: config.jwt, now: clock.now });
  const app = await buildServer({
    config,
    logger: capturedLogger('info').logger,
    routes: (server) => {
      auth.routes(server);
      opts.moreRoutes?.(server, auth, store);
    },
  });
  return {
    dataDir,
    config,
    store,
    clock,
    app,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export interface TestCourt {
  courtId: string;
  code: string;
  admin: { id: string; username: string };
}

let courtCount = 0;
export async function createCourt(s: AuthStage, code = `TPI-${++courtCount}`): Promise<TestCourt> {
  const courtId = newId();
  const username = `admin.${code.toLowerCase()}`;
  const result = await runCommand(s.store.db, operatorEnv(courtId, s.clock.now), null, 'createCourt', {
    court: { code, nameAr: 'المحكمة الابتدائية', nameFr: 'Tribunal de première instance' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    admin: { username, displayName: 'Admin', passwordHash: await hashPassword(PASSWORD) },
  });
  return { courtId: result.courtId, code, admin: { id: result.userId, username } };
}

export async function createUser(s: AuthStage, court: TestCourt, username: string, roles: Role[]): Promise<string> {
  const r = await runCommand(s.store.db, operatorEnv(court.courtId, s.clock.now), null, 'createCourtUser', {
    username,
    displayName: username,
    roles,
    passwordHash: await hashPassword(PASSWORD),
  });
  return r.userId;
}

export async function setActive(s: AuthStage, court: TestCourt, userId: string, active: boolean): Promise<void> {
  const admin: Actor = { userId: court.admin.id, roles: ['admin'] };
  const { version } = await s.store.db.selectFrom('users').select('version').where('id', '=', userId).executeTakeFirstOrThrow();
  await runCommand(s.store.db, operatorEnv(court.courtId, s.clock.now), admin, 'setUserActive', { userId, baseVersion: version, active });
}

export async function issueCode(s: AuthStage, court: TestCourt, ttlHours = 24): Promise<string> {
  const issued = await issueEnrolmentCode(s.store.db, { courtId: court.courtId, deviceName: 'Desk', createdBy: 'cli:test', ttlHours, now: s.clock.now() });
  return formatEnrolmentCode(issued.code);
}

export async function enrol(s: AuthStage, court: TestCourt): Promise<EnrolResponse> {
  // Each from an address of its own: only the enrolment limit's own tests fill its bucket.
  const res = await s.app.inject({ method: 'POST', url: '/v1/devices/enrol', remoteAddress: freshIp(), payload: { code: await issueCode(s, court), deviceName: 'greffe-pc-1' } });
  if (res.statusCode !== 201) throw new Error(`enrol: ${res.statusCode} ${res.body}`);
  return res.json();
}

export function deviceOf(d: EnrolResponse): { id: string; secret: string } {
  return { id: d.deviceId, secret: d.deviceSecret };
}

let ipCount = 0;
/** A fresh client address per call, so only the bucket a test is about fills up. */
export function freshIp(): string {
  ipCount++;
  return `10.0.${Math.floor(ipCount / 250)}.${(ipCount % 250) + 1}`;
}

export async function loginRes(s: AuthStage, username: string, device: EnrolResponse, opts: { password?: string; ip?: string } = {}) {
  return s.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    remoteAddress: opts.ip ?? freshIp(),
    payload: { username, password: opts.password ?? PASSWORD, device: deviceOf(device) },
  });
}

export async function login(s: AuthStage, username: string, device: EnrolResponse): Promise<TokenResponse> {
  const res = await loginRes(s, username, device);
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
  return res.json();
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
