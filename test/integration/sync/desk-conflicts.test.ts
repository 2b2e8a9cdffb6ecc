// Two desks of one court, each on its own SQLite file and its own service (what the conflicts
// screen calls), against a real server process: the same field of one case edited on both → the
// desk that pushed second sees the conflict (base / mine / theirs) through sync.status and
// sync.problems; a bad answer is refused with nothing written; the clerk's answer is a new command
// (resolveConflict) that settles it on the desk, is pushed, closes the server's conflict row, and
// every copy converges. A rejection is listed with its reason and, put aside, still kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../../src/main/services/app-service';
import { runAdminCommand } from '../../../src/server/cli';
import { openServerStore } from '../../../src/server/store';
import { openConflicts } from '../../../src/server/reports/operator-reports';
import type { SyncStatus } from '../../../src/shared/schemas/desk-sync';
import { testConfig } from '../services/helpers';
import { PASSWORD, freePort, killServer, prepareServerCourt, startServer, type ServerCourt, type ServerProcess } from './http-stage';
import { serverDatabaseEnv, serverStoreConfig } from '../../helpers/server-database';

let serverDir: string;
let server: ServerProcess;
let court: ServerCourt;
const desks: AppService[] = [];
const dirs: string[] = [];

async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

async function enrolledDesk(code: string): Promise<AppService> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-conflict-desk-'));
  dirs.push(dataDir);
  // No timer rounds: this story decides when each desk syncs.
  const service = await createAppService({ dataDir, config: testConfig(dataDir, { syncIntervalSeconds: 3600 }), dailySnapshots: false });
  desks.push(service);
  await value(
    service.handle('setup.initialize', {
      language: 'ar',
      court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
      chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
      user: { username: 'admin.local', displayName: 'مسؤول محلي', password: 'local-admin-pass-2026' },
    }),
  );
  await value(service.handle('session.login', { username: 'admin.local', password: 'local-admin-pass-2026' }));
  await value(service.handle('sync.enrol', { serverUrl: server.url, code }));
  await value(service.handle('session.login', { username: court.clerk.username, password: PASSWORD }));
  return service;
}

const status = (d: AppService): Promise<SyncStatus> => value(d.handle('sync.status', {}));
const syncNow = (d: AppService): Promise<SyncStatus> => value(d.handle('sync.now', {}));
const subjectOn = async (d: AppService, caseId: string) => (await value(d.handle('cases.getDetail', { caseId }))).case.subject;

/** A case registered on the first desk, then both desks synced so each holds it. */
async function caseOnBothDesks(subject: string, parties: [nameAr: string, nameLatin: string, role: 'plaintiff' | 'defendant'][]) {
  const [a, b] = desks as [AppService, AppService];
  const chamber = (await value(a.handle('reference.get', {}))).chambers.find((c) => c.code === 'CIV')!;
  const reg = await value(
    a.handle('cases.register', {
      chamberId: chamber.id,
      caseTypeId: '01900000-0000-7000-8000-000000001101',
      filedOn: (await value(a.handle('app.status', {}))).courtToday,
      subject,
      parties: parties.map(([nameAr, nameLatin, role]) => ({ party: { newParty: { kind: 'person' as const, nameAr, nameLatin } }, role })),
    }),
  );
  await syncNow(a);
  await syncNow(b);
  return reg;
}

beforeAll(async () => {
  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-conflict-server-'));
  court = await prepareServerCourt(serverDir, 2);
  server = await startServer(serverDir, await freePort());
  for (const code of court.codes) await enrolledDesk(code);
}, 120_000);

