// A mutation carries what its command drew on its device (ids per kind, case numbers) and the time
// it ran, so its re-run on another store — what the server does with a pushed mutation — creates
// the same rows, judged by the rules of the day it ran, and records both times (issue 8, item 5).
// Store B starts as a copy of desk A right after set-up (same court, same users: set-up and user
// management are not replayed, see ARCHITECTURE §4); A's outbox is then re-run on B.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand, type Actor, type CommandEnv } from '../../../src/domain';
import type { Db } from '../../../src/domain/db-schema';
import type { Role } from '../../../src/shared/enums';
import type { CommandName } from '../../../src/shared/schemas/commands';
import type { MutationOrigin } from '../../../src/shared/schemas/mutation';
import { caseVersion, expectRefusedWithoutWrites, makeEnv, openTestCourt, registerSampleCase, verifyChain, type TestCourt } from '../../helpers/db';
import { openTestStore, type TestStore } from '../../helpers/store';

const SYNCED_TABLES = ['cases', 'parties', 'case_parties', 'hearings', 'judgments', 'judgment_signatures'] as const;

let a: TestCourt;
let b: TestStore;
let bEnv: CommandEnv;
let bNow: Date;
let afterSetup: number;

beforeEach(async () => {
  a = await openTestCourt();
  afterSetup = (await a.db.selectFrom('outbox').select((eb) => eb.fn.max('mutation_id').as('m')).executeTakeFirstOrThrow()).m ?? 0;
  // B is a byte copy of A's file (SQLite's online backup): this file runs on SQLite only.
  const copy = path.join(path.dirname(a.store.file!), 'server-copy.db');
  await a.store.sqliteRaw().backup(copy);
  b = await openTestStore({ file: copy });
  bNow = new Date('2026-01-05T08:00:00.000Z');
  bEnv = { ...makeEnv({ deviceId: 'server-test', deviceTag: 'SRV1', courtId: a.courtId, now: () => bNow }) };
});
afterEach(async () => {
  await b.close();
  await a.close();
});

interface OutboxRow {
  mutation_id: number;
  name: string;
  args: string;
  generated: string | null;
  hlc: string;
  user_id: string;
  created_at: string;
}

async function pendingOf(db: Db, after = afterSetup): Promise<OutboxRow[]> {
  return db.selectFrom('outbox').select(['mutation_id', 'name', 'args', 'generated', 'hlc', 'user_id', 'created_at']).where('mutation_id', '>', after).orderBy('mutation_id').execute();
}

function originOf(row: OutboxRow): MutationOrigin {
  return { deviceId: a.env.deviceId, at: row.created_at, hlc: row.hlc, generated: JSON.parse(row.generated!) as MutationOrigin['generated'] };
}

async function actorOn(db: Db, userId: string): Promise<Actor> {
  const u = await db.selectFrom('users').select('roles').where('id', '=', userId).executeTakeFirstOrThrow();
  return { userId, roles: JSON.parse(u.roles) as Role[] };
}

async function replay(row: OutboxRow, origin: unknown = originOf(row)): Promise<unknown> {
  return runCommand(b.db, bEnv, await actorOn(b.db, row.user_id), row.name as CommandName, JSON.parse(row.args), origin);
}

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of SYNCED_TABLES) out[t] = await db.selectFrom(t).selectAll().orderBy('id').execute();
  return out;
}

/** expectRefusedWithoutWrites wants the store that must stay unchanged. */
const onB = () => ({ store: b });

