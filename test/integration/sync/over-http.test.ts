// Sync over HTTP with a real server process (`npm run server`, SQLite) and two enrolled desks on
// their own files: enrol with a one-time code, sign in online, pull the court and its users, ask
// for serials, work offline, push and pull — and end with the same synced tables everywhere. A
// clerk of another court sees nothing; a desk with no token is refused; the sync counters move.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courtLocalNow, runCommand, verifyCourtAuditChain, type Db } from '../../../src/domain';
import { httpSyncTransport } from '../../../src/main/services/sync/http-transport';
import { syncOnce } from '../../../src/main/services/sync/sync-once';
import { openServerStore } from '../../../src/server/store';
import { SYNC_PROTOCOL_VERSION } from '../../../src/shared/schemas/sync';
import { serverStoreConfig } from '../../helpers/server-database';
import { enrol, freePort, killServer, openEnrolledDesk, prepareServerCourt, signIn, startServer, type EnrolledDesk, type ServerCourt, type ServerProcess } from './http-stage';

const SYNCED_TABLES = ['courts', 'chambers', 'cases', 'parties', 'case_parties', 'hearings', 'judgments'] as const;

let dataDir: string;
let server: ServerProcess;
let court: ServerCourt;
const desks: { desk: EnrolledDesk; token: string }[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-http-sync-'));
  court = await prepareServerCourt(dataDir, 2);
  server = await startServer(dataDir, await freePort());
  for (const [i, code] of court.codes.entries()) {
    const enrolled = await enrol(server.url, code, `greffe-${i}`);
    desks.push({ desk: await openEnrolledDesk(enrolled), token: await signIn(server.url, court.clerk.username, enrolled) });
  }
}, 120_000);

afterAll(async () => {
  for (const d of desks) await d.desk.opened.close();
  if (server) await killServer(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const sync = (i: number) => {
  const { desk, token } = desks[i]!;
  return syncOnce(desk.db, httpSyncTransport({ serverUrl: server.url, accessToken: async () => token }), { now: () => new Date(), courtId: desk.env.courtId, numbering: 'server' });
};

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of SYNCED_TABLES) out[t] = await db.selectFrom(t).selectAll().orderBy('id').execute();
  return out;
}

const today = () => courtLocalNow(new Date()).date;

async function register(i: number, subject: string) {
  const { desk } = desks[i]!;
  const chamber = await desk.db.selectFrom('chambers').select('id').where('code', '=', 'CIV').executeTakeFirstOrThrow();
  return runCommand(desk.db, desk.env, { userId: court.clerk.id, roles: ['clerk'] }, 'registerCase', {
    chamberId: chamber.id,
    caseTypeId: '01900000-0000-7000-8000-000000001101',
    filedOn: today(),
    subject,
    parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' } }, role: 'plaintiff' }],
  });
}

describe('sync over HTTP with a real server process', () => {
  it('a new desk pulls its court, users and serials, registers offline, and both desks converge with the server', async () => {
    expect(await sync(0)).toMatchObject({ pushed: 0 });
    expect(await sync(1)).toMatchObject({ pushed: 0 });
    const d0 = desks[0]!.desk;
    expect(await d0.db.selectFrom('users').select('username').orderBy('username').execute()).toEqual([{ username: 'amina.admin' }, { username: 'karim.greffier' }]);
    // Pulled users have no password on the desk until they sign in online there.
    expect(await d0.db.selectFrom('users').select('password_hash').distinct().execute()).toEqual([{ password_hash: '!' }]);
    expect(await d0.db.selectFrom('number_blocks').select('type_code').where('type_code', '=', '1101').execute()).toHaveLength(1);

    const a = await register(0, 'أداء مبلغ دين');
    const b = await register(1, 'طلب إفراغ');
    expect([a.provisional, b.provisional]).toEqual([false, false]);
    expect(a.number).not.toBe(b.number);
    expect(await sync(0)).toMatchObject({ pushed: 1, outcomes: { applied: 1 } });
    expect(await sync(1)).toMatchObject({ pushed: 1, outcomes: { applied: 1 } });
    await sync(0);

    const store = await openServerStore(await serverStoreConfig(dataDir));
    try {
      const onServer = await dump(store.db);
      expect(onServer.cases).toHaveLength(2);
      expect(await dump(d0.db)).toEqual(onServer);
      expect(await dump(desks[1]!.desk.db)).toEqual(onServer);
      expect(await verifyCourtAuditChain(store.db, court.courtId)).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/mahkama_sync_mutations_total\{outcome="applied"\} 2/);
  });

  it('refuses a push without a token, with a bad one, or not in the protocol, answering a typed 4xx and applying nothing', async () => {
    const body = { protocol: SYNC_PROTOCOL_VERSION, mutations: [] };
    const post = (headers: Record<string, string>, payload: unknown) =>
      fetch(`${server.url}/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
    const none = await post({}, body);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('NOT_AUTHENTICATED');
    expect((await post({ authorization: 'Bearer a.b.c' }, body)).status).toBe(401);
    const wrong = await post({ authorization: `Bearer ${desks[0]!.token}` }, { protocol: 'one', mutations: [] });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    // A version the server does not serve is told to update (426), not refused as malformed.
    const newer = await post({ authorization: `Bearer ${desks[0]!.token}` }, { protocol: 99, mutations: [] });
    expect(newer.status).toBe(426);
    expect(((await newer.json()) as { error: unknown }).error).toEqual({ code: 'UPDATE_REQUIRED', i18nKey: 'errors.sync.updateRequired', params: { version: 99, oldest: 1, current: 2 } });
    const pull = await fetch(`${server.url}/v1/sync/pull`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${desks[0]!.token}` },
      body: JSON.stringify({ protocol: SYNC_PROTOCOL_VERSION, cursor: { '01900000-0000-7000-8000-00000000c0c0': 0 } }),
    });
    // Another court in the cursor: refused, not filtered.
    expect(pull.status).toBe(403);
    // A cursor or mutation id past what the server's columns hold: a typed 400, never a 500.
    for (const body of [
      { protocol: SYNC_PROTOCOL_VERSION, cursor: { [court.courtId]: 2 ** 31 } },
      { protocol: SYNC_PROTOCOL_VERSION, cursor: { [court.courtId]: Number.MAX_SAFE_INTEGER } },
    ]) {
      const res = await fetch(`${server.url}/v1/sync/pull`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${desks[0]!.token}` }, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
    }
    const tooBig = await post({ authorization: `Bearer ${desks[0]!.token}` }, { protocol: SYNC_PROTOCOL_VERSION, mutations: [{ mutationId: 2 ** 31, name: 'registerCase', args: {}, baseVersions: {}, hlc: '001767600000000-00000-x', at: '2026-01-05T08:00:00.000Z', userId: court.clerk.id, generated: { ids: {}, numbers: [] }, schemaVersion: SYNC_PROTOCOL_VERSION }] });
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { error: { fields: { path: unknown[] }[] } }).error.fields.map((f) => f.path)).toEqual([['body', 'mutations', 0, 'mutationId']]);
  });
});
