// OCR as the desk runs it: through the real app service — the object the IPC handlers and the
// browser shell call — on a real SQLite file, with the real OCR pool and tesseract. The workstation's
// MAHKAMA_OCR_DPI reaches the pipeline (a scanned PDF read at 200 dpi gives a page, and word boxes,
// of that size, still read well); a page corrected by the clerk is what search finds afterwards
// (the app's page-text hook re-indexes it); and while pages are read, and a 20,000 × 20,000 image is
// refused, on the pool, the main process keeps answering: OCR is off the main thread.
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { createAppService, DB_FILE_NAME, type AppService } from '../../../src/main/services/app-service';
import type { WorkstationConfig } from '../../../src/main/services/config';
import { OcrPool } from '../../../src/main/services/documents/ocr-pool';
import { SEED_DOCUMENT_TYPES } from '../../../src/store/sqlite/migrations/0018-documents';
import type { AppErrorData, Result } from '../../../src/shared/errors';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import { SETUP } from '../services/desk';
import { tempDir, testConfig } from '../services/helpers';
import { characterErrorRate, fixture, knownText, writeMultiPageTiff, writePngClaiming } from '../../helpers/ocr';
import { writeTextPdf } from '../../helpers/text-pdf';

const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;

interface Desk {
  service: AppService;
  dataDir: string;
  ok<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>>;
  fails(method: IpcMethod, input: unknown): Promise<AppErrorData>;
}

const opened: AppService[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

/** A desk set up with a court, signed in as its first user; no page-text hook of the test's own. */
async function openDesk(config: Partial<WorkstationConfig> = {}): Promise<Desk> {
  const dataDir = tempDir('mahkama-desk-ocr-');
  const service = await createAppService({ dataDir, config: testConfig(dataDir, config), dailySnapshots: false, ocrPool: new OcrPool({ size: 1 }) });
  opened.push(service);
  const ok = async <M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> => {
    const r: Result<IpcOutput<M>> = await service.handle(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  const fails = async (method: IpcMethod, input: unknown): Promise<AppErrorData> => {
    const r = await service.handle(method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
    return r.error;
  };
  await ok('setup.initialize', SETUP);
  return { service, dataDir, ok, fails };
}

async function registerCase(desk: Desk): Promise<string> {
  const ref = await desk.ok('reference.get', {});
  const r = await desk.ok('cases.register', {
    chamberId: ref.chambers[0]!.id,
    caseTypeId: ref.caseTypes.find((t) => t.code === '1201')!.id,
    filedOn: '2026-03-02',
    subject: 'أداء دين تجاري',
    parties: [
      { party: { newParty: { kind: 'person' as const, nameLatin: 'Karim Tazi' } }, role: 'plaintiff' as const },
      { party: { newParty: { kind: 'person' as const, nameLatin: 'Leila Fassi' } }, role: 'defendant' as const },
    ],
  });
  return r.caseId;
}

/** Imported through the IPC method the renderer calls (a file on this machine), OCR not awaited. */
async function importFile(desk: Desk, caseId: string, file: string, language: 'ar' | 'fr' | 'en', title: string) {
  return desk.ok('documents.import', { source: { kind: 'path', path: file }, meta: { caseId, documentTypeId: PETITION, language, ocrLanguage: 'auto', title } });
}

describe('the workstation\'s OCR DPI', () => {
  it('a scanned PDF on a desk set to 200 dpi is rasterized at 200 dpi: its page and word boxes are that size, and it still reads well', async () => {
    const desk = await openDesk({ ocrDpi: 200 });
    const caseId = await registerCase(desk);
    const imported = await importFile(desk, caseId, fixture('scanned-arabic.pdf'), 'ar', 'مقال افتتاحي');
    await desk.service.documents!.idle();
    const view = await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 0 });
    expect(view.page.ocrStatus).toBe('done');
    // The fixture's page is A4 (595.92 × 842.88 pt): 1655 × 2341 pixels at 200 dpi (2483 × 3512 at 300).
    const at = (points: number, dpi: number) => Math.round((points * dpi) / 72);
    expect(view.page.width).toBeGreaterThanOrEqual(at(595.92, 200) - 1);
    expect(view.page.width).toBeLessThanOrEqual(at(595.92, 200) + 1);
    expect(view.page.height).toBeGreaterThanOrEqual(at(842.88, 200) - 1);
    expect(view.page.height).toBeLessThanOrEqual(at(842.88, 200) + 1);
    // Every word box lies in that frame; together they cover the text's width (the image is the page's width).
    expect(view.page.words.length).toBeGreaterThan(40);
    for (const w of view.page.words) {
      expect(w.box[0]).toBeGreaterThanOrEqual(0);
      expect(w.box[1]).toBeGreaterThanOrEqual(0);
      expect(w.box[2]).toBeLessThanOrEqual(view.page.width!);
      expect(w.box[3]).toBeLessThanOrEqual(view.page.height!);
    }
    expect(Math.max(...view.page.words.map((w) => w.box[2]))).toBeGreaterThan(view.page.width! * 0.6);
    expect(characterErrorRate(view.page.text, knownText('arabic-clean'))).toBeLessThan(0.08);
    // The job keeps the DPI it was queued with (a change of the setting does not move a job under way).
    const raw = new BetterSqlite3(path.join(desk.dataDir, DB_FILE_NAME), { readonly: true });
    try {
      expect(raw.prepare('SELECT dpi, status FROM ocr_jobs WHERE document_id = ?').all(imported.documentId)).toEqual([{ dpi: 200, status: 'done' }]);
    } finally {
      raw.close();
    }
  });
});

describe('a correction and search, through the app', () => {
  it('the corrected page is what search finds: the new words found on it, the words taken out no longer', async () => {
    const desk = await openDesk();
    const caseId = await registerCase(desk);
    const file = path.join(desk.dataDir, 'requete.pdf');
    // Pages with their own text (read as the text layer): OCR is not what is under test here.
    writeTextPdf(file, [
      ['Vu la requete introductive deposee par le demandeur.', 'Le loyer du local commercial reste impaye depuis janvier.'],
      ['Vu la requete introductive deposee par le demandeur.', 'Le bailleur demande la resiliation du bail.'],
    ]);
    const imported = await importFile(desk, caseId, file, 'fr', 'Requête');
    await desk.service.documents!.idle();
    const pagesFound = async (text: string) =>
      (await desk.ok('cases.search', { text, limit: 50 })).rows.filter((r) => r.page?.documentId === imported.documentId).map((r) => r.page!.pageNumber);
    expect(await pagesFound('loyer impaye')).toEqual([1]);
    expect(await pagesFound('cautionnement')).toEqual([]);

    const view = await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 0 });
    await desk.ok('documents.correctPage', {
      documentId: imported.documentId,
      pageIndex: 0,
      text: 'Vu la requete introductive deposee par le demandeur.\nLe cautionnement verse par le locataire est retenu.',
      ...(view.page.correctionVersion !== null ? { baseVersion: view.page.correctionVersion } : {}),
    });
    // No wait and no rebuild: the correction's hook re-indexed the page before the answer came back.
    expect(await pagesFound('cautionnement locataire')).toEqual([1]);
    expect(await pagesFound('loyer')).toEqual([]);
    expect(await pagesFound('impaye')).toEqual([]);
    // The other page is untouched, and the words both pages share still find both.
    expect(await pagesFound('resiliation')).toEqual([2]);
    expect((await pagesFound('requete introductive')).sort()).toEqual([1, 2]);
  });
});