describe('a mutation re-run on another store', () => {
  it('creates the same rows with the same ids, numbers and HLCs, and both audit chains verify', async () => {
    const first = await registerSampleCase(a);
    const second = await registerSampleCase(a, { subject: 'طلب إفراغ' });
    await runCommand(a.db, a.env, a.clerk, 'addParty', {
      caseId: first.caseId,
      baseVersion: 1,
      entry: { party: { newParty: { kind: 'person', nameAr: 'سعاد بناني', nationalId: 'K99' } }, role: 'plaintiff' },
    });
    const { hearingId } = await runCommand(a.db, a.env, a.clerk, 'scheduleHearing', { caseId: first.caseId, baseVersion: 2, date: '2026-01-06', time: '10:00' });
    await runCommand(a.db, a.env, a.judge, 'adjournHearing', { hearingId, baseVersion: 1, reason: 'party_absent', newDate: '2026-01-20', newTime: '10:30' });

    const rows = await pendingOf(a.db);
    expect(rows.map((r) => r.name)).toEqual(['registerCase', 'registerCase', 'addParty', 'scheduleHearing', 'adjournHearing']);
    // The desk granted itself a bootstrap block for the first registration: its own record, not
    // the mutation's, so the mutation carries the case's id and number but not the block's.
    expect(await a.db.selectFrom('number_blocks').select('id').execute()).toHaveLength(1);
    expect(JSON.parse(rows[0]!.generated!)).toEqual({ ids: { case: [first.caseId], party: expect.any(Array), case_party: expect.any(Array) }, numbers: [first.number] });

    bNow = new Date('2026-01-05T15:00:00.000Z');
    const blocksBefore = await b.db.selectFrom('number_blocks').selectAll().execute();
    for (const row of rows) await replay(row);

    expect(await dump(b.db)).toEqual(await dump(a.db));
    const numbers = await b.db.selectFrom('cases').select(['id', 'number']).orderBy('id').execute();
    expect(numbers).toEqual([
      { id: first.caseId, number: first.number },
      { id: second.caseId, number: second.number },
    ]);
    // The re-run kept the device's numbers and drew none of its own.
    expect(await b.db.selectFrom('number_blocks').selectAll().execute()).toEqual(blocksBefore);

    const entries = await b.db.selectFrom('audit').selectAll().where('command', '!=', 'initializeWorkstation').where('command', '!=', 'createUser').orderBy('seq').execute();
    expect(entries).toHaveLength(rows.length);
    entries.forEach((e, i) => {
      expect(e).toMatchObject({ device_id: a.env.deviceId, hlc: rows[i]!.hlc, wall_time: rows[i]!.created_at, recorded_at: '2026-01-05T15:00:00.000Z' });
    });
    expect(await verifyChain({ db: b.db, store: b })).toEqual({ ok: true, checked: expect.any(Number) });
    expect(await verifyChain(a)).toEqual({ ok: true, checked: expect.any(Number) });
    // What B records of the re-runs carries the same ids on, for whoever syncs from B.
    const drawnOnA = rows.map((r) => JSON.parse(r.generated!) as MutationOrigin['generated']);
    expect((await pendingOf(b.db)).map((r) => JSON.parse(r.generated!))).toEqual(drawnOnA);
  });

  it('is judged by the rules of the day it ran: a hearing set on Friday for Monday morning, pushed on Monday afternoon', async () => {
    const { caseId } = await registerSampleCase(a);
    a.setNow('2026-01-09T09:00:00.000Z'); // Friday 10:00 in Rabat
    await runCommand(a.db, a.env, a.clerk, 'scheduleHearing', { caseId, baseVersion: 1, date: '2026-01-12', time: '09:30' });
    const rows = await pendingOf(a.db);

    bNow = new Date('2026-01-12T14:00:00.000Z'); // Monday 15:00 in Rabat: 09:30 has passed
    await replay(rows[0]!); // the registration
    // The same command run fresh on Monday afternoon is refused as past...
    await expectRefusedWithoutWrites(
      onB(),
      () => runCommand(b.db, bEnv, a.clerk, 'scheduleHearing', { caseId, baseVersion: 1, date: '2026-01-12', time: '09:30' }),
      { code: 'RULE_VIOLATION' },
    );
    // ...but the clerk set it on Friday morning, when it was not.
    await replay(rows[1]!);
    const hearing = await b.db.selectFrom('hearings').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(hearing).toMatchObject({ date: '2026-01-12', time: '09:30', status: 'scheduled' });
    const entry = await b.db.selectFrom('audit').selectAll().where('command', '=', 'scheduleHearing').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ wall_time: '2026-01-09T09:00:00.000Z', recorded_at: '2026-01-12T14:00:00.000Z' });
  });

  it('is refused, with nothing written, when it asks for an id or a number its device did not draw', async () => {
    await registerSampleCase(a);
    const [row] = await pendingOf(a.db);
    const origin = originOf(row!);
    const missingCaseId = { ...origin, generated: { ...origin.generated, ids: { ...origin.generated.ids, case: [] } } };
    await expectRefusedWithoutWrites(onB(), () => replay(row!, missingCaseId), { code: 'MUTATION_MISMATCH', i18nKey: 'errors.sync.mutationMismatch' });
    const fewerParties = { ...origin, generated: { ...origin.generated, ids: { ...origin.generated.ids, party: origin.generated.ids.party!.slice(1) } } };
    await expectRefusedWithoutWrites(onB(), () => replay(row!, fewerParties), { code: 'MUTATION_MISMATCH' });
    for (const number of ['2026/1201/1', '2025/1101/1', '2026/1101/01', 'not a number']) {
      await expectRefusedWithoutWrites(onB(), () => replay(row!, { ...origin, generated: { ...origin.generated, numbers: [number] } }), { code: 'MUTATION_MISMATCH' });
    }
    await expectRefusedWithoutWrites(onB(), () => replay(row!, { ...origin, generated: { ...origin.generated, numbers: [] } }), { code: 'MUTATION_MISMATCH' });
  });

  it('is refused, with nothing written, when its origin is malformed or its clock is more than a day ahead', async () => {
    await registerSampleCase(a);
    const [row] = await pendingOf(a.db);
    const origin = originOf(row!);
    for (const bad of [
      null,
      { ...origin, hlc: 'yesterday' },
      { ...origin, at: '2026-01-05' },
      { ...origin, generated: { ids: { case: ['not-an-id'] }, numbers: [] } },
      { ...origin, generated: { ids: { spaceship: [] }, numbers: [] } },
      { ...origin, extra: 1 },
    ]) {
      await expectRefusedWithoutWrites(onB(), () => replay(row!, bad), { code: 'VALIDATION_FAILED' });
    }
    // The store's HLC clock reads the machine's clock: two days past it is too far ahead.
    const ahead = `${String(Date.now() + 2 * 86_400_000).padStart(15, '0')}-00000-${a.env.deviceId}`;
    await expectRefusedWithoutWrites(onB(), () => replay(row!, { ...origin, hlc: ahead }), { code: 'VALIDATION_FAILED', i18nKey: 'errors.sync.clockAhead' });
    // Its own time two days past the store's clock: tomorrow's rules are not for today.
    await expectRefusedWithoutWrites(onB(), () => replay(row!, { ...origin, at: '2026-01-07T09:00:00.000Z' }), { code: 'VALIDATION_FAILED', i18nKey: 'errors.sync.clockAhead' });
  });

  it('applied twice creates nothing twice: the second run clashes on the ids it carries', async () => {
    await registerSampleCase(a);
    const [row] = await pendingOf(a.db);
    await replay(row!);
    await expectRefusedWithoutWrites(onB(), () => replay(row!), { code: 'CONFLICT' });
    expect(await b.db.selectFrom('cases').select('id').execute()).toHaveLength(1);
  });

  it('keeps a party in its court: a party of another court is not found, and every party has its court', async () => {
    const { caseId } = await registerSampleCase(a);
    const parties = await a.db.selectFrom('parties').select(['id', 'court_id']).execute();
    expect(parties.every((p) => p.court_id === a.courtId)).toBe(true);
    // A raw write without a court is refused by the store itself.
    await expect(a.store.run("INSERT INTO parties (id, kind, name_ar, search_text, version, updated_hlc) VALUES ('x', 'person', 'س', 's', 1, 'h')")).rejects.toThrow(
      /court_id is required|null value in column "court_id"/,
    );
    await a.store.run("INSERT INTO courts (id, code, name_ar, name_fr, version, updated_hlc) VALUES ('01900000-0000-7000-8000-00000000c0c0', 'OTHER', 'محكمة أخرى', 'Autre tribunal', 1, 'h')");
    await a.store.run('UPDATE parties SET court_id = ? WHERE id = ?', ['01900000-0000-7000-8000-00000000c0c0', parties[0]!.id]);
    const baseVersion = await caseVersion(a, caseId);
    await expectRefusedWithoutWrites(
      a,
      () =>
        runCommand(a.db, a.env, a.clerk, 'addParty', {
          caseId,
          baseVersion,
          entry: { party: { existingPartyId: parties[0]!.id }, role: 'defendant' },
        }),
      { code: 'NOT_FOUND' },
    );
  });

  it('replays a judgment signed by the judge and countersigned: same signatures, same lock, and a signature replayed twice clashes', async () => {
    const { caseId } = await registerSampleCase(a);
    const { hearingId } = await runCommand(a.db, a.env, a.clerk, 'scheduleHearing', { caseId, baseVersion: 1, date: '2026-01-06', time: '10:00' });
    a.setNow('2026-01-06T11:00:00.000Z');
    const { judgmentId } = await runCommand(a.db, a.env, a.judge, 'recordJudgment', { caseId, baseVersion: await caseVersion(a, caseId), hearingId, pronouncedOn: '2026-01-06', operativePart: 'حكمت المحكمة برفض الطلب.' });
    const hex = (c: string) => c.repeat(64);
    const certificate = { subject: 'CN=Samira Juge, C=MA', issuer: 'CN=Mahkama Test Signing CA', serialNumber: '0a', sha256: hex('c') };
    await runCommand(a.db, a.env, a.judge, 'signJudgment', { judgmentId, baseVersion: 1, step: 'judge', file: { sha256: hex('b'), size: 900 }, signedOverSha256: hex('a'), certificate, signedAt: '2026-01-06T11:00:00.000Z' });
    await runCommand(a.db, a.env, a.clerk, 'signJudgment', { judgmentId, baseVersion: 2, step: 'clerk', file: { sha256: hex('d'), size: 950 }, signedOverSha256: hex('b'), certificate, signedAt: '2026-01-06T11:05:00.000Z' });
    const rows = await pendingOf(a.db);
    expect(rows.map((r) => r.name)).toEqual(['registerCase', 'scheduleHearing', 'recordJudgment', 'signJudgment', 'signJudgment']);

    bNow = new Date('2026-01-07T09:00:00.000Z');
    for (const row of rows) await replay(row);
    expect(await dump(b.db)).toEqual(await dump(a.db));
    expect(await b.db.selectFrom('judgments').select('locked_at').where('id', '=', judgmentId).executeTakeFirstOrThrow()).toEqual({ locked_at: '2026-01-06T11:00:00.000Z' });
    // The countersignature pushed again (its ids already there) is refused; nothing written.
    await expectRefusedWithoutWrites(onB(), () => replay(rows[4]!), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentLocked' });
    expect(await verifyChain({ db: b.db, store: b })).toEqual({ ok: true, checked: expect.any(Number) });
  });
});
