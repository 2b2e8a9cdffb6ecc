// A standalone desk joins its court's server through its own service (what the settings screen
// and the login screen call): every bad enrolment is a typed error with nothing changed; a good one
// leaves a 0600 credential file and server numbering; a clerk signs in online, their work is
// pushed by the background loop; with the server gone they sign in offline until the verifier
// expires. A real server process, real SQLite files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../../src/main/services/app-service';
import { CREDENTIAL_FILE_NAME } from '../../../src/main/services/sync/device-credential';
import { issueEnrolmentCode } from '../../../src/server/auth/devices';
import { openServerStore } from '../../../src/server/store';
import { formatEnrolmentCode } from '../../../src/shared/schemas/server-auth';
import type { SyncStatus } from '../../../src/shared/schemas/desk-sync';
import { testConfig } from '../services/helpers';
import { PASSWORD, freePort, killServer, prepareServerCourt, startServer, type ServerCourt, type ServerProcess } from './http-stage';
import { serverStoreConfig } from '../../helpers/server-database';

const LOCAL_ADMIN = { username: 'admin.local', displayName: 'مسؤول محلي', password: 'local-admin-pass-2026' };
const DAY_MS = 24 * 60 * 60 * 1000;

let serverDir: string;
let server: ServerProcess;
let court: ServerCourt;
let expiredCode: string;
let now = Date.now();
const services: AppService[] = [];
const dirs: string[] = [];

