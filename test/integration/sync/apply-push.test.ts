// The server's side of push (ARCHITECTURE §4), on SQLite and on PostgreSQL: desks A and C (SQLite
// copies of one desk right after set-up) work offline and push their outboxes to the server store
// S, which holds the same court and users as the admin CLI makes them there (server-beside-desk.ts). Each mutation is re-run
// through the domain with its origin, recorded in the court's chain and change log with its
// outcome; a push seen again is answered from the record; edits of different fields merge, edits
// of the same field are a conflict with base / mine / theirs, nothing of it applied.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { courtJournal, runCommand, verifyCourtAuditChain, type CommandEnv, type Db } from '../../../src/domain';
import { pendingMutations } from '../../../src/main/services/sync/outbox-mutations';
import { applyPush, type PushTarget } from '../../../src/server/sync/apply-push';
import { HlcClock } from '../../../src/shared/hlc';
import type { PushedMutation } from '../../../src/shared/schemas/sync';
import { makeEnv, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';
import type { TestStore } from '../../helpers/store';
import { deskCopy, serverStoreBeside } from './server-beside-desk';

const SYNCED_TABLES = ['cases', 'parties', 'case_parties', 'hearings', 'judgments'] as const;

let a: TestCourt;
let c: { store: TestStore; env: CommandEnv };
let s: TestStore;
let server: PushTarget;
let serverFor: (deviceId: string) => PushTarget;
let now: Date;

beforeEach(async () => {
  // The desks are SQLite files; the server runs on this run's engine.
  a = await openTestCourt({ engine: 'sqlite' });
  now = new Date('2026-01-05T15:00:00.000Z');
  s = await serverStoreBeside(a);
  const cStore = await deskCopy(a, 'desk-c.db');
  c = { store: cStore, env: makeEnv({ deviceId: 'device-test-2', deviceTag: 'TEST02', courtId: a.courtId }) };
  const serverEnv: CommandEnv = { ...makeEnv({ deviceId: 'server', deviceTag: 'SERVER', courtId: a.courtId, numbering: 'server', now: () => now }), clock: new HlcClock('server'), journal: courtJournal() };
  serverFor = (deviceId) => ({ db: s.db, env: serverEnv, deviceId });
  server = serverFor(a.env.deviceId);
});
afterEach(async () => {
  await s.close();
  await c.store.close();
  await a.close();
});

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of SYNCED_TABLES) out[t] = await db.selectFrom(t).selectAll().orderBy('id').execute();
  return out;
}

const pushA = async (after?: number) => applyPush(server, await pendingMutations(a.db, { after, limit: 500 }));
const lastOf = (outcomes: readonly { mutationId: number }[]) => Math.max(...outcomes.map((o) => o.mutationId));

/** What a pull will do for C: the case A registered, with A's ids (here by re-running A's mutation on C). */
async function giveCTheCasesOfA(): Promise<number> {
  for (const m of await pendingMutations(a.db, { limit: 500 })) {
    if (m.name !== 'registerCase') continue;
    await runCommand(c.store.db, c.env, { userId: m.userId, roles: ['clerk'] }, m.name, m.args, { deviceId: a.env.deviceId, at: m.at, hlc: m.hlc, generated: m.generated });
  }
  const top = await c.store.db.selectFrom('outbox').select((eb) => eb.fn.max('mutation_id').as('m')).executeTakeFirstOrThrow();
  return top.m ?? 0;
}

