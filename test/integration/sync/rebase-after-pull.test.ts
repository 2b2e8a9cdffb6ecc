// Pending mutations stay the desk's truth across a pull and a restart (issue 8, workstation item 3),
// with a real server process and two desks on their own files. Desk A, out of serials, registers a
// case under a provisional number and syncs; while the push is answered, the clerk schedules a
// hearing on that case — so the pull brings the case with its final number while a mutation that
// touched it still waits. The desk keeps showing its own version (provisional number, the hearing),
// holds the server's back without losing it, and is then restarted (its file closed and opened
// again) between that pull and its next push. The next round pushes the hearing, and the case comes
// back with its final number and the provisional one beside it; both desks and the server end equal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courtLocalNow, runCommand, verifyAuditChain, verifyCourtAuditChain, type Db } from '../../../src/domain';
import { httpSyncTransport } from '../../../src/main/services/sync/http-transport';
import { syncOnce } from '../../../src/main/services/sync/sync-once';
import type { SyncTransport } from '../../../src/main/services/sync/sync-transport';
import { openServerStore } from '../../../src/server/store';
import type { EnrolResponse } from '../../../src/shared/schemas/server-auth';
import { enrol, freePort, killServer, openEnrolledDesk, prepareServerCourt, signIn, startServer, type EnrolledDesk, type ServerCourt, type ServerProcess } from './http-stage';
import { serverStoreConfig } from '../../helpers/server-database';

const SYNCED_TABLES = ['courts', 'chambers', 'cases', 'parties', 'case_parties', 'hearings', 'judgments'] as const;

let dataDir: string;
let server: ServerProcess;
let court: ServerCourt;
const desks: { desk: EnrolledDesk; token: string; enrolled: EnrolResponse }[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-rebase-'));
  court = await prepareServerCourt(dataDir, 2);
  server = await startServer(dataDir, await freePort());
  for (const [i, code] of court.codes.entries()) {
    const enrolled = await enrol(server.url, code, `greffe-${i}`);
    desks.push({ desk: await openEnrolledDesk(enrolled), token: await signIn(server.url, court.clerk.username, enrolled), enrolled });
  }
}, 120_000);

afterAll(async () => {
  for (const d of desks) await d.desk.opened.close();
  if (server) await killServer(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const transportOf = (i: number): SyncTransport => httpSyncTransport({ serverUrl: server.url, accessToken: async () => desks[i]!.token });
const sync = (i: number, transport = transportOf(i)) => {
  const { desk } = desks[i]!;
  return syncOnce(desk.db, transport, { now: () => new Date(), courtId: desk.env.courtId, numbering: 'server' });
};
const clerk = () => ({ userId: court.clerk.id, roles: ['clerk' as const] });
const today = () => courtLocalNow(new Date()).date;

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of SYNCED_TABLES) out[t] = await db.selectFrom(t).selectAll().orderBy('id').execute();
  return out;
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

describe('pending mutations after a pull', () => {
  it('stay the local truth, survive a restart between the pull and the next push, and end with the server\'s final number', async () => {
    await sync(0);
    await sync(1);
    const a = desks[0]!.desk;
    // Desk A has used every serial it was granted: its next registration is provisional.
    a.opened.raw.prepare('UPDATE number_blocks SET next_serial = last_serial + 1').run();
    const chamber = await a.db.selectFrom('chambers').select('id').where('code', '=', 'CIV').executeTakeFirstOrThrow();
    const made = await runCommand(a.db, a.env, clerk(), 'registerCase', {
      chamberId: chamber.id,
      caseTypeId: '01900000-0000-7000-8000-000000001101',
      filedOn: today(),
      subject: 'أداء مبلغ دين',
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' } }, role: 'plaintiff' }],
    });
    expect(made.provisional).toBe(true);
    const hearingDate = await inFuture(3);

    // The clerk schedules a hearing on the case while the round is between its push and its pull.
    const real = transportOf(0);
    let hearingId = '';
    const busy: SyncTransport = {
      push: (req) => real.push(req),
      pull: async (req) => {
        if (hearingId === '') {
          const { version } = await a.db.selectFrom('cases').select('version').where('id', '=', made.caseId).executeTakeFirstOrThrow();
          ({ hearingId } = await runCommand(a.db, a.env, clerk(), 'scheduleHearing', { caseId: made.caseId, baseVersion: version, date: hearingDate, time: '10:00' }));
        }
        return real.pull(req);
      },
    };
    const round = await sync(0, busy);
    expect(round).toMatchObject({ pushed: 1, outcomes: { applied: 1 } });
    expect(round.heldBack).toBeGreaterThanOrEqual(1);
    const final = await onServerCase(made.caseId);
    expect(final).toMatchObject({ provisional_number: made.number });
    expect(final.number).not.toBe(made.number);
    // What the clerk sees is still the desk's own: its number, its hearing.
    expect(await a.db.selectFrom('cases').select(['number', 'next_hearing_date']).where('id', '=', made.caseId).executeTakeFirstOrThrow()).toEqual({ number: made.number, next_hearing_date: hearingDate });
    expect(await a.db.selectFrom('resync_records').select('entity_id').execute()).toEqual([{ entity_id: made.caseId }]);

    // Restart between the pull and the next push.
    await a.opened.close();
    desks[0]!.desk = await openEnrolledDesk(desks[0]!.enrolled, a.file);
    const restarted = desks[0]!.desk;
    expect(await restarted.db.selectFrom('outbox').select('name').where('status', '=', 'pending').execute()).toEqual([{ name: 'scheduleHearing' }]);

    expect(await sync(0)).toMatchObject({ pushed: 1, outcomes: { applied: 1, rejected: 0, conflict: 0 } });
    expect(await restarted.db.selectFrom('cases').select(['number', 'provisional_number', 'next_hearing_date']).where('id', '=', made.caseId).executeTakeFirstOrThrow()).toEqual({
      number: final.number,
      provisional_number: made.number,
      next_hearing_date: hearingDate,
    });
    expect(await restarted.db.selectFrom('hearings').select('id').where('case_id', '=', made.caseId).execute()).toEqual([{ id: hearingId }]);
    expect(await restarted.db.selectFrom('resync_records').selectAll().execute()).toEqual([]);

    await sync(1);
    await sync(0);
    const store = await openServerStore(await serverStoreConfig(dataDir));
    try {
      const onServer = await dump(store.db);
      for (const { desk } of desks) {
        expect(await dump(desk.db)).toEqual(onServer);
        expect(await verifyAuditChain(desk.db)).toMatchObject({ ok: true });
      }
      expect(await verifyCourtAuditChain(store.db, court.courtId)).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  });
});

async function onServerCase(caseId: string) {
  const store = await openServerStore(await serverStoreConfig(dataDir));
  try {
    return await store.db.selectFrom('cases').select(['number', 'provisional_number']).where('id', '=', caseId).executeTakeFirstOrThrow();
  } finally {
    await store.close();
  }
}