async function standaloneDesk(opts: { court?: string } = {}): Promise<{ service: AppService; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-enrol-'));
  dirs.push(dataDir);
  const service = await createAppService({ dataDir, config: testConfig(dataDir, { syncIntervalSeconds: 5, offlineLoginDays: 3 }), dailySnapshots: false, now: () => new Date(now) });
  services.push(service);
  const setup = await service.handle('setup.initialize', {
    language: 'fr',
    // The same court code as the server's: the desk's own set-up gives way to the server's records.
    court: { code: opts.court ?? 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    user: LOCAL_ADMIN,
  });
  expect(setup.ok).toBe(true);
  expect((await service.handle('session.login', { username: LOCAL_ADMIN.username, password: LOCAL_ADMIN.password })).ok).toBe(true);
  return { service, dataDir };
}

async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

async function syncStatus(service: AppService): Promise<SyncStatus> {
  return value(service.handle('sync.status', {}));
}

beforeAll(async () => {
  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-enrol-server-'));
  court = await prepareServerCourt(serverDir, 3);
  const store = await openServerStore(await serverStoreConfig(serverDir));
  try {
    const issued = await issueEnrolmentCode(store.db, { courtId: court.courtId, deviceName: 'late', createdBy: 'cli:test', ttlHours: 1, now: new Date(Date.now() - 2 * 60 * 60 * 1000) });
    expiredCode = formatEnrolmentCode(issued.code);
  } finally {
    await store.close();
  }
  server = await startServer(serverDir, await freePort());
}, 120_000);

afterAll(async () => {
  for (const s of services) await s.close();
  if (server) await killServer(server);
  for (const d of [serverDir, ...dirs]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('a desk enrols with its court server and syncs in the background', () => {
  it('refuses a bad address, an unreachable server, a wrong, used or expired code and a non-admin, changing nothing', async () => {
    const { service, dataDir } = await standaloneDesk();
    const enrol = (serverUrl: string, code: string) => service.handle('sync.enrol', { serverUrl, code });
    const unchanged = async () => {
      expect(fs.existsSync(path.join(dataDir, CREDENTIAL_FILE_NAME))).toBe(false);
      expect(await syncStatus(service)).toMatchObject({ state: 'standalone', serverUrl: null });
      const status = await value(service.handle('app.status', {}));
      expect(status.user?.username).toBe(LOCAL_ADMIN.username);
      expect(status.court?.code).toBe('TPI-RABAT');
    };
    for (const url of ['not a url', 'ftp://example.ma', 'https://user:pw@example.ma', 'https://example.ma/?x=1', '']) {
      const r = await enrol(url, court.codes[0]!);
      expect(r.ok ? null : r.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: ['serverUrl'] }] });
    }
    for (const input of [{}, { serverUrl: server.url }, { serverUrl: server.url, code: 'short' }, { serverUrl: server.url, code: court.codes[0], extra: 1 }, { serverUrl: 42, code: [] }, null, 'x']) {
      const r = await service.handle('sync.enrol', input);
      expect(r.ok ? null : r.error.code).toBe('VALIDATION_FAILED');
    }
    const down = await enrol(`http://127.0.0.1:${await freePort()}`, court.codes[0]!);
    expect(down.ok ? null : down.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', i18nKey: 'errors.enrolment.serverUnreachable' });
    const wrong = await enrol(server.url, 'ABCD-EFGH-JKMN-PQRS');
    expect(wrong.ok ? null : wrong.error).toMatchObject({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.enrolment.codeUnknown' });
    const expired = await enrol(server.url, expiredCode);
    expect(expired.ok ? null : expired.error).toMatchObject({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.enrolment.codeExpired' });
    await unchanged();
    // Enrolling is an administrator's: a clerk of the desk is refused before the code is spent.
    await value(service.handle('users.create', { username: 'clerk.local', displayName: 'كاتب محلي', roles: ['clerk'], password: 'clerk-local-pass-2026' }));
    await value(service.handle('session.logout', {}));
    await value(service.handle('session.login', { username: 'clerk.local', password: 'clerk-local-pass-2026' }));
    const clerk = await enrol(server.url, court.codes[0]!);
    expect(clerk.ok ? null : clerk.error.code).toBe('FORBIDDEN');
    expect(fs.existsSync(path.join(dataDir, CREDENTIAL_FILE_NAME))).toBe(false);
  });

  it('refuses a desk that already numbered cases of its own, before the code is spent', async () => {
    const { service, dataDir } = await standaloneDesk({ court: 'TPI-SALE' });
    const chamber = (await value(service.handle('reference.get', {}))).chambers[0]!;
    const reg = await service.handle('cases.register', {
      chamberId: chamber.id,
      caseTypeId: '01900000-0000-7000-8000-000000001101',
      filedOn: new Date(now).toISOString().slice(0, 10),
      subject: 'أداء مبلغ',
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' } }, role: 'plaintiff' }],
    });
    expect(reg.ok).toBe(true);
    const r = await service.handle('sync.enrol', { serverUrl: server.url, code: court.codes[2]! });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CONFLICT', i18nKey: 'errors.enrolment.deskHasRecords', params: { count: 1 } });
    expect(fs.existsSync(path.join(dataDir, CREDENTIAL_FILE_NAME))).toBe(false);
    expect(await syncStatus(service)).toMatchObject({ state: 'standalone' });
  });

  it('enrols, signs a clerk in online, pushes their work in the background, and signs in offline until the verifier expires', async () => {
    const { service, dataDir } = await standaloneDesk();
    const enrolled = await value(service.handle('sync.enrol', { serverUrl: `${server.url}/`, code: court.codes[1]!.toLowerCase() }));
    // The court is the server's now: whoever was here signs in online.
    expect(enrolled.user).toBeNull();
    const file = path.join(dataDir, CREDENTIAL_FILE_NAME);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toContain(server.url);
    expect((await service.handle('sync.status', {})).ok).toBe(false);
    const again = await service.handle('session.login', { username: LOCAL_ADMIN.username, password: LOCAL_ADMIN.password });
    expect(again.ok ? null : again.error.code).toBe('BAD_CREDENTIALS');

    const wrong = await service.handle('session.login', { username: court.clerk.username, password: 'not the password at all' });
    expect(wrong.ok ? null : wrong.error).toMatchObject({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.auth.badCredentials' });
    const signedIn = await value(service.handle('session.login', { username: court.clerk.username, password: PASSWORD }));
    expect(signedIn.user?.username).toBe(court.clerk.username);
    expect(signedIn.court?.id).toBe(court.courtId);
    expect(await syncStatus(service)).toMatchObject({ state: 'online', pending: 0, conflicts: 0, rejected: 0 });
    expect((await syncStatus(service)).lastSyncedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    // Accounts are the server's now: a local password change would be undone by the next pull.
    const change = await service.handle('users.changeOwnPassword', { currentPassword: PASSWORD, newPassword: 'another password 2026' });
    expect(change.ok ? null : change.error).toMatchObject({ code: 'FORBIDDEN', i18nKey: 'errors.enrolment.accountsOnServer' });

    const events: SyncStatus[] = [];
    const unsubscribe = service.subscribe((m) => {
      if (m.event === 'sync.status') events.push(m.payload);
    });
    const chamber = (await value(service.handle('reference.get', {}))).chambers.find((c) => c.code === 'CIV')!;
    const reg = await value(
      service.handle('cases.register', {
        chamberId: chamber.id,
        caseTypeId: '01900000-0000-7000-8000-000000001101',
        filedOn: new Date(now).toISOString().slice(0, 10),
        subject: 'طلب إفراغ',
        parties: [{ party: { newParty: { kind: 'person', nameAr: 'سعاد العلمي', nameLatin: 'Souad Alami' } }, role: 'plaintiff' }],
      }),
    );
    expect(reg.provisional).toBe(false);
    // The loop hears of the command, pushes it, and says so on the push channel.
    await expect.poll(() => events.some((e) => e.pending === 1), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await syncStatus(service)).pending, { timeout: 15_000 }).toBe(0);
    await expect.poll(() => events.at(-1), { timeout: 10_000 }).toMatchObject({ state: 'online', pending: 0 });
    unsubscribe();
    const store = await openServerStore(await serverStoreConfig(serverDir));
    try {
      expect(await store.db.selectFrom('cases').select('number').where('id', '=', reg.caseId).executeTakeFirst()).toEqual({ number: reg.number });
    } finally {
      await store.close();
    }

    // The server goes away: signing out and in again works offline, against the verifier.
    await killServer(server);
    await value(service.handle('session.logout', {}));
    const offline = await value(service.handle('session.login', { username: court.clerk.username, password: PASSWORD }));
    expect(offline.user?.username).toBe(court.clerk.username);
    expect(await syncStatus(service)).toMatchObject({ state: 'signedOut' });
    await value(service.handle('session.lock', {}));
    const badUnlock = await service.handle('session.unlock', { password: 'wrong password here' });
    expect(badUnlock.ok).toBe(false);
    await value(service.handle('session.unlock', { password: PASSWORD }));
    await value(service.handle('session.logout', {}));
    const wrongOffline = await service.handle('session.login', { username: court.clerk.username, password: 'wrong password here' });
    expect(wrongOffline.ok ? null : wrongOffline.error.i18nKey).toBe('errors.auth.badCredentials');
    const stranger = await service.handle('session.login', { username: 'amina.admin', password: PASSWORD });
    expect(stranger.ok ? null : stranger.error.i18nKey).toBe('errors.auth.offlineNeverOnline');
    now += 4 * DAY_MS;
    const expired = await service.handle('session.login', { username: court.clerk.username, password: PASSWORD });
    expect(expired.ok ? null : expired.error).toMatchObject({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.auth.offlineExpired' });
    now -= 4 * DAY_MS;
    await value(service.handle('session.login', { username: court.clerk.username, password: PASSWORD }));
    expect(await syncStatus(service)).toMatchObject({ state: 'signedOut' });
    // Work done offline waits in the outbox.
    await value(service.handle('cases.updateParticulars', { caseId: reg.caseId, baseVersion: 1, changes: { subject: 'طلب إفراغ محل تجاري' } }));
    expect(await syncStatus(service)).toMatchObject({ state: 'signedOut', pending: 1 });
    const notYet = await service.handle('sync.now', {});
    expect(notYet.ok ? null : notYet.error).toMatchObject({ code: 'NOT_AUTHENTICATED', i18nKey: 'errors.sync.signInOnline' });
    // Connecting again from the sync screen: refused, changing nothing, while the server is away,
    // for a wrong password and for malformed input.
    const away = await service.handle('sync.reconnect', { password: PASSWORD });
    expect(away.ok ? null : away.error.code).toBe('SERVICE_UNAVAILABLE');
    server = await startServer(serverDir, Number(new URL(server.url).port));
    const wrongReconnect = await service.handle('sync.reconnect', { password: 'wrong password here' });
    expect(wrongReconnect.ok ? null : wrongReconnect.error).toMatchObject({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.auth.badPassword' });
    for (const bad of [{}, { password: '' }, { password: 7 }, { password: PASSWORD, extra: 1 }, null]) {
      const r = await service.handle('sync.reconnect', bad);
      expect(r.ok ? null : r.error.code, JSON.stringify(bad)).toBe('VALIDATION_FAILED');
    }
    expect(await syncStatus(service)).toMatchObject({ state: 'signedOut', pending: 1 });
    // With the password, online again and the waiting change sent in the same call.
    expect(await value(service.handle('sync.reconnect', { password: PASSWORD }))).toMatchObject({ state: 'online', pending: 0, lastError: null });
    const back = await openServerStore(await serverStoreConfig(serverDir));
    try {
      expect(await back.db.selectFrom('cases').select('subject').where('id', '=', reg.caseId).executeTakeFirst()).toEqual({ subject: 'طلب إفراغ محل تجاري' });
    } finally {
      await back.close();
    }
    // Away again, signed in offline again: this time unlocking (the password at hand) signs in
    // online again once the server is back, and sync resumes.
    await killServer(server);
    await value(service.handle('session.logout', {}));
    await value(service.handle('session.login', { username: court.clerk.username, password: PASSWORD }));
    expect(await syncStatus(service)).toMatchObject({ state: 'signedOut' });
    server = await startServer(serverDir, Number(new URL(server.url).port));
    await value(service.handle('session.lock', {}));
    await value(service.handle('session.unlock', { password: PASSWORD }));
    await expect.poll(async () => (await syncStatus(service)).state, { timeout: 15_000 }).toBe('online');
  });
});
