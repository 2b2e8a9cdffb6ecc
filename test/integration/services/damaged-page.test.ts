// A Mahkama store with one damaged page, as a failing disk leaves it. Before issue 7 the desk
// started, took a daily snapshot of the damaged file, wrote into the damaged index, and answered a
// registration with a bare INTERNAL. Now: quick_check (in a worker thread) runs before the first
// write of the session and before any snapshot; the first write is refused with DB_CORRUPT and the
// clerk's message; no snapshot of the damaged file is made; SQLite's corruption codes met on any
// call are DB_CORRUPT, and once seen the desk writes nothing more. Real files, the real service.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { createAppService, DB_FILE_NAME, type AppService } from '../../../src/main/services/app-service';
import { quickCheckInWorker, startQuickCheck } from '../../../src/main/services/db/integrity';
import { catalogueMessage } from '../../../src/main/cli/messages';
import type { AppErrorData, Result } from '../../../src/shared/errors';
import type { IpcMethod } from '../../../src/shared/ipc/contract';
import { indexRootPage, readPage, smashIndexRootPage, writePage } from '../../helpers/damage';
import { rowCount, sha256File, tempDir, testConfig } from './helpers';

const PASSWORD = 'Safi-greffe-2026!';
const START = Date.parse('2026-03-02T09:00:00Z');
const open: AppService[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function startDesk(dataDir: string, opts: { dailySnapshots?: boolean; at?: number } = {}): Promise<AppService> {
  const at = opts.at ?? START;
  const service = await createAppService({ dataDir, config: testConfig(dataDir), dailySnapshots: opts.dailySnapshots ?? false, now: () => new Date(at) });
  open.push(service);
  return service;
}

async function ok<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** A desk set up with a few registered cases, closed (WAL checkpointed into the file). */
async function courtOnDisk(cases = 6) {
  const dataDir = tempDir();
  const service = await startDesk(dataDir);
  await ok(
    service.handle('setup.initialize', {
      language: 'ar',
      court: { code: 'TPI-SAFI', nameAr: 'المحكمة الابتدائية بآسفي', nameFr: 'Tribunal de première instance de Safi' },
      chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
      user: { username: 'khadija.safi', displayName: 'خديجة الصافي', password: PASSWORD },
    }),
  );
  const ref = await ok(service.handle('reference.get', {}));
  const input = {
    chamberId: ref.chambers[0]!.id,
    caseTypeId: ref.caseTypes.find((t) => t.code === '1101')!.id,
    filedOn: '2026-03-02',
    subject: 'فسخ عقد كراء',
    parties: [{ party: { newParty: { kind: 'person' as const, nameAr: 'عبد الله الكتاني' } }, role: 'plaintiff' as const }],
  };
  const caseIds: string[] = [];
  for (let i = 0; i < cases; i++) caseIds.push((await ok(service.handle('cases.register', input))).caseId);
  await service.close();
  return { dataDir, dbFile: path.join(dataDir, DB_FILE_NAME), input, caseIds };
}

async function signIn(service: AppService) {
  await ok(service.handle('session.login', { username: 'khadija.safi', password: PASSWORD }));
}

function snapshotFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'snapshots');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

describe('quick_check in a worker thread', () => {
  it('from source the worker itself answers (no fallback to the main thread): sound, then damaged', async () => {
    const { dbFile } = await courtOnDisk(2);
    const fallbacks: string[] = [];
    const sound = await startQuickCheck(dbFile, (r) => fallbacks.push(r)).verdict;
    expect(sound).toMatchObject({ ok: true });
    smashIndexRootPage(dbFile, 'cases_number');
    const damaged = await quickCheckInWorker(dbFile, (r) => fallbacks.push(r));
    expect(damaged.ok).toBe(false);
    expect(!damaged.ok && damaged.problems.length).toBeGreaterThan(0);
    expect(fallbacks).toEqual([]);
  });
});

