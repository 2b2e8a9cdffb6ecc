// A clerk reads a document again with another language, through the real app service (the object
// the IPC handlers and the browser shell call) on a real SQLite file, with the real OCR pool and
// tesseract: a French page filed as Arabic reads as garbage; read again with French it reads well,
// search finds its French words and no longer the garbage, the page is in the index once, the audit
// chain verifies and the outbox holds the choice. A reading again that fails leaves the page's
// earlier text (and its index entry) as they were; a page a person corrected keeps its correction.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { verifyAuditChain } from '../../../src/domain';
import { createAppService, DB_FILE_NAME, type AppService } from '../../../src/main/services/app-service';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { SEED_DOCUMENT_TYPES } from '../../../src/store/sqlite/migrations/0018-documents';
import type { AppErrorData, Result } from '../../../src/shared/errors';
import { newId } from '../../../src/shared/ids';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import type { IpcEventMessage } from '../../../src/shared/ipc/push-channel';
import { normalizeForSearch } from '../../../src/shared/normalize';
import { SETUP } from '../services/desk';
import { rowCount, tempDir, testConfig } from '../services/helpers';
import { characterErrorRate, fixture, knownText, writeMultiPageTiff } from '../../helpers/ocr';

const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;
const FRENCH = knownText('french-clean');

interface Desk {
  service: AppService;
  dataDir: string;
  events: IpcEventMessage[];
  ok<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>>;
  fails(method: IpcMethod, input: unknown): Promise<AppErrorData>;
  count(table: string): number;
}