afterAll(async () => {
  for (const d of desks) await d.close();
  if (server) await killServer(server);
  for (const d of [serverDir, ...dirs]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('a conflict between two desks, seen and resolved by a clerk', () => {
  it('same field edited on both desks → conflict on the second → resolved by resolveConflict → all converge', async () => {
    const [a, b] = desks as [AppService, AppService];
    const reg = await caseOnBothDesks('أداء مبلغ دين', [['محمد بناني', 'Mohammed Bennani', 'plaintiff']]);
    const base = await value(b.handle('cases.getDetail', { caseId: reg.caseId }));
    expect(base.case.subject).toBe('أداء مبلغ دين');

    // Both clerks correct the subject from the same version, offline from each other.
    await value(a.handle('cases.updateParticulars', { caseId: reg.caseId, baseVersion: base.case.version, changes: { subject: 'أداء مبلغ دين تجاري' } }));
    await value(b.handle('cases.updateParticulars', { caseId: reg.caseId, baseVersion: base.case.version, changes: { subject: 'أداء مبلغ كراء' } }));
    await syncNow(a);
    await syncNow(b);
    await syncNow(a);
    const [sa, sb] = [await status(a), await status(b)];
    // Whichever pushed second holds the conflict; the other's change stands.
    expect(sa.conflicts + sb.conflicts).toBe(1);
    const [loser, winner] = sb.conflicts === 1 ? [b, a] : [a, b];
    const mine = loser === b ? 'أداء مبلغ كراء' : 'أداء مبلغ دين تجاري';
    const theirs = loser === b ? 'أداء مبلغ دين تجاري' : 'أداء مبلغ كراء';
    expect(await status(loser)).toMatchObject({ state: 'online', pending: 0, conflicts: 1, rejected: 0 });
    const problems = await value(loser.handle('sync.problems', {}));
    expect(problems.rejected).toEqual([]);
    expect(problems.conflicts).toHaveLength(1);
    const p = problems.conflicts[0]!;
    expect(p).toMatchObject({ command: 'updateCaseParticulars', caseNumber: reg.number, settledAt: null, resolution: null });
    expect(p.conflict.fields).toEqual([{ field: 'subject', base: 'أداء مبلغ دين', mine, theirs }]);
    // What the clerk sees is the server's record meanwhile: nothing of theirs was applied.
    expect(await subjectOn(loser, reg.caseId)).toBe(theirs);

    // Bad answers: typed errors, nothing written.
    const bad: unknown[] = [
      {},
      { mutationId: p.mutationId, conflictId: p.conflict.id },
      { mutationId: p.mutationId, conflictId: p.conflict.id, choices: {} },
      { mutationId: p.mutationId, conflictId: p.conflict.id, choices: { subject: 'other' } },
      { mutationId: p.mutationId, conflictId: p.conflict.id, choices: { subject: 'mine', chamber_id: 'theirs' } },
      { mutationId: p.mutationId, conflictId: '01900000-0000-7000-8000-0000000000aa', choices: { subject: 'mine' } },
      { mutationId: 999_999, conflictId: p.conflict.id, choices: { subject: 'mine' } },
      { mutationId: -1, conflictId: p.conflict.id, choices: { subject: 'mine' } },
      { mutationId: p.mutationId, conflictId: 'nope', choices: { subject: 'mine' } },
      { mutationId: p.mutationId, conflictId: p.conflict.id, choices: { subject: 'mine' }, extra: true },
      null,
    ];
    for (const input of bad) {
      const r = await loser.handle('sync.resolveConflict', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(['VALIDATION_FAILED', 'NOT_FOUND']).toContain(r.error.code);
    }
    expect(await status(loser)).toMatchObject({ conflicts: 1, pending: 0 });
    expect(await subjectOn(loser, reg.caseId)).toBe(theirs);

    // The clerk keeps their own value.
    await value(loser.handle('sync.resolveConflict', { mutationId: p.mutationId, conflictId: p.conflict.id, choices: { subject: 'mine' } }));
    expect(await subjectOn(loser, reg.caseId)).toBe(mine);
    expect(await status(loser)).toMatchObject({ conflicts: 0, pending: 1 });
    const again = await loser.handle('sync.resolveConflict', { mutationId: p.mutationId, conflictId: p.conflict.id, choices: { subject: 'mine' } });
    expect(again.ok ? null : again.error.i18nKey).toBe('errors.rule.conflictAlreadyResolved');
    // Settled, still on record, with what the clerk kept.
    const settled = (await value(loser.handle('sync.problems', { includeSettled: true }))).conflicts;
    expect(settled).toHaveLength(1);
    expect(settled[0]!.resolution).toEqual({ subject: mine });
    expect(settled[0]!.settledAt).not.toBeNull();
    expect((await value(loser.handle('sync.problems', {}))).conflicts).toHaveLength(0);

    expect(await syncNow(loser)).toMatchObject({ pending: 0, conflicts: 0, rejected: 0 });
    await syncNow(winner);
    expect(await subjectOn(winner, reg.caseId)).toBe(mine);
    const store = await openServerStore(await serverStoreConfig(serverDir));
    try {
      expect(await openConflicts(store.db, court.courtId)).toEqual([]);
      const row = await store.db.selectFrom('conflicts').select(['status', 'resolved_by']).where('id', '=', p.conflict.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'resolved', resolved_by: court.clerk.id });
      const onServer = await store.db.selectFrom('cases').select(['subject', 'version']).where('id', '=', reg.caseId).executeTakeFirstOrThrow();
      expect(onServer.subject).toBe(mine);
      for (const d of [a, b]) expect((await value(d.handle('cases.getDetail', { caseId: reg.caseId }))).case.version).toBe(onServer.version);
    } finally {
      await store.close();
    }
  });

  it("a conflict the server's operator resolves is settled on the desk at its next pull, with no choice left to make", async () => {
    const [a, b] = desks as [AppService, AppService];
    const reg = await caseOnBothDesks('إفراغ محل', [['سعيد العمراني', 'Said El Amrani', 'plaintiff']]);
    const base = await value(b.handle('cases.getDetail', { caseId: reg.caseId }));
    await value(a.handle('cases.updateParticulars', { caseId: reg.caseId, baseVersion: base.case.version, changes: { subject: 'إفراغ محل تجاري' } }));
    await value(b.handle('cases.updateParticulars', { caseId: reg.caseId, baseVersion: base.case.version, changes: { subject: 'إفراغ محل سكني' } }));
    await syncNow(a);
    await syncNow(b);
    const loser = (await status(b)).conflicts === 1 ? b : a;
    expect(await status(loser)).toMatchObject({ conflicts: 1 });
    const p = (await value(loser.handle('sync.problems', {}))).conflicts[0]!;

    // The operator settles it on the server (the same resolveConflict, run by the admin CLI).
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdminCommand(['resolve-conflict', '--conflict', p.conflict.id, '--keep', 'theirs'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { MAHKAMA_SERVER_DATA_DIR: serverDir, MAHKAMA_LANG: 'en', ...(await serverDatabaseEnv(serverDir)) },
      readPassword: async () => null,
    });
    expect(code, err.join('\n')).toBe(0);

    // The desk asks about its open conflicts at its next pull and settles this one there.
    expect(await syncNow(loser)).toMatchObject({ conflicts: 0, pending: 0, rejected: 0 });
    expect((await value(loser.handle('sync.problems', {}))).conflicts).toEqual([]);
    const settled = (await value(loser.handle('sync.problems', { includeSettled: true }))).conflicts.find((c) => c.mutationId === p.mutationId)!;
    expect(settled.settledAt).not.toBeNull();
    expect(settled.resolution).toBeNull();
    const again = await loser.handle('sync.resolveConflict', { mutationId: p.mutationId, conflictId: p.conflict.id, choices: { subject: 'mine' } });
    expect(again.ok ? null : again.error.i18nKey).toBe('errors.rule.conflictAlreadyResolved');
    expect(await subjectOn(loser, reg.caseId)).toBe(p.conflict.fields[0]!.theirs);
  });

  it('a rejection is listed with its reason and, put aside, stays on record; bad input to the sync methods is a typed error', async () => {
    const [a, b] = desks as [AppService, AppService];
    const reg = await caseOnBothDesks('قسمة تركة', [
      ['فاطمة الزهراء', 'Fatima Zahra', 'plaintiff'],
      ['عمر الفاسي', 'Omar Fassi', 'plaintiff'],
      ['حسن التازي', 'Hassan Tazi', 'defendant'],
    ]);
    const detail = await value(b.handle('cases.getDetail', { caseId: reg.caseId }));
    const omar = detail.parties.find((p) => p.nameLatin === 'Omar Fassi')!;
    // Both desks remove the same party: the second removal is refused by the rules on the server.
    for (const d of [a, b]) await value(d.handle('cases.removeParty', { caseId: reg.caseId, baseVersion: detail.case.version, casePartyId: omar.id, reason: 'withdrew' }));
    await syncNow(a);
    await syncNow(b);
    await syncNow(a);
    const [ra, rb] = [await status(a), await status(b)];
    expect(ra.rejected + rb.rejected).toBe(1);
    const refused = rb.rejected === 1 ? b : a;
    const listed = await value(refused.handle('sync.problems', {}));
    expect(listed.conflicts).toEqual([]);
    expect(listed.rejected).toHaveLength(1);
    expect(listed.rejected[0]).toMatchObject({ command: 'removeParty', caseNumber: reg.number, settledAt: null, error: { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.partyAlreadyRemoved' } });
    const mutationId = listed.rejected[0]!.mutationId;
    expect(await value(refused.handle('sync.acknowledgeRejected', { mutationId }))).toMatchObject({ rejected: 0 });
    expect((await value(refused.handle('sync.problems', {}))).rejected).toEqual([]);
    const kept = (await value(refused.handle('sync.problems', { includeSettled: true }))).rejected;
    expect(kept).toHaveLength(1);
    expect(kept[0]!.settledAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const twice = await refused.handle('sync.acknowledgeRejected', { mutationId });
    expect(twice.ok ? null : twice.error.code).toBe('NOT_FOUND');

    for (const [method, input] of [
      ['sync.acknowledgeRejected', {}],
      ['sync.acknowledgeRejected', { mutationId: 'x' }],
      ['sync.acknowledgeRejected', { mutationId: 424242 }],
      ['sync.problems', { includeSettled: 'yes' }],
      ['sync.problems', { other: 1 }],
      ['sync.status', { x: 1 }],
      ['sync.now', { x: 1 }],
      ['sync.enrol', { serverUrl: server.url, code: court.codes[0] }],
    ] as const) {
      const r = await a.handle(method, input);
      expect(r.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
      if (!r.ok) expect(['VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN']).toContain(r.error.code);
    }
  });
});