describe('the desk while OCR runs', () => {
  it('keeps answering while a multi-page scan is read and a 20,000 × 20,000 image is refused on the pool: event-loop delay stays low', async () => {
    const desk = await openDesk();
    const caseId = await registerCase(desk);
    const tiff = path.join(desk.dataDir, 'dossier.tif');
    writeMultiPageTiff(tiff, [fixture('arabic-clean.png'), fixture('french-clean.png'), fixture('arabic-clean.png'), fixture('french-clean.png')]);
    const huge = path.join(desk.dataDir, 'huge.png');
    writePngClaiming(huge, 20_000, 20_000);
    const documents = desk.service.documents!;

    const delay = monitorEventLoopDelay({ resolution: 10 });
    const answers: { ms: number; whileReading: boolean }[] = [];
    const imported = await importFile(desk, caseId, tiff, 'ar', 'ملف');
    delay.enable();
    // Its import is refused on the pool, queued behind the scan's pages.
    const refused = desk.fails('documents.import', { source: { kind: 'path', path: huge }, meta: { caseId, documentTypeId: PETITION, language: 'ar', ocrLanguage: 'auto', title: 'Scan' } });
    let reading = true;
    const done = documents.idle().then(() => void (reading = false));
    // The clerk keeps working: a search and the list of jobs, every 100 ms, each timed.
    while (reading) {
      const started = performance.now();
      const wasReading = reading;
      await desk.ok('cases.search', { text: 'Karim', limit: 20 });
      await desk.ok('documents.activeJobs', {});
      answers.push({ ms: performance.now() - started, whileReading: wasReading });
      await new Promise((r) => setTimeout(r, 100));
    }
    await done;
    delay.disable();

    expect(await refused).toMatchObject({ code: 'DOCUMENT_UNREADABLE', params: { reason: 'tooLarge' } });
    const view = await desk.ok('documents.viewPage', { documentId: imported.documentId, pageIndex: 3 });
    expect(view.pages.map((p) => p.ocrStatus)).toEqual(['done', 'done', 'done', 'done']);
    // Four pages take seconds: the desk was asked many times while they were read.
    expect(answers.filter((a) => a.whileReading).length).toBeGreaterThanOrEqual(10);
    // A regression check on "OCR is off the main thread", not a benchmark: a page read on the main
    // thread blocks it for a second or more. A block gives the histogram one long sample (no
    // samples are taken while blocked), so p99 alone could miss a few; the longest delay and the
    // slowest answer catch each one. Measured here: p99 about 40 ms, longest about 100 ms, on 2
    // cores shared with other work; the bounds leave room for a loaded CI machine.
    const p99 = delay.percentile(99) / 1e6;
    const longest = delay.max / 1e6;
    expect(p99, `event-loop delay p99 ${p99.toFixed(1)} ms, max ${longest.toFixed(1)} ms`).toBeLessThan(200);
    expect(longest, 'longest event-loop delay (ms)').toBeLessThan(1000);
    expect(Math.max(...answers.map((a) => a.ms)), `slowest answer of ${answers.length}`).toBeLessThan(1000);
  }, 120_000);
});
