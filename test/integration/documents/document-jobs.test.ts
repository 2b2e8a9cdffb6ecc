// Documents on a desk: a clerk imports scans into a case and goes on working — registration never
// waits for OCR; jobs read the pages on the pool, report progress page by page, and the search
// hook runs once a document's OCR succeeded. JPEG scans are read like the others. A damaged or cut
// file fails its own job with its reason while the others go on; a job can be cancelled, queued or
// while its pages are read; a passing failure is retried a bounded number of
// times; a correction made before OCR ends is kept; and a desk killed (SIGKILL) mid-job resumes on
// restart without reading or indexing any page twice.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexDocumentPages, runCommand } from '../../../src/domain';
import { documentFault } from '../../../src/main/services/documents/document-fault';
import { createDocumentService, type DocumentMetadata, type DocumentService, type DocumentServiceOptions } from '../../../src/main/services/documents/document-service';
import { OcrPool, type OcrTask } from '../../../src/main/services/documents/ocr-pool';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { SEED_DOCUMENT_TYPES } from '../../../src/store/sqlite/migrations/0018-documents';
import { openTestCourt, registerSampleCase, tempDbFile, type TestCourt } from '../../helpers/db';
import { pdfText } from '../../helpers/pdf';
import { characterErrorRate, fixture, knownText, writeJpeg, writeMultiPageTiff } from '../../helpers/ocr';
import { entryArgs } from '../../helpers/entries';

const REPO = path.resolve(import.meta.dirname, '../../..');
const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;

let court: TestCourt;
let caseId: string;
let dataDir: string;
let dbFile: string;
const services: DocumentService[] = [];
const pools: OcrPool[] = [];

