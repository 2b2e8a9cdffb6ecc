// A refused mutation does not stay on the desk that made it (issue 8, workstation items 3 and 5),
// with a real server process and two desks on their own files: desk B adjourns a hearing while
// desk A, offline, adjourns the same hearing to another day and then adjourns the hearing that made.
// The server refuses both (the hearing is no longer scheduled; the second one's hearing then does
// not exist); A keeps both refusals with their reasons for the clerk, but the records they changed
// come back to the server's state in A's next pull — the hearing as B adjourned it, the hearings A
// made removed — so the synced tables hash the same on A, B and the server. Both sides' audit
// chains verify, and the sync rewrote nothing of A's chain. A refused record that a mutation made
// during the round touches stays A's own until that mutation is answered, then comes back too.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courtLocalNow, runCommand, verifyAuditChain, verifyCourtAuditChain, type Db } from '../../../src/domain';
import { httpSyncTransport } from '../../../src/main/services/sync/http-transport';
import { syncOnce } from '../../../src/main/services/sync/sync-once';
import { openServerStore } from '../../../src/server/store';
import { canonicalJson } from '../../../src/shared/canonical-json';
import { enrol, freePort, killServer, openEnrolledDesk, prepareServerCourt, signIn, startServer, type EnrolledDesk, type ServerCourt, type ServerProcess } from './http-stage';
import { serverStoreConfig } from '../../helpers/server-database';

/** Every synced table, users without what never leaves the server (the password hash). */
const SYNCED_TABLES = ['courts', 'chambers', 'users', 'cases', 'parties', 'case_parties', 'hearings', 'judgments'] as const;

let dataDir: string;
let server: ServerProcess;
let court: ServerCourt;
const desks: { desk: EnrolledDesk; token: string }[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-refused-'));
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
const clerk = () => ({ userId: court.clerk.id, roles: ['clerk' as const] });
const today = () => courtLocalNow(new Date()).date;

async function tables(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of SYNCED_TABLES) {
    const rows = (await db.selectFrom(t).selectAll().orderBy('id').execute()) as Record<string, unknown>[];
    out[t] = rows.map(({ password_hash: _p, ...r }) => r);
  }
  return out;
}
const hashOf = (t: Record<string, unknown[]>) => Object.fromEntries(Object.entries(t).map(([k, rows]) => [k, createHash('sha256').update(canonicalJson(rows)).digest('hex')]));

async function onServer<T>(read: (db: Db) => Promise<T>): Promise<T> {
  const store = await openServerStore(await serverStoreConfig(dataDir));
  try {
    return await read(store.db);
  } finally {
    await store.close();
  }
}

/** The first day the court sits (a weekday, not a holiday) at least `days` from today. */
async function inFuture(days: number): Promise<string> {
  const holidays = new Set((await desks[0]!.desk.db.selectFrom('holidays').select('date').execute()).map((h) => h.date));
  for (let d = days; ; d++) {
    const day = new Date(Date.parse(`${today()}T12:00:00Z`) + d * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !holidays.has(date)) return date;
  }
}

