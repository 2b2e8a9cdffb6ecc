// Version skew with real processes and files (issue 8, workstation item 4): a desk one release
// behind — the previous release's sync client, frozen in ./v1-desk, speaking protocol 1 — against
// this release's server process. Served: its pushes are applied and its pulls answered in its own
// (strict) shape, and it converges with a desk of this release. Not served (the server started with
// MAHKAMA_SERVER_SYNC_OLDEST_PROTOCOL=2): the server answers 426 UPDATE_REQUIRED, nothing is
// applied and nothing leaves the desk's outbox; once the desk is updated (this release's client on
// the same file) the same queue goes through. A desk of this release pauses, dropping nothing,
// when the server answers in a version newer than its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courtLocalNow, runCommand, verifyAuditChain, verifyCourtAuditChain, type Db } from '../../../src/domain';
import { httpSyncTransport } from '../../../src/main/services/sync/http-transport';
import { syncOnce } from '../../../src/main/services/sync/sync-once';
import type { SyncTransport } from '../../../src/main/services/sync/sync-transport';
import { openServerStore } from '../../../src/server/store';
import { AppError } from '../../../src/shared/errors';
import { httpSyncTransport as httpSyncTransportV1 } from './v1-desk/http-transport';
import { syncOnce as syncOnceV1 } from './v1-desk/sync-once';
import { enrol, freePort, killServer, openEnrolledDesk, prepareServerCourt, signIn, startServer, type EnrolledDesk, type ServerCourt, type ServerProcess } from './http-stage';
import { serverStoreConfig } from '../../helpers/server-database';

const SYNCED_TABLES = ['courts', 'chambers', 'cases', 'parties', 'case_parties', 'hearings', 'judgments'] as const;

let dataDir: string;
let port: number;
let server: ServerProcess;
let court: ServerCourt;
/** 0: the desk one release behind (until it is updated); 1: a desk of this release. */
const desks: { desk: EnrolledDesk; token: string }[] = [];
let deskZeroUpdated = false;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-skew-'));
  court = await prepareServerCourt(dataDir, 2);
  port = await freePort();
  server = await startServer(dataDir, port);
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

const opts = (d: EnrolledDesk) => ({ now: () => new Date(), courtId: d.env.courtId, numbering: 'server' as const });
const transportOf = (i: number): SyncTransport => httpSyncTransport({ serverUrl: server.url, accessToken: async () => desks[i]!.token });
/** The desk one release behind syncs with its own (frozen) client. */
const syncOld = () => syncOnceV1(desks[0]!.desk.db, httpSyncTransportV1({ serverUrl: server.url, accessToken: async () => desks[0]!.token }), opts(desks[0]!.desk));
const syncNew = (i: number, transport = transportOf(i)) => syncOnce(desks[i]!.desk.db, transport, opts(desks[i]!.desk));

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of SYNCED_TABLES) out[t] = await db.selectFrom(t).selectAll().orderBy('id').execute();
  return out;
}

async function onServer<T>(read: (db: Db) => Promise<T>): Promise<T> {
  // The server process holds the SQLite file in WAL mode: a reader beside it sees what it committed.
  const store = await openServerStore(await serverStoreConfig(dataDir));
  try {
    return await read(store.db);
  } finally {
    await store.close();
  }
}

async function register(i: number, subject: string) {
  const { desk } = desks[i]!;
  const chamber = await desk.db.selectFrom('chambers').select('id').where('code', '=', 'CIV').executeTakeFirstOrThrow();
  const made = await runCommand(desk.db, desk.env, { userId: court.clerk.id, roles: ['clerk'] }, 'registerCase', {
    chamberId: chamber.id,
    caseTypeId: '01900000-0000-7000-8000-000000001101',
    filedOn: courtLocalNow(new Date()).date,
    subject,
    parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' } }, role: 'plaintiff' }],
  });
  // The desk one release behind recorded its mutations under version 1 (what migration 0016 makes of them).
  if (i === 0 && !deskZeroUpdated) desk.opened.raw.prepare('UPDATE outbox SET schema_version = 1').run();
  return made;
}

const outboxOf = (i: number) => desks[i]!.desk.db.selectFrom('outbox').select(['mutation_id', 'status', 'args']).orderBy('mutation_id').execute();

async function expectConverged(): Promise<void> {
  const s = await onServer(async (db) => {
    expect(await verifyCourtAuditChain(db, court.courtId)).toMatchObject({ ok: true });
    return dump(db);
  });
  for (const { desk } of desks) {
    expect(await dump(desk.db)).toEqual(s);
    expect(await verifyAuditChain(desk.db)).toMatchObject({ ok: true });
  }
}