describe('push: the server re-runs each mutation with its origin', () => {
  it('applies a desk\'s day in order: the same rows as on the desk, one chain and change log per court', async () => {
    const first = await registerSampleCase(a);
    await registerSampleCase(a, { subject: 'طلب إفراغ' });
    const { hearingId } = await runCommand(a.db, a.env, a.clerk, 'scheduleHearing', { caseId: first.caseId, baseVersion: 1, date: '2026-01-06', time: '10:00' });
    await runCommand(a.db, a.env, a.judge, 'adjournHearing', { hearingId, baseVersion: 1, reason: 'party_absent', newDate: '2026-01-20', newTime: '10:30' });

    const pushed = await pendingMutations(a.db, { limit: 500 });
    // The desk's set-up and users stay on the desk.
    expect(pushed.map((m) => m.name)).toEqual(['registerCase', 'registerCase', 'scheduleHearing', 'adjournHearing']);
    const outcomes = await applyPush(server, pushed);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(outcomes[0]).toMatchObject({ mutationId: pushed[0]!.mutationId, result: { caseId: first.caseId, number: first.number } });
    expect(await dump(s.db)).toEqual(await dump(a.db));

    expect(await verifyCourtAuditChain(s.db, a.courtId)).toEqual({ ok: true, checked: 4 });
    const log = await s.db.selectFrom('change_log').select(['seq', 'entity', 'entity_id', 'version', 'device_id', 'row']).where('court_id', '=', a.courtId).orderBy('seq').execute();
    expect(log.map((r) => r.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.every((r) => r.device_id === a.env.deviceId)).toBe(true);
    // The last change of each record is the record as it stands.
    const lastCase = log.filter((r) => r.entity_id === first.caseId).at(-1)!;
    expect(JSON.parse(lastCase.row)).toEqual(await s.db.selectFrom('cases').selectAll().where('id', '=', first.caseId).executeTakeFirstOrThrow());
    expect(log.some((r) => r.row.includes('password_hash'))).toBe(false);
  });

  it('answers a push seen before from the record, writing nothing, even when it is pushed twice at once', async () => {
    await registerSampleCase(a);
    const first = await pushA();
    const counts = await s.tableCounts();
    const fingerprint = await s.fingerprint();
    expect(await pushA()).toEqual(first);
    expect(await s.tableCounts()).toEqual(counts);
    expect(await s.fingerprint()).toBe(fingerprint);

    await registerSampleCase(a, { subject: 'طلب إفراغ' });
    const after = Math.max(...first.map((o) => o.mutationId));
    const [x, y] = await Promise.all([pushA(after), pushA(after)]);
    expect(x).toEqual(y);
    expect(x.map((o) => o.outcome)).toEqual(['applied']);
    expect(await s.db.selectFrom('cases').select('id').execute()).toHaveLength(2);
    expect(await verifyCourtAuditChain(s.db, a.courtId)).toMatchObject({ ok: true, checked: 2 });
  });

  it('merges edits of different fields made offline on two desks', async () => {
    const { caseId } = await registerSampleCase(a);
    const cAfter = await giveCTheCasesOfA();
    const pushed = await pushA();
    // A corrects the subject; C, offline, adds a party to the same version of the case.
    await runCommand(a.db, a.env, a.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'أداء دين تجاري' } });
    await runCommand(c.store.db, c.env, a.clerk, 'addParty', { caseId, baseVersion: 1, entry: { party: { newParty: { kind: 'person', nameAr: 'سعاد بناني' } }, role: 'plaintiff' } });

    expect((await pushA(lastOf(pushed))).map((o) => o.outcome)).toEqual(['applied']);
    const fromC = await applyPush(serverFor(c.env.deviceId), await pendingMutations(c.store.db, { after: cAfter, limit: 500 }));
    expect(fromC.map((o) => o.outcome)).toEqual(['applied']);
    const kase = await s.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ subject: 'أداء دين تجاري', version: 3 });
    const names = await s.db.selectFrom('case_parties as cp').innerJoin('parties as p', 'p.id', 'cp.party_id').select('p.name_ar').where('cp.case_id', '=', caseId).execute();
    expect(names.map((n) => n.name_ar)).toContain('سعاد بناني');
    expect(await verifyCourtAuditChain(s.db, a.courtId)).toMatchObject({ ok: true, checked: 3 });
  });

  it('keeps a conflict — base, mine and theirs — when two desks change the same field, and applies nothing of it', async () => {
    const { caseId } = await registerSampleCase(a);
    const cAfter = await giveCTheCasesOfA();
    await pushA();
    await runCommand(a.db, a.env, a.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'أداء دين تجاري' } });
    await runCommand(c.store.db, c.env, a.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'تعويض عن ضرر', filedOn: '2026-01-02' } });
    await pushA(1);
    const cPush = await pendingMutations(c.store.db, { after: cAfter, limit: 500 });
    const before = { counts: await s.tableCounts() };

    const [outcome] = await applyPush(serverFor(c.env.deviceId), cPush);
    expect(outcome).toMatchObject({
      outcome: 'conflict',
      conflict: { entity: 'case', entityId: caseId, baseVersion: 1, serverVersion: 2, fields: [{ field: 'subject', base: 'أداء مبلغ دين', mine: 'تعويض عن ضرر', theirs: 'أداء دين تجاري' }] },
    });
    // Nothing of it applied: not even the filing date, which nobody else changed.
    expect(await s.db.selectFrom('cases').select(['subject', 'filed_on', 'version']).where('id', '=', caseId).executeTakeFirstOrThrow()).toEqual({ subject: 'أداء دين تجاري', filed_on: '2026-01-05', version: 2 });
    const counts = await s.tableCounts();
    expect(counts.cases).toBe(before.counts.cases);
    expect(counts.court_audit).toBe(before.counts.court_audit);
    expect(counts.conflicts).toBe(1);
    expect(await s.db.selectFrom('conflicts').select(['status', 'entity_id', 'device_id']).executeTakeFirstOrThrow()).toEqual({ status: 'open', entity_id: caseId, device_id: c.env.deviceId });
    // Pushed again: the same conflict, not a second one.
    expect(await applyPush(serverFor(c.env.deviceId), cPush)).toEqual([outcome]);
    expect((await s.tableCounts()).conflicts).toBe(1);
  });

  it('settles a push in its order: a mutation that needs what an earlier, merged one made is applied after it', async () => {
    const { caseId } = await registerSampleCase(a);
    const cAfter = await giveCTheCasesOfA();
    const pushed = await pushA();
    await runCommand(a.db, a.env, a.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'أداء دين تجاري' } });
    await pushA(lastOf(pushed));
    // Offline on C: a party added to the case as C knew it (version 1), then removed again.
    const added = await runCommand(c.store.db, c.env, a.clerk, 'addParty', { caseId, baseVersion: 1, entry: { party: { newParty: { kind: 'person', nameAr: 'سعاد بناني' } }, role: 'plaintiff' } });
    const link = await c.store.db.selectFrom('case_parties').select('id').where('case_id', '=', caseId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    await runCommand(c.store.db, c.env, a.clerk, 'removeParty', { caseId, baseVersion: added.version, casePartyId: link.id, reason: 'entered_in_error' });
    const outcomes = await applyPush(serverFor(c.env.deviceId), await pendingMutations(c.store.db, { after: cAfter, limit: 500 }));
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied']);
    const removed = await s.db.selectFrom('case_parties').select(['removed_at', 'removal_reason']).where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(removed).toMatchObject({ removal_reason: 'entered_in_error' });
    expect(removed.removed_at).not.toBeNull();
    expect(await s.db.selectFrom('cases').select('subject').where('id', '=', caseId).executeTakeFirstOrThrow()).toEqual({ subject: 'أداء دين تجاري' });
  });

  it('merges when both desks set the same field to the same value', async () => {
    const { caseId } = await registerSampleCase(a);
    const cAfter = await giveCTheCasesOfA();
    await pushA();
    await runCommand(a.db, a.env, a.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'أداء دين تجاري' } });
    await runCommand(c.store.db, c.env, a.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'أداء دين تجاري', filedOn: '2026-01-02' } });
    await pushA(1);
    const [outcome] = await applyPush(serverFor(c.env.deviceId), await pendingMutations(c.store.db, { after: cAfter, limit: 500 }));
    expect(outcome).toMatchObject({ outcome: 'applied' });
    expect(await s.db.selectFrom('cases').select(['subject', 'filed_on']).where('id', '=', caseId).executeTakeFirstOrThrow()).toEqual({ subject: 'أداء دين تجاري', filed_on: '2026-01-02' });
  });

  it('rejects, with the reason and nothing applied, what a rule refuses: an author since deactivated, a case the server never saw', async () => {
    await registerSampleCase(a);
    await s.run('UPDATE users SET active = 0 WHERE id = ?', [a.clerk.userId]);
    const [refused] = await pushA();
    expect(refused).toMatchObject({ outcome: 'rejected', error: { code: 'FORBIDDEN', i18nKey: 'errors.forbidden' } });
    expect(await s.db.selectFrom('cases').select('id').execute()).toHaveLength(0);
    // Recorded: the same answer again, and the desk sees it until a person deals with it.
    expect(await pushA()).toEqual([refused]);

    const ghost: PushedMutation = {
      mutationId: 99,
      name: 'scheduleHearing',
      args: { caseId: '01900000-0000-7000-8000-0000000000ff', baseVersion: 1, date: '2026-01-06', time: '10:00' },
      baseVersions: { '01900000-0000-7000-8000-0000000000ff': 1 },
      hlc: a.env.clock.tick(),
      at: '2026-01-05T09:00:00.000Z',
      userId: a.chiefClerk.userId,
      generated: { ids: { hearing: ['01900000-0000-7000-8000-0000000000fe'] }, numbers: [] },
    };
    expect(await applyPush(server, [ghost])).toMatchObject([{ outcome: 'rejected', error: { code: 'NOT_FOUND' } }]);
  });

  it('fails the push, recording nothing, on a fault of its own, so the desk pushes again later', async () => {
    await registerSampleCase(a);
    const pushed = await pendingMutations(a.db, { limit: 500 });
    const broken: PushTarget = { ...server, env: { ...server.env, beforeWrite: async () => Promise.reject(new Error('disk gone')) } };
    await expect(applyPush(broken, pushed)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect((await s.tableCounts()).mutations).toBe(0);
    expect((await applyPush(server, pushed)).map((o) => o.outcome)).toEqual(['applied']);
  });
});