describe('a refused mutation on a desk', () => {
  it('is kept with its reason, while what it changed comes back to the server state: A, B and the server hash the same', async () => {
    const [a, b] = [desks[0]!.desk, desks[1]!.desk];
    await sync(0);
    await sync(1);
    const chamber = await b.db.selectFrom('chambers').select('id').where('code', '=', 'CIV').executeTakeFirstOrThrow();
    const made = await runCommand(b.db, b.env, clerk(), 'registerCase', {
      chamberId: chamber.id,
      caseTypeId: '01900000-0000-7000-8000-000000001101',
      filedOn: today(),
      subject: 'أداء مبلغ دين',
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' } }, role: 'plaintiff' }],
    });
    await sync(1);
    await sync(0);

    const { hearingId } = await runCommand(b.db, b.env, clerk(), 'scheduleHearing', { caseId: made.caseId, baseVersion: 1, date: await inFuture(3), time: '10:00' });
    await sync(1);
    await sync(0);

    // B adjourns the hearing; A, not yet told, adjourns it to another day, adjourns that one again, and registers a case of its own.
    await runCommand(b.db, b.env, clerk(), 'adjournHearing', { hearingId, baseVersion: 1, reason: 'party_absent', newDate: await inFuture(10), newTime: '10:30' });
    expect(await sync(1)).toMatchObject({ outcomes: { applied: 1 } });
    const first = await runCommand(a.db, a.env, clerk(), 'adjournHearing', { hearingId, baseVersion: 1, reason: 'party_absent', newDate: await inFuture(12), newTime: '09:00' });
    await runCommand(a.db, a.env, clerk(), 'adjournHearing', { hearingId: first.nextHearingId, baseVersion: 1, reason: 'party_absent', newDate: await inFuture(20), newTime: '09:00' });
    const own = await runCommand(a.db, a.env, clerk(), 'registerCase', {
      chamberId: chamber.id,
      caseTypeId: '01900000-0000-7000-8000-000000001101',
      filedOn: today(),
      subject: 'طلب إفراغ',
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'فاطمة الزهراء', nameLatin: 'Fatima Zahra' } }, role: 'plaintiff' }],
    });
    expect(await a.db.selectFrom('hearings').select('id').where('case_id', '=', made.caseId).execute()).toHaveLength(3);
    const chainBefore = await a.db.selectFrom('audit').selectAll().orderBy('seq').execute();

    const round = await sync(0);
    expect(round.outcomes).toEqual({ applied: 1, rejected: 2, conflict: 0 });
    // At least the hearing both adjourned and the two A's adjournments made.
    expect(round.resynced).toBeGreaterThanOrEqual(3);

    // The clerk still sees both refusals, with their reasons.
    const refused = await a.db.selectFrom('push_outcomes').select(['outcome', 'detail']).where('outcome', '!=', 'applied').orderBy('mutation_id').execute();
    expect(refused.map((r) => ({ outcome: r.outcome, reason: (JSON.parse(r.detail) as { error: { code: string; i18nKey: string } }).error.i18nKey }))).toEqual([
      { outcome: 'rejected', reason: 'errors.rule.hearingNotScheduled' },
      { outcome: 'rejected', reason: 'errors.notFound' },
    ]);
    // What they changed is the server's again: the hearing as B adjourned it, A's hearings gone.
    const serverHearings = await onServer((db) => db.selectFrom('hearings').select(['id', 'date', 'status']).where('case_id', '=', made.caseId).orderBy('id').execute());
    expect(serverHearings).toHaveLength(2);
    expect(await a.db.selectFrom('hearings').select(['id', 'date', 'status']).where('case_id', '=', made.caseId).orderBy('id').execute()).toEqual(serverHearings);
    expect(await a.db.selectFrom('resync_records').selectAll().execute()).toEqual([]);
    expect(await a.db.selectFrom('cases').select('id').where('id', '=', own.caseId).execute()).toHaveLength(1);

    await sync(1);
    const server = await onServer(async (db) => {
      expect(await verifyCourtAuditChain(db, court.courtId)).toMatchObject({ ok: true });
      return tables(db);
    });
    const [onA, onB] = [await tables(a.db), await tables(b.db)];
    expect(hashOf(onA)).toEqual(hashOf(server));
    expect(hashOf(onB)).toEqual(hashOf(server));
    expect(onA).toEqual(server);

    // The desks' chains verify, and A's is what it was before the sync: pulled and refetched
    // records are replication, not commands, and nothing of the chain was rewritten.
    expect(await verifyAuditChain(a.db)).toMatchObject({ ok: true });
    expect(await verifyAuditChain(b.db)).toMatchObject({ ok: true });
    expect(await a.db.selectFrom('audit').selectAll().orderBy('seq').execute()).toEqual(chainBefore);

    // A second round changes nothing anywhere.
    expect(await sync(0)).toMatchObject({ pushed: 0, resynced: 0 });
    expect(hashOf(await tables(a.db))).toEqual(hashOf(server));
  });
  it('waits, while a mutation made during the round touches a refused record, and converges once that one is answered', async () => {
    const [a, b] = [desks[0]!.desk, desks[1]!.desk];
    await sync(0);
    await sync(1);
    const kase = await b.db.selectFrom('cases').select(['id', 'version']).where('subject', '=', 'طلب إفراغ').executeTakeFirstOrThrow();
    const { hearingId } = await runCommand(b.db, b.env, clerk(), 'scheduleHearing', { caseId: kase.id, baseVersion: kase.version, date: await inFuture(4), time: '11:00' });
    await sync(1);
    await sync(0);
    await runCommand(b.db, b.env, clerk(), 'adjournHearing', { hearingId, baseVersion: 1, reason: 'party_absent', newDate: await inFuture(15), newTime: '11:00' });
    await sync(1);
    // A's adjournment will be refused; while its round runs, the clerk corrects the same case on A.
    await runCommand(a.db, a.env, clerk(), 'adjournHearing', { hearingId, baseVersion: 1, reason: 'party_absent', newDate: await inFuture(25), newTime: '11:00' });
    const real = httpSyncTransport({ serverUrl: server.url, accessToken: async () => desks[0]!.token });
    let corrected = false;
    const busy = {
      push: real.push,
      pull: async (req: Parameters<typeof real.pull>[0]) => {
        if (!corrected) {
          corrected = true;
          const { version } = await a.db.selectFrom('cases').select('version').where('id', '=', kase.id).executeTakeFirstOrThrow();
          await runCommand(a.db, a.env, clerk(), 'updateCaseParticulars', { caseId: kase.id, baseVersion: version, changes: { subject: 'طلب إفراغ محل تجاري' } });
        }
        return real.pull(req);
      },
    };
    const round = await syncOnce(a.db, busy, { now: () => new Date(), courtId: a.env.courtId, numbering: 'server' });
    expect(round.outcomes).toEqual({ applied: 0, rejected: 1, conflict: 0 });
    // The hearings came back; the case, which the waiting correction touches, is still the desk's own.
    expect(await a.db.selectFrom('resync_records').select('entity_id').execute()).toEqual([{ entity_id: kase.id }]);
    expect(await a.db.selectFrom('cases').select('subject').where('id', '=', kase.id).executeTakeFirstOrThrow()).toEqual({ subject: 'طلب إفراغ محل تجاري' });

    // Next round: the correction is answered (merged: it changes a field no one else did), then the case is asked for again.
    expect(await sync(0)).toMatchObject({ pushed: 1, outcomes: { applied: 1 } });
    expect(await a.db.selectFrom('resync_records').selectAll().execute()).toEqual([]);
    await sync(1);
    const serverTables = await onServer(async (db) => tables(db));
    expect(hashOf(await tables(a.db))).toEqual(hashOf(serverTables));
    expect(hashOf(await tables(b.db))).toEqual(hashOf(serverTables));
    expect(serverTables.cases!.find((c) => (c as { id: string }).id === kase.id)).toMatchObject({ subject: 'طلب إفراغ محل تجاري' });
    expect(await verifyAuditChain(a.db)).toMatchObject({ ok: true });
  });
});