describe('a desk one release behind against this release\'s server', () => {
  it('is served: its pushes are applied, its pulls answered in its own shape, and it converges with a desk of this release', async () => {
    // The v1 client parses every answer with its strict v1 schemas: a field it does not know would fail it.
    expect(await syncOld()).toMatchObject({ pushed: 0 });
    expect(await syncNew(1)).toMatchObject({ pushed: 0 });
    const old = await register(0, 'أداء مبلغ دين');
    const fresh = await register(1, 'طلب إفراغ');
    expect(await syncOld()).toMatchObject({ pushed: 1, outcomes: { applied: 1, rejected: 0, conflict: 0 } });
    expect(await syncNew(1)).toMatchObject({ pushed: 1, outcomes: { applied: 1, rejected: 0, conflict: 0 } });
    await syncOld();
    // The old desk corrects the new desk's case, and the other way round: both merge on the server.
    const theirs = await desks[0]!.desk.db.selectFrom('cases').select('version').where('id', '=', fresh.caseId).executeTakeFirstOrThrow();
    await runCommand(desks[0]!.desk.db, desks[0]!.desk.env, { userId: court.clerk.id, roles: ['clerk'] }, 'updateCaseParticulars', {
      caseId: fresh.caseId,
      baseVersion: theirs.version,
      changes: { subject: 'طلب إفراغ محل سكني' },
    });
    desks[0]!.desk.opened.raw.prepare('UPDATE outbox SET schema_version = 1').run();
    expect(await syncOld()).toMatchObject({ pushed: 1, outcomes: { applied: 1 } });
    await syncNew(1);
    await syncOld();
    await expectConverged();
    expect(await onServer((db) => db.selectFrom('cases').select(['id', 'subject']).orderBy('id').execute())).toEqual(
      [
        { id: old.caseId, subject: 'أداء مبلغ دين' },
        { id: fresh.caseId, subject: 'طلب إفراغ محل سكني' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('is told to update by a server that no longer serves it: nothing applied, nothing dropped, and the same queue goes through once updated', async () => {
    await killServer(server);
    server = await startServer(dataDir, port, { MAHKAMA_SERVER_SYNC_OLDEST_PROTOCOL: '2' });
    const a = await register(0, 'نفقة');
    await register(0, 'حضانة');
    const queued = await outboxOf(0);
    const casesBefore = await onServer((db) => db.selectFrom('cases').select('id').execute());

    // The server's answer, as any client sees it: 426 with a typed error naming the versions.
    const res = await fetch(`${server.url}/v1/sync/pull`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${desks[0]!.token}` },
      body: JSON.stringify({ protocol: 1, cursor: {} }),
    });
    expect(res.status).toBe(426);
    expect(await res.json()).toEqual({ error: { code: 'UPDATE_REQUIRED', i18nKey: 'errors.sync.updateRequired', params: { version: 1, oldest: 2, current: 2 } } });

    // The old desk does not know that code: to it the server did not answer — offline, try later.
    const refused = await syncOld().then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', params: { status: 426 } });
    expect(await outboxOf(0)).toEqual(queued);
    expect(queued.filter((r) => r.status === 'pending')).toHaveLength(2);
    expect(await desks[0]!.desk.db.selectFrom('push_outcomes').select('mutation_id').where('mutation_id', 'in', queued.map((r) => r.mutation_id)).execute()).toHaveLength(queued.length - 2);
    expect(await onServer((db) => db.selectFrom('cases').select('id').execute())).toEqual(casesBefore);

    // Updated: this release's client on the same file pushes the same queue (its version-1 rows brought up first).
    deskZeroUpdated = true;
    const round = await syncNew(0);
    expect(round.updateRequired).toBeUndefined();
    expect(round).toMatchObject({ pushed: 2, outcomes: { applied: 2, rejected: 0, conflict: 0 } });
    expect((await outboxOf(0)).every((r) => r.status === 'pushed')).toBe(true);
    expect(await onServer((db) => db.selectFrom('cases').select('id').where('id', '=', a.caseId).execute())).toHaveLength(1);
    await syncNew(1);
    await syncNew(0);
    await expectConverged();
  });

  it('a desk of this release pauses, dropping nothing, when the server speaks a newer version', async () => {
    const made = await register(1, 'قسمة تركة');
    await syncNew(0);
    const cursorBefore = await desks[0]!.desk.db.selectFrom('pull_cursors').selectAll().execute();
    const before = await dump(desks[0]!.desk.db);
    // The real server's answers, as a server of the next release would write them.
    const real = transportOf(0);
    const newer: SyncTransport = {
      push: (req) => real.push(req),
      pull: async (req) => {
        const page = await real.pull(req);
        return { ...page, changes: page.changes.map((c) => ({ ...c, schemaVersion: 3 })) };
      },
    };
    // Desk 1 pushes its registration; desk 0's pull of it comes back in version 3.
    await syncNew(1);
    const paused = await syncNew(0, newer);
    expect(paused.updateRequired).toEqual({ version: 2, oldest: 3, current: 3, update: 'desk' });
    expect(paused.applied).toBe(0);
    expect(await dump(desks[0]!.desk.db)).toEqual(before);
    expect(await desks[0]!.desk.db.selectFrom('pull_cursors').selectAll().execute()).toEqual(cursorBefore);

    // A push refused with UPDATE_REQUIRED (a server of the next release that dropped version 2) pauses too: the queue stays.
    await register(0, 'تعويض');
    const queued = await outboxOf(0);
    const refusing: SyncTransport = {
      push: async () => {
        throw new AppError('UPDATE_REQUIRED', 'errors.sync.updateRequired', { params: { version: 2, oldest: 3, current: 3 } });
      },
      pull: (req) => real.pull(req),
    };
    expect((await syncNew(0, refusing)).updateRequired).toEqual({ version: 2, oldest: 3, current: 3, update: 'desk' });
    expect(await outboxOf(0)).toEqual(queued);

    // Back on a server that serves it: everything goes through and the desks converge.
    expect(await syncNew(0)).toMatchObject({ pushed: 1, outcomes: { applied: 1 } });
    await syncNew(1);
    await syncNew(0);
    expect(await desks[0]!.desk.db.selectFrom('cases').select('id').where('id', '=', made.caseId).execute()).toHaveLength(1);
    await expectConverged();
  });
});