beforeEach(async () => {
  dbFile = tempDbFile();
  court = await openTestCourt({ file: dbFile });
  caseId = (await registerSampleCase(court)).caseId;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-docs-'));
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  for (const p of pools.splice(0)) await p.close();
  await court.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function service(extra: Partial<DocumentServiceOptions> = {}): DocumentService {
  const pool = extra.pool ?? new OcrPool({ size: 1 });
  pools.push(pool);
  const s = createDocumentService({ db: court.db, dataDir, commandEnv: () => court.env, pool, ...extra });
  services.push(s);
  return s;
}

const meta = (title: string, extra: Partial<DocumentMetadata> = {}): DocumentMetadata => ({ caseId, documentTypeId: PETITION, language: 'ar', title, ...extra });

async function job(jobId: string) {
  return court.db.selectFrom('ocr_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
}
async function pages(documentId: string) {
  return court.db.selectFrom('document_pages').selectAll().where('document_id', '=', documentId).orderBy('page_index').execute();
}

describe('importing and reading documents', () => {
  it('registers at once, reads page by page with progress, and calls the search hook once it succeeded', async () => {
    const indexed: string[] = [];
    const s = service({ onDocumentRead: async (id) => void indexed.push(id) });
    const progress: string[] = [];
    const finished: string[] = [];
    s.events.on('progress', (p) => progress.push(`${p.documentId}:${p.pageIndex}:${p.pagesDone}/${p.pagesTotal}`));
    s.events.on('jobFinished', (f) => finished.push(`${f.documentId}:${f.status}`));
    await s.start();
    const arabic = await s.importDocument(court.clerk, fixture('arabic-clean.png'), meta('مقال افتتاحي'));
    // Registered, thumbnail made, OCR not yet done: the clerk is not kept waiting.
    expect((await job(arabic.jobId)).status).not.toBe('done');
    expect(indexed).toEqual([]);
    expect(fs.readFileSync(s.store.thumbnailPathOf(arabic.sha256)).subarray(1, 4).toString()).toBe('PNG');
    const french = await s.importDocument(court.clerk, fixture('text-layer-french.pdf'), meta('Requête', { language: 'fr' }));
    await s.idle();
    expect(await job(arabic.jobId)).toMatchObject({ status: 'done', pages_done: 1, pages_total: 1, attempts: 1, error_code: null, indexed_at: expect.any(String) });
    const [page] = await pages(arabic.documentId);
    expect(page).toMatchObject({ ocr_status: 'done', source: 'ocr', model: 'ara', script: 'arabic', corrected: 0 });
    expect(characterErrorRate(page!.text, knownText('arabic-clean'))).toBeLessThan(0.05);
    expect(JSON.parse(page!.words).length).toBeGreaterThan(40);
    expect((await pages(french.documentId))[0]).toMatchObject({ source: 'textLayer', ocr_status: 'done' });
    expect(progress.sort()).toEqual([`${arabic.documentId}:0:1/1`, `${french.documentId}:0:1/1`].sort());
    expect(finished.sort()).toEqual([`${arabic.documentId}:done`, `${french.documentId}:done`].sort());
    expect(indexed.sort()).toEqual([arabic.documentId, french.documentId].sort());
    // And the document exported as a searchable PDF.
    const out = path.join(dataDir, 'export.pdf');
    await s.exportSearchablePdf(court.env.courtId, arabic.documentId, out);
    expect(characterErrorRate(pdfText(out), knownText('arabic-clean'))).toBeLessThan(0.08);
  });

  it('a stored file found damaged fails its own job with its reason; the other job is read', async () => {
    const s = service();
    const good = await s.importDocument(court.clerk, fixture('english-clean.png'), meta('Claim', { language: 'en' }));
    const bad = await s.importDocument(court.clerk, fixture('scanned-arabic.pdf'), meta('scan'));
    // The disk lost the end of the scan after it was registered.
    const stored = s.store.pathOf(bad.sha256);
    fs.truncateSync(stored, Math.floor(fs.statSync(stored).size / 2));
    await s.start();
    await s.idle();
    expect(await job(bad.jobId)).toMatchObject({ status: 'failed', error_code: 'truncated', indexed_at: null });
    expect(await job(good.jobId)).toMatchObject({ status: 'done' });
    expect((await pages(good.documentId))[0]).toMatchObject({ model: 'eng' });
  });

  it('an import refused for its content writes nothing and leaves nothing in the store', async () => {
    const s = service();
    const empty = path.join(dataDir, 'empty.pdf');
    fs.writeFileSync(empty, '');
    const before = await court.db.selectFrom('documents').select('id').execute();
    await expect(s.importDocument(court.clerk, empty, meta('x'))).rejects.toMatchObject({ code: 'DOCUMENT_UNREADABLE', params: { reason: 'empty' } });
    const locked = path.join(dataDir, 'locked.pdf');
    const { writeEncryptedPdf } = await import('../../helpers/ocr');
    writeEncryptedPdf(fixture('text-layer-french.pdf'), locked);
    await expect(s.importDocument(court.clerk, locked, meta('x'))).rejects.toMatchObject({ params: { reason: 'encrypted' } });
    // Refused by the domain (a judge may not file): the file it had stored is removed again.
    await expect(s.importDocument(court.judge, fixture('english-clean.png'), meta('x'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await court.db.selectFrom('documents').select('id').execute()).toEqual(before);
    expect(await court.db.selectFrom('ocr_jobs').select('id').execute()).toEqual([]);
    const stored = fs.readdirSync(path.join(dataDir, 'documents')).filter((d) => /^[0-9a-f]{2}$/.test(d));
    expect(stored.flatMap((d) => fs.readdirSync(path.join(dataDir, 'documents', d)))).toEqual([]);
  });

  it("a refused import never takes away bytes the store already held (a signed judgment's file filed again)", async () => {
    const s = service();
    // Put there by another record (a signed judgment's file is in the same store, not in documents).
    const kept = await s.store.put(fixture('english-clean.png'));
    expect(kept.brought).toBe(true);
    await expect(s.importDocument(court.judge, fixture('english-clean.png'), meta('x'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(fs.existsSync(kept.file)).toBe(true);
    fs.rmSync(kept.file);
  });

  it('recorded puts of the same bytes at once: the loser never removes the file the winner recorded; a fresh copy not recorded is removed', async () => {
    const s = service();
    const winner: string[] = [];
    const attempt = (wins: boolean) =>
      s.store.putRecorded(fixture('french-clean.png'), async (stored) => {
        await new Promise((r) => setTimeout(r, 20));
        if (!wins) throw new Error('stale');
        winner.push(stored.sha256);
        return stored.sha256;
      });
    const [a, b] = await Promise.allSettled([attempt(true), attempt(false)]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('rejected');
    expect(fs.existsSync(s.store.pathOf(winner[0]!))).toBe(true);
    fs.rmSync(s.store.pathOf(winner[0]!));
    // Alone and refused, a copy it brought goes again.
    await expect(attempt(false)).rejects.toThrow('stale');
    expect(fs.existsSync(s.store.pathOf(winner[0]!))).toBe(false);
  });

  it('a queued job can be cancelled; it is never read', async () => {
    const s = service();
    const doc = await s.importDocument(court.clerk, fixture('french-clean.png'), meta('Requête', { language: 'fr' }));
    const finished: string[] = [];
    s.events.on('jobFinished', (f) => finished.push(f.status));
    expect(await s.cancel(doc.jobId)).toBe(true);
    await s.start();
    await s.idle();
    expect(await job(doc.jobId)).toMatchObject({ status: 'cancelled', attempts: 0, pages_done: 0 });
    expect((await pages(doc.documentId))[0]).toMatchObject({ ocr_status: 'pending' });
    expect(finished).toEqual(['cancelled']);
  });

  it('a correction made before OCR ends is what the page keeps', async () => {
    const s = service();
    const doc = await s.importDocument(court.clerk, fixture('french-clean.png'), meta('Requête', { language: 'fr' }));
    await runCommand(court.db, court.env, court.clerk, 'correctPageText', { documentId: doc.documentId, pageIndex: 0, text: 'Texte corrigé par le greffier' });
    await s.start();
    await s.idle();
    expect((await pages(doc.documentId))[0]).toMatchObject({ ocr_status: 'done', corrected: 1, text: 'Texte corrigé par le greffier', model: 'fra' });
  });
});

describe('JPEG scans and files cut short', () => {
  it('a JPEG page (a phone\'s or a scanner\'s, lossy) is imported and read; a multi-page TIFF cut short on disk fails its own job as truncated while the JPEG is read', async () => {
    const s = service();
    const jpeg = path.join(dataDir, 'petition.jpg');
    writeJpeg(fixture('arabic-clean.png'), jpeg);
    const tiff = path.join(dataDir, 'three-pages.tif');
    writeMultiPageTiff(tiff, [fixture('french-clean.png'), fixture('arabic-clean.png'), fixture('english-clean.png')]);
    const cut = await s.importDocument(court.clerk, tiff, meta('Dossier', { language: 'fr' }));
    const read = await s.importDocument(court.clerk, jpeg, meta('مقال افتتاحي'));
    expect(read.pageCount).toBe(1);
    expect((await court.db.selectFrom('documents').select('mime').where('id', '=', read.documentId).executeTakeFirstOrThrow()).mime).toBe('image/jpeg');
    // The disk lost the end of the TIFF after it was registered (a TIFF has no end marker: its
    // last page's data and IFD are what is missing).
    const stored = s.store.pathOf(cut.sha256);
    fs.truncateSync(stored, Math.floor(fs.statSync(stored).size * 0.6));
    await s.start();
    await s.idle();
    expect(await job(cut.jobId)).toMatchObject({ status: 'failed', error_code: 'truncated', indexed_at: null });
    expect(await job(read.jobId)).toMatchObject({ status: 'done', pages_done: 1 });
    const [page] = await pages(read.documentId);
    expect(page).toMatchObject({ ocr_status: 'done', source: 'ocr', model: 'ara', script: 'arabic' });
    // Read at the JPEG's own pixels (2024 × 856, like the PNG it was made from).
    expect([page!.width, page!.height]).toEqual([2024, 856]);
    expect(characterErrorRate(page!.text, knownText('arabic-clean'))).toBeLessThan(0.05);
  });
});

describe('cancelling a job while its pages are read', () => {
  it('stops after the page under way: cancelled, no further page read or written, nothing indexed; the pool reads the next job', async () => {
    // One worker, one job at a time: the next job can only be read once the cancelled one let go.
    const pool = new CountingPool();
    const s = service({ pool, concurrentJobs: 1, onDocumentRead: async (id) => void (await indexDocumentPages(court.db, id)) });
    const tiff = path.join(dataDir, 'four-pages.tif');
    writeMultiPageTiff(tiff, [fixture('french-clean.png'), fixture('english-clean.png'), fixture('french-clean.png'), fixture('english-clean.png')]);
    const long = await s.importDocument(court.clerk, tiff, meta('Dossier', { language: 'fr' }));
    const next = await s.importDocument(court.clerk, fixture('english-clean.png'), meta('Claim', { language: 'en' }));
    const finished: string[] = [];
    s.events.on('jobFinished', (f) => finished.push(`${f.jobId === long.jobId ? 'long' : 'next'}:${f.status}`));
    let cancelAnswer: Promise<boolean> | null = null;
    s.events.on('progress', (p) => {
      // The clerk presses Cancel as the first page's progress shows.
      if (p.jobId === long.jobId && p.pagesDone === 1) cancelAnswer = s.cancel(long.jobId);
    });
    await s.start();
    await s.idle();
    expect(await cancelAnswer).toBe(true);
    expect(await job(long.jobId)).toMatchObject({ status: 'cancelled', pages_done: 1, pages_total: 4, error_code: null, indexed_at: null });
    expect((await pages(long.documentId)).map((p) => p.ocr_status)).toEqual(['done', 'pending', 'pending', 'pending']);
    // No page after the first was even sent to the pool.
    expect(pool.pagesOf(s.store.pathOf(long.sha256))).toEqual([0]);
    // Nothing of it in the search index; the next job was read and indexed.
    const indexed = async (documentId: string) =>
      (await court.db.selectFrom('page_search_rows').select('page_index').where('document_id', '=', documentId).execute()).length;
    expect(await indexed(long.documentId)).toBe(0);
    expect(await job(next.jobId)).toMatchObject({ status: 'done', pages_done: 1, indexed_at: expect.any(String) });
    expect(await indexed(next.documentId)).toBe(1);
    expect(finished).toEqual(['long:cancelled', 'next:done']);
    // Cancelling it again, once it ended, changes nothing.
    expect(await s.cancel(long.jobId)).toBe(false);
  });
});

/** The real pool, noting each page it is asked to read (file and page index). */
class CountingPool extends OcrPool {
  readonly pages: { file: string; pageIndex: number }[] = [];
  constructor() {
    super({ size: 1 });
  }
  pagesOf(file: string): number[] {
    return this.pages.filter((p) => p.file === file).map((p) => p.pageIndex);
  }
  override async run<T extends OcrTask>(task: T) {
    if (task.kind === 'page') this.pages.push({ file: task.file, pageIndex: task.pageIndex });
    return super.run(task);
  }
}

/** A pool whose first `failures` page reads fail as a dead worker's would. */
class FlakyPool extends OcrPool {
  constructor(private failures: number) {
    super({ size: 1 });
  }
  override async run<T extends OcrTask>(task: T) {
    if (task.kind === 'page' && this.failures > 0) {
      this.failures--;
      throw documentFault('ocrFailed', { page: task.pageIndex + 1 });
    }
    return super.run(task);
  }
}

describe('retries', () => {
  it('a passing failure is tried again, up to the limit', async () => {
    const s = service({ pool: new FlakyPool(2), maxAttempts: 3 });
    const doc = await s.importDocument(court.clerk, fixture('english-clean.png'), meta('Claim', { language: 'en' }));
    await s.start();
    await s.idle();
    expect(await job(doc.jobId)).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('and fails for good past it, with its reason', async () => {
    const s = service({ pool: new FlakyPool(5), maxAttempts: 2 });
    const doc = await s.importDocument(court.clerk, fixture('english-clean.png'), meta('Claim', { language: 'en' }));
    await s.start();
    await s.idle();
    expect(await job(doc.jobId)).toMatchObject({ status: 'failed', attempts: 2, error_code: 'ocrFailed', error_page: 0 });
  });
});

describe('a desk killed in the middle of a job', () => {
  it('resumes on restart: the pages already read are kept, none is read or indexed twice', async () => {
    const tiff = path.join(dataDir, 'four-pages.tif');
    writeMultiPageTiff(tiff, [fixture('english-clean.png'), fixture('french-clean.png'), fixture('english-clean.png'), fixture('french-clean.png')]);
    const s = service();
    const doc = await s.importDocument(court.clerk, tiff, meta('Dossier', { language: 'fr' }));
    await s.close();
    await court.close();

    const child = spawn(process.execPath, [...entryArgs('ocr-desk'), JSON.stringify({ file: dbFile, dataDir, courtId: court.courtId })], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    while (!out.includes(`page ${doc.documentId}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(err).toBe('');
    expect(out).not.toContain('finished');
    const readBeforeKill = out.split('\n').filter((l) => l.startsWith('page ')).length;
    expect(readBeforeKill).toBeGreaterThanOrEqual(1);

    // The desk starts again on the same file (the court is already set up there).
    const reopened = await openDatabase(dbFile);
    court = { ...court, db: reopened.db, close: () => reopened.close() };
    const killed = await job(doc.jobId);
    expect(killed.status).toBe('running');
    const doneBefore = (await pages(doc.documentId)).filter((p) => p.ocr_status === 'done');
    expect(doneBefore.length).toBeGreaterThanOrEqual(readBeforeKill);
    expect(doneBefore.length).toBeLessThan(4);
    expect(killed.pages_done).toBe(doneBefore.length);

    const indexed: string[] = [];
    const readAgain: number[] = [];
    const again = service({ onDocumentRead: async (id) => void indexed.push(id) });
    again.events.on('progress', (p) => readAgain.push(p.pageIndex));
    await again.start();
    await again.idle();
    const after = await pages(doc.documentId);
    expect(after.map((p) => p.ocr_status)).toEqual(['done', 'done', 'done', 'done']);
    // The pages read before the kill were not read again (same time of reading), the others once.
    for (const p of doneBefore) expect(after[p.page_index]!.read_at).toBe(p.read_at);
    expect(readAgain.sort()).toEqual([0, 1, 2, 3].filter((i) => !doneBefore.some((p) => p.page_index === i)));
    expect(await job(doc.jobId)).toMatchObject({ status: 'done', pages_done: 4, attempts: 2 });
    expect(indexed).toEqual([doc.documentId]);
    expect(after.map((p) => p.model)).toEqual(['fra', 'fra', 'fra', 'fra']);
  }, 120_000);
});