describe('a store with one damaged index page, at start', () => {
  it('the first write is refused with DB_CORRUPT and the clerk’s message; no snapshot of the damaged file; nothing answers INTERNAL', async () => {
    const { dataDir, dbFile, input, caseIds } = await courtOnDisk();
    smashIndexRootPage(dbFile, 'cases_number');
    const counts = () => ['cases', 'audit', 'outbox', 'parties'].map((t) => rowCount(dbFile, t));
    const before = counts();

    // No snapshot exists, so the daily one is due at start.
    const desk = await startDesk(dataDir, { dailySnapshots: true });
    await signIn(desk);
    const refused = await desk.handle('cases.register', input);
    expect(refused).toEqual({ ok: false, error: { code: 'DB_CORRUPT', i18nKey: 'errors.db.damaged', params: { file: dbFile } } });
    expect(catalogueMessage('ar', 'errors.db.damaged')).toContain('تالف');

    // Every other call: an answer or a typed refusal, never INTERNAL; no write gets through.
    const calls: [IpcMethod, unknown][] = [
      ['app.status', {}],
      ['reference.get', {}],
      ['cases.listForRegistry', { filter: {}, offset: 0, limit: 50 }],
      ['cases.quickFind', { text: '2026/1101/1', limit: 10 }],
      ['cases.quickFind', { text: 'الكتاني', limit: 10 }],
      ['cases.getDetail', { caseId: caseIds[0] }],
      ['hearings.schedule', { caseId: caseIds[0], baseVersion: 1, date: '2026-03-10', time: '09:30' }],
      ['cases.register', input],
      ['users.create', { username: 'karim.safi', displayName: 'Karim', roles: ['clerk'], password: 'another-long-password' }],
      ['settings.setLanguage', { language: 'fr' }],
    ];
    for (const [method, body] of calls) {
      const r = await desk.handle(method, body);
      if (!r.ok) expect(r.error.code, `${method}: ${JSON.stringify(r.error)}`).not.toBe('INTERNAL');
    }
    const writes = await Promise.all([desk.handle('cases.register', input), desk.handle('cases.register', input)]);
    for (const w of writes) expect(w).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT', i18nKey: 'errors.db.damaged' } });
    await desk.close();

    expect(counts()).toEqual(before);
    expect(snapshotFiles(dataDir)).toEqual([]);
  });

  it('`snapshot create` refuses the damaged file (exit 2, the catalogue’s message) and leaves no file behind', async () => {
    const { dataDir, dbFile } = await courtOnDisk(2);
    smashIndexRootPage(dbFile, 'cases_number');
    const before = sha256File(dbFile);
    let err = '';
    const code = await runCli(['snapshot', 'create', '--db', dbFile], { out: () => {}, err: (l) => (err += l), env: { MAHKAMA_LANG: 'fr', MAHKAMA_LOG_LEVEL: 'silent' } });
    expect(code).toBe(2);
    expect(err).toContain('DB_CORRUPT');
    expect(err).toContain(catalogueMessage('fr', 'errors.snapshot.sourceDamaged'));
    expect(snapshotFiles(dataDir)).toEqual([]);
    expect(sha256File(dbFile)).toBe(before);
  });
});

describe('damage quick_check cannot see, met by a command', () => {
  it('SQLite’s SQLITE_CORRUPT_INDEX is DB_CORRUPT with the clerk’s message, and from then on nothing is written', async () => {
    const { dataDir, dbFile, input, caseIds } = await courtOnDisk(3);
    // The registry's status index as it was before a hearing moved the case to "in hearing", put
    // back afterwards: it still files the case as "registered". Its pages are well-formed and hold as
    // many entries as the table has rows, so quick_check finds nothing.
    const target = caseIds[caseIds.length - 1]!;
    const { page, pageSize } = indexRootPage(dbFile, 'cases_registry_status');
    const earlier = readPage(dbFile, page, pageSize);
    const desk1 = await startDesk(dataDir);
    await signIn(desk1);
    await ok(desk1.handle('hearings.schedule', { caseId: target, baseVersion: 1, date: '2026-03-10', time: '09:30' }));
    await desk1.close();
    writePage(dbFile, page, earlier);
    expect(await quickCheckInWorker(dbFile)).toMatchObject({ ok: true });

    const desk = await startDesk(dataDir);
    await signIn(desk);
    // Closing the case changes its status again: SQLite looks for the index entry it should have.
    const detail = await ok(desk.handle('cases.getDetail', { caseId: target }));
    const r = await desk.handle('cases.close', { caseId: target, baseVersion: detail.case.version, reason: 'withdrawn' });
    expect(r).toEqual({ ok: false, error: { code: 'DB_CORRUPT', i18nKey: 'errors.db.damaged', params: { file: dbFile } } });

    const counts = () => ['cases', 'hearings', 'audit', 'outbox'].map((t) => rowCount(dbFile, t));
    const before = counts();
    const again: Result<unknown>[] = [
      await desk.handle('cases.register', input),
      await desk.handle('hearings.schedule', { caseId: caseIds[0], baseVersion: 1, date: '2026-03-10', time: '09:30' }),
    ];
    for (const a of again) expect(a).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT', i18nKey: 'errors.db.damaged' } });
    expect(counts()).toEqual(before);
    // Reading goes on: the clerk can still look a case up while the court's IT is called.
    expect((await desk.handle('cases.getDetail', { caseId: caseIds[0] })).ok).toBe(true);
    const status = (await desk.handle('app.status', {})) as Result<unknown> & { error?: AppErrorData };
    expect(status.ok).toBe(true);
  });
});