const opened: AppService[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function openDesk(): Promise<Desk & { caseId: string }> {
  const dataDir = tempDir('mahkama-read-again-');
  const service = await createAppService({ dataDir, config: testConfig(dataDir), dailySnapshots: false, ocrPoolSize: 1 });
  opened.push(service);
  const events: IpcEventMessage[] = [];
  service.subscribe((m) => events.push(m));
  const ok = async <M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> => {
    const r: Result<IpcOutput<M>> = await service.handle(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  const fails = async (method: IpcMethod, input: unknown): Promise<AppErrorData> => {
    const r = await service.handle(method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(r.value)}`);
    return r.error;
  };
  const count = (table: string) => rowCount(path.join(dataDir, DB_FILE_NAME), table);
  await ok('setup.initialize', SETUP);
  const ref = await ok('reference.get', {});
  const reg = await ok('cases.register', {
    chamberId: ref.chambers[0]!.id,
    caseTypeId: ref.caseTypes.find((t) => t.code === '1201')!.id,
    filedOn: '2026-03-02',
    subject: 'أداء دين تجاري',
    parties: [
      { party: { newParty: { kind: 'person' as const, nameLatin: 'Karim Tazi' } }, role: 'plaintiff' as const },
      { party: { newParty: { kind: 'person' as const, nameLatin: 'Leila Fassi' } }, role: 'defendant' as const },
    ],
  });
  return { service, dataDir, events, ok, fails, count, caseId: reg.caseId };
}

/** Pages of this document that search finds for `text` (1-based). */
async function pagesFound(desk: Desk, documentId: string, text: string): Promise<number[]> {
  const rows = (await desk.ok('cases.search', { text, limit: 50 })).rows;
  return rows.filter((r) => r.page?.documentId === documentId).map((r) => r.page!.pageNumber).sort();
}

/** A word the wrong model read that the page's true text does not hold (what search must stop finding). */
function garbageWord(read: string): string {
  const truth = normalizeForSearch(FRENCH);
  const word = read
    .split(/\s+/u)
    .map((w) => normalizeForSearch(w))
    .find((w) => /^\p{L}{4,}$/u.test(w) && !truth.includes(w));
  if (!word) throw new Error(`no word of its own in what the wrong model read: ${read}`);
  return word;
}

/** One value read from the desk's file by a connection of the test's own (read-only). */
function readOne<T>(desk: Desk, query: string, ...params: unknown[]): T {
  const raw = new BetterSqlite3(path.join(desk.dataDir, DB_FILE_NAME), { readonly: true });
  try {
    return raw.prepare(query).pluck().get(...params) as T;
  } finally {
    raw.close();
  }
}

/** The document's entries in the page index (one per page that has words). */
const pageIndexEntries = (desk: Desk, documentId: string) => readOne<number>(desk, 'SELECT count(*) FROM page_search_rows WHERE document_id = ?', documentId);

describe('reading a document again with another language', () => {
  it('a French page filed as Arabic reads badly; read again with French it reads well, and search follows', async () => {
    const desk = await openDesk();
    const imported = await desk.ok('documents.import', {
      source: { kind: 'path', path: fixture('french-clean.png') },
      meta: { caseId: desk.caseId, documentTypeId: PETITION, language: 'fr', ocrLanguage: 'ara', title: 'Requête' },
    });
    await desk.service.documents!.idle();
    const before = await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 0 });
    expect(before.page).toMatchObject({ ocrStatus: 'done', model: 'ara', ocrLanguage: null, rereadLanguage: null });
    expect(before.document).toMatchObject({ ocrLanguage: 'ara', version: 1 });
    const badCer = characterErrorRate(before.page.text, FRENCH);
    expect(badCer, `CER read as Arabic: ${badCer}`).toBeGreaterThan(0.5);
    const garbage = garbageWord(before.page.text);
    expect(await pagesFound(desk, imported.documentId, garbage)).toEqual([1]);
    expect(await pagesFound(desk, imported.documentId, 'bail commercial')).toEqual([]);

    // First try: the stored file is gone (moved away by hand): the reading fails, and the page keeps
    // the text it had, in the index too, still waiting for its French reading.
    const stored = desk.service.documents!.store.pathOf(readOne<string>(desk, 'SELECT sha256 FROM documents WHERE id = ?', imported.documentId));
    const aside = `${stored}.aside`;
    fs.renameSync(stored, aside);
    const failedTry = await desk.ok('documents.readAgain', { documentId: imported.documentId, baseVersion: 1, ocrLanguage: 'fra' });
    expect(failedTry).toMatchObject({ documentId: imported.documentId, version: 2, pages: [0], keptCorrected: [] });
    await desk.service.documents!.idle();
    const afterFailure = await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 0 });
    expect(afterFailure.page).toMatchObject({ text: before.page.text, model: 'ara', rereadLanguage: 'fra' });
    expect(afterFailure.document.ocrLanguage).toBe('fra');
    expect(await pagesFound(desk, imported.documentId, garbage)).toEqual([1]);
    const failedEnd = desk.events.find((e) => e.event === 'documents.job' && e.payload.jobId === failedTry.jobId && e.payload.status !== 'queued');
    expect(failedEnd?.payload).toMatchObject({ status: 'failed', errorCode: 'vanished' });

    // The file back, the clerk's retry reads the page with the language she chose.
    fs.renameSync(aside, stored);
    const retried = await desk.ok('documents.retry', { documentId: imported.documentId });
    await desk.service.documents!.idle();
    const progress = desk.events.filter((e) => e.event === 'documents.progress' && e.payload.jobId === retried.jobId).map((e) => e.payload);
    expect(progress).toEqual([{ jobId: retried.jobId, documentId: imported.documentId, pageIndex: 0, pagesDone: 1, pagesTotal: 1 }]);
    const after = await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 0 });
    expect(after.page).toMatchObject({ ocrStatus: 'done', model: 'fra', script: 'latin', rereadLanguage: null });
    const goodCer = characterErrorRate(after.page.text, FRENCH);
    expect(goodCer, `CER read again as French: ${goodCer}`).toBeLessThan(0.05);
    expect(await pagesFound(desk, imported.documentId, 'bail commercial')).toEqual([1]);
    expect(await pagesFound(desk, imported.documentId, 'audience ulterieure')).toEqual([1]);
    expect(await pagesFound(desk, imported.documentId, garbage)).toEqual([]);
    // The page is in the index once.
    expect(pageIndexEntries(desk, imported.documentId)).toBe(1);

    // Bad input: refused with a typed error, nothing written.
    const counts = () => ['audit', 'outbox', 'ocr_jobs', 'documents'].map((t) => desk.count(t));
    const held = counts();
    expect(await desk.fails('documents.readAgain', { documentId: newId(), baseVersion: 1, ocrLanguage: 'fra' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await desk.fails('documents.readAgain', { documentId: imported.documentId, baseVersion: 2, ocrLanguage: 'deu' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await desk.fails('documents.readAgain', { documentId: imported.documentId, baseVersion: 1, ocrLanguage: 'eng' })).toMatchObject({ code: 'STALE_VERSION' });
    expect(await desk.fails('documents.readAgain', { documentId: imported.documentId, baseVersion: 2, ocrLanguage: 'eng', pageIndex: 1 })).toMatchObject({
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.pageOutOfRange',
    });
    expect(counts()).toEqual(held);

    // The chain verifies, and the outbox holds the clerk's choice for the court's server.
    await desk.service.close();
    const db = await openDatabase(path.join(desk.dataDir, DB_FILE_NAME));
    try {
      expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
      const outbox = await db.db.selectFrom('outbox').select(['name', 'args']).where('name', '=', 'chooseOcrLanguage').execute();
      expect(outbox.map((o) => JSON.parse(o.args) as unknown)).toEqual([{ documentId: imported.documentId, baseVersion: 1, ocrLanguage: 'fra' }]);
      expect((await db.db.selectFrom('documents').select(['ocr_language', 'version']).where('id', '=', imported.documentId).executeTakeFirstOrThrow())).toEqual({ ocr_language: 'fra', version: 2 });
    } finally {
      await db.close();
    }
  }, 180_000);

  it('a corrected page keeps its correction: the clerk confirms, the other page is read again, search finds both', async () => {
    const desk = await openDesk();
    const tiff = path.join(desk.dataDir, 'dossier.tif');
    writeMultiPageTiff(tiff, [fixture('french-clean.png'), fixture('french-clean.png')]);
    const imported = await desk.ok('documents.import', {
      source: { kind: 'path', path: tiff },
      meta: { caseId: desk.caseId, documentTypeId: PETITION, language: 'fr', ocrLanguage: 'ara', title: 'Dossier' },
    });
    await desk.service.documents!.idle();
    const correction = 'Le cautionnement verse par le locataire est retenu.';
    await desk.ok('documents.correctPage', { documentId: imported.documentId, pageIndex: 1, text: correction });
    // The page alone: refused, its text is a person's.
    expect(await desk.fails('documents.readAgain', { documentId: imported.documentId, baseVersion: 1, ocrLanguage: 'fra', pageIndex: 1 })).toMatchObject({
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.pageCorrectedNotReread',
    });
    const jobs = desk.count('ocr_jobs');
    const unconfirmed = await desk.fails('documents.readAgain', { documentId: imported.documentId, baseVersion: 1, ocrLanguage: 'fra' });
    expect(unconfirmed).toMatchObject({ code: 'CONFIRMATION_REQUIRED', fields: [{ i18nKey: 'errors.confirm.correctedPagesKept', params: { pages: '2', count: 1 } }] });
    expect(desk.count('ocr_jobs')).toBe(jobs);

    const confirmed = await desk.ok('documents.readAgain', { documentId: imported.documentId, baseVersion: 1, ocrLanguage: 'fra', confirmed: ['correctedPagesKept'] });
    expect(confirmed).toMatchObject({ pages: [0], keptCorrected: [1] });
    await desk.service.documents!.idle();
    const first = await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 0 });
    expect(first.page.model).toBe('fra');
    expect(characterErrorRate(first.page.text, FRENCH)).toBeLessThan(0.05);
    const second = await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 1 });
    expect(second.page).toMatchObject({ text: correction, corrected: true, model: 'ara', rereadLanguage: null });
    expect(await pagesFound(desk, imported.documentId, 'bail commercial')).toEqual([1]);
    expect(await pagesFound(desk, imported.documentId, 'cautionnement locataire')).toEqual([2]);
    expect(pageIndexEntries(desk, imported.documentId)).toBe(2);
  }, 180_000);

  it('asked while the document is still being read: its own job reads the pages after the first ends, each page written and indexed once', async () => {
    const desk = await openDesk();
    const tiff = path.join(desk.dataDir, 'trois.tif');
    writeMultiPageTiff(tiff, [fixture('french-clean.png'), fixture('french-clean.png'), fixture('french-clean.png')]);
    const imported = await desk.ok('documents.import', {
      source: { kind: 'path', path: tiff },
      meta: { caseId: desk.caseId, documentTypeId: PETITION, language: 'fr', ocrLanguage: 'ara', title: 'Trois pages' },
    });
    // The first page read: the import's job is under way.
    await expect.poll(() => desk.events.some((e) => e.event === 'documents.progress' && e.payload.jobId === imported.jobId), { timeout: 60_000, interval: 50 }).toBe(true);
    const reread = await desk.ok('documents.readAgain', { documentId: imported.documentId, baseVersion: 1, ocrLanguage: 'fra' });
    expect(reread.pages).toEqual([0, 1, 2]);
    expect(reread.jobId).not.toBe(imported.jobId);
    await desk.service.documents!.idle();
    const whose = (jobId: string) => (jobId === imported.jobId ? 'import' : 'reread');
    const order = desk.events.flatMap((e) => {
      if (e.event === 'documents.job' && e.payload.status !== 'queued') return [`${whose(e.payload.jobId)}:${e.payload.status}`];
      if (e.event === 'documents.progress') return [`${whose(e.payload.jobId)}:page`];
      return [];
    });
    // The reading again starts only once the import's job has ended.
    const importEnd = order.indexOf('import:done');
    expect(importEnd).toBeGreaterThanOrEqual(0);
    expect(order.slice(0, importEnd).every((o) => o.startsWith('import'))).toBe(true);
    expect(order.slice(importEnd + 1)).toEqual([...order.slice(importEnd + 1).filter((o) => o === 'reread:page'), 'reread:done']);
    for (const pageIndex of [0, 1, 2]) {
      const view = await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex });
      expect(view.page).toMatchObject({ model: 'fra', rereadLanguage: null, ocrStatus: 'done' });
      expect(characterErrorRate(view.page.text, FRENCH)).toBeLessThan(0.05);
    }
    expect(pageIndexEntries(desk, imported.documentId)).toBe(3);
    expect(await pagesFound(desk, imported.documentId, 'bail commercial')).toEqual([1, 2, 3]);
  }, 240_000);

  it('one page with the combined Arabic + French model: that page alone is read again, with ara+fra', async () => {
    const desk = await openDesk();
    const tiff = path.join(desk.dataDir, 'melange.tif');
    writeMultiPageTiff(tiff, [fixture('arabic-clean.png'), fixture('mixed-clean.png')]);
    const imported = await desk.ok('documents.import', {
      source: { kind: 'path', path: tiff },
      meta: { caseId: desk.caseId, documentTypeId: PETITION, language: 'ar', ocrLanguage: 'ara', title: 'ملف' },
    });
    await desk.service.documents!.idle();
    const arabicBefore = (await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 0 })).page;
    const reread = await desk.ok('documents.readAgain', { documentId: imported.documentId, baseVersion: 1, ocrLanguage: 'ara+fra', pageIndex: 1 });
    expect(reread.pages).toEqual([1]);
    await desk.service.documents!.idle();
    const mixed = await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 1 });
    expect(mixed.page).toMatchObject({ model: 'ara+fra', script: 'mixed', ocrLanguage: 'ara+fra', rereadLanguage: null });
    expect(mixed.document.ocrLanguage).toBe('ara');
    expect(characterErrorRate(mixed.page.text, knownText('mixed-clean'))).toBeLessThan(0.1);
    // The Arabic page was not read again.
    const arabicAfter = (await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 0 })).page;
    expect(arabicAfter).toMatchObject({ text: arabicBefore.text, model: 'ara' });
  }, 180_000);
});

