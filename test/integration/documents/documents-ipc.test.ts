// A clerk files documents through the IPC contract (AppService.handle, as Electron and the browser
// shell call it) on a real database, real files and the real OCR pool: a file picked on the desk, a
// file streamed by the browser shell, a file from the scanner folder. Registering never waits for
// OCR; progress and job changes arrive on the push channel. Every bad input — an unknown case or
// type, a field of the wrong type, a 0-byte, truncated, encrypted or foreign file, an upload too big
// or cut mid-stream, a scanner file gone before it is read — is refused with its reason and leaves
// nothing behind: no document, no job, no audit entry, no outbox row, no stored file, no upload.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, DB_FILE_NAME, type AppService, type AppServiceOptions } from '../../../src/main/services/app-service';
import { silentLogger } from '../../../src/main/services/logger';
import { createShellServer, type ShellServer } from '../../../src/main/shell/server';
import { MAX_WAITING_UPLOADS } from '../../../src/main/services/documents/upload-store';
import type { AppErrorData, Result } from '../../../src/shared/errors';
import { catalogueMessage } from '../../../src/shared/i18n/message';
import { newId } from '../../../src/shared/ids';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import type { IpcEventMessage } from '../../../src/shared/ipc/push-channel';
import { fixture, writeEncryptedPdf, writeTruncated } from '../../helpers/ocr';
import { rowCount, sha256File, tempDir, testConfig } from '../services/helpers';
import { SETUP } from '../services/desk';

const UPLOAD_CAP = 2 * 1024 * 1024;

class DocsDesk {
  readonly events: IpcEventMessage[] = [];
  constructor(
    readonly service: AppService,
    readonly dataDir: string,
  ) {
    service.subscribe((m) => this.events.push(m));
  }
  static async open(extra: Partial<AppServiceOptions> & { scannerFolder?: string } = {}, dataDir = tempDir('mahkama-docs-ipc-')): Promise<DocsDesk> {
    const { scannerFolder, ...opts } = extra;
    const service = await createAppService({
      dataDir,
      config: testConfig(dataDir, scannerFolder ? { scannerFolder } : {}),
      dailySnapshots: false,
      ocrPoolSize: 1,
      uploadMaxBytes: UPLOAD_CAP,
      scannerPollMs: 40,
      scannerStableMs: 120,
      ...opts,
    });
    return new DocsDesk(service, dataDir);
  }
  call<M extends IpcMethod>(method: M, input: IpcInput<M> | Record<string, unknown>): Promise<Result<IpcOutput<M>>> {
    return this.service.handle(method, input);
  }
  async ok<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> {
    const r = await this.call(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  }
  async fails(method: IpcMethod, input: unknown): Promise<AppErrorData> {
    const r = await this.service.handle(method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(r.value)}`);
    return r.error;
  }
  /** What a refusal must leave untouched. */
  footprint(): { documents: number; document_pages: number; ocr_jobs: number; audit: number; outbox: number; storedFiles: number; uploads: number } {
    const db = path.join(this.dataDir, DB_FILE_NAME);
    const files = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);
    return {
      documents: rowCount(db, 'documents'),
      document_pages: rowCount(db, 'document_pages'),
      ocr_jobs: rowCount(db, 'ocr_jobs'),
      audit: rowCount(db, 'audit'),
      outbox: rowCount(db, 'outbox'),
      storedFiles: files(path.join(this.dataDir, 'documents')),
      uploads: files(path.join(this.dataDir, 'uploads')),
    };
  }
  async jobEnd(jobId: string): Promise<string> {
    await expect.poll(() => this.events.some((e) => e.event === 'documents.job' && e.payload.jobId === jobId && e.payload.status !== 'queued'), { timeout: 120_000, interval: 100 }).toBe(true);
    const end = this.events.find((e) => e.event === 'documents.job' && e.payload.jobId === jobId && e.payload.status !== 'queued');
    return end?.event === 'documents.job' ? end.payload.status : 'none';
  }
}

async function setUp(desk: DocsDesk): Promise<{ caseId: string; petition: string; otherType: string }> {
  await desk.ok('setup.initialize', SETUP);
  const ref = await desk.ok('reference.get', {});
  const reg = await desk.ok('cases.register', {
    chamberId: ref.chambers[0]!.id,
    caseTypeId: ref.caseTypes.find((t) => t.code === '1201')!.id,
    filedOn: '2026-03-02',
    subject: 'أداء دين تجاري',
    parties: [
      { party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohamed Bennani', nationalId: 'AB123456' } }, role: 'plaintiff' },
      { party: { newParty: { kind: 'organisation', nameLatin: 'Société Atlas SARL' } }, role: 'defendant' },
    ],
  });
  const { types } = await desk.ok('documents.types', {});
  return { caseId: reg.caseId, petition: types.find((t) => t.code === 'petition')!.id, otherType: types.find((t) => t.code !== 'petition')!.id };
}

const meta = (caseId: string, documentTypeId: string, title = 'مقال افتتاحي') => ({ caseId, documentTypeId, language: 'ar' as const, ocrLanguage: 'auto' as const, title, documentDate: '2026-03-01' });

let desk: DocsDesk;
let caseId: string;
let petition: string;
const scratch = tempDir('mahkama-docs-files-');
const scannerFolder = tempDir('mahkama-scanner-');
const file = (name: string) => path.join(scratch, name);

beforeAll(async () => {
  desk = await DocsDesk.open({ scannerFolder });
  ({ caseId, petition } = await setUp(desk));
});
afterAll(async () => {
  await desk?.service.close();
});

describe('documents through the IPC contract', () => {
  it('a file picked on the desk is registered at once, its OCR reported on the push channel until done', async () => {
    const before = desk.footprint();
    const imported = await desk.ok('documents.import', { source: { kind: 'path', path: fixture('scanned-arabic.pdf') }, meta: meta(caseId, petition) });
    expect(imported.pageCount).toBe(1);
    const listed = (await desk.ok('documents.listForCase', { caseId })).documents;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: imported.documentId, title: 'مقال افتتاحي', fileName: 'scanned-arabic.pdf', mime: 'application/pdf', pageCount: 1, documentDate: '2026-03-01' });
    expect(listed[0]!.documentType.code).toBe('petition');
    expect(listed[0]!.job).toMatchObject({ jobId: imported.jobId, pagesTotal: 1 });
    expect((await desk.ok('documents.thumbnail', { documentId: imported.documentId })).dataUrl).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(await desk.jobEnd(imported.jobId)).toBe('done');
    const progress = desk.events.filter((e) => e.event === 'documents.progress' && e.payload.jobId === imported.jobId).map((e) => (e.event === 'documents.progress' ? e.payload.pagesDone : -1));
    expect(progress).toEqual([1]);
    expect(desk.events.find((e) => e.event === 'documents.job' && e.payload.jobId === imported.jobId)?.payload).toMatchObject({ status: 'queued' });
    expect((await desk.ok('documents.listForCase', { caseId })).documents[0]!.job).toMatchObject({ status: 'done', pagesDone: 1, pagesTotal: 1, errorCode: null });
    expect((await desk.ok('documents.activeJobs', {})).jobs).toEqual([]);
    const after = desk.footprint();
    expect(after.documents - before.documents).toBe(1);
    expect(after.ocr_jobs - before.ocr_jobs).toBe(1);
    expect(after.document_pages - before.document_pages).toBe(1);
  });

  it('refuses bad input with a typed reason the clerk reads in every language, and writes nothing', async () => {
    const { otherType } = { otherType: (await desk.ok('documents.types', {})).types.find((t) => t.code !== 'petition')!.id };
    fs.writeFileSync(file('empty.pdf'), '');
    writeTruncated(fixture('scanned-arabic.pdf'), file('cut.pdf'));
    writeEncryptedPdf(fixture('text-layer-french.pdf'), file('locked.pdf'));
    fs.writeFileSync(file('notes.pdf'), 'just some notes\n'.repeat(100));
    fs.mkdirSync(file('a-folder'), { recursive: true });
    const ok = fixture('text-layer-french.pdf');
    const before = desk.footprint();
    const refusals: [string, unknown, Partial<AppErrorData>][] = [
      ['an unknown case', { source: { kind: 'path', path: ok }, meta: meta(newId(), petition) }, { code: 'NOT_FOUND' }],
      ['an unknown document type', { source: { kind: 'path', path: ok }, meta: meta(caseId, newId()) }, { code: 'NOT_FOUND' }],
      ['a title of the wrong type', { source: { kind: 'path', path: ok }, meta: { ...meta(caseId, otherType), title: 42 } }, { code: 'VALIDATION_FAILED' }],
      ['an OCR model that does not exist', { source: { kind: 'path', path: ok }, meta: { ...meta(caseId, otherType), ocrLanguage: 'deu' } }, { code: 'VALIDATION_FAILED' }],
      ['a relative path', { source: { kind: 'path', path: 'documents/x.pdf' }, meta: meta(caseId, petition) }, { code: 'VALIDATION_FAILED' }],
      ['an unknown upload', { source: { kind: 'upload', uploadId: newId(), fileName: 'x.pdf' }, meta: meta(caseId, petition) }, { code: 'NOT_FOUND', i18nKey: 'errors.documents.uploadUnknown' }],
      ['a 0-byte file', { source: { kind: 'path', path: file('empty.pdf') }, meta: meta(caseId, petition) }, { code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.empty' }],
      ['a truncated PDF', { source: { kind: 'path', path: file('cut.pdf') }, meta: meta(caseId, petition) }, { code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.truncated' }],
      ['an encrypted PDF', { source: { kind: 'path', path: file('locked.pdf') }, meta: meta(caseId, petition) }, { code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.encrypted' }],
      ['a type we do not read', { source: { kind: 'path', path: file('notes.pdf') }, meta: meta(caseId, petition) }, { code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.unsupportedType' }],
      ['a folder', { source: { kind: 'path', path: file('a-folder') }, meta: meta(caseId, petition) }, { code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.notAFile' }],
      ['a file that is not there', { source: { kind: 'path', path: file('gone.pdf') }, meta: meta(caseId, petition) }, { code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.vanished' }],
    ];
    for (const [what, input, expected] of refusals) {
      const error = await desk.fails('documents.import', input);
      expect(error, what).toMatchObject(expected);
      for (const lang of ['ar', 'fr', 'en'] as const) expect(catalogueMessage(lang, error.i18nKey, error.params), what).not.toMatch(/errors\.|\{\{/);
      expect(desk.footprint(), what).toEqual(before);
    }
    expect(await desk.fails('documents.listForCase', { caseId: newId() })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await desk.fails('documents.retry', { documentId: newId() })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await desk.fails('documents.cancelJob', { jobId: 'not-an-id' })).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('a file whose name carries direction marks (as Arabic names on Windows often do) is filed under its name without them', async () => {
    // Content of its own (a comment after the end), so the store's other counts below stay as they were.
    fs.writeFileSync(file('\u200Fعريضة\u200F.pdf'), Buffer.concat([fs.readFileSync(fixture('text-layer-french.pdf')), Buffer.from('\n% named with marks\n')]));
    const imported = await desk.ok('documents.import', { source: { kind: 'path', path: file('\u200Fعريضة\u200F.pdf') }, meta: { ...meta(caseId, petition, 'عريضة'), language: 'fr' } });
    const doc = (await desk.ok('documents.listForCase', { caseId })).documents.find((d) => d.id === imported.documentId);
    expect(doc?.fileName).toBe('عريضة.pdf');
    expect(await desk.jobEnd(imported.jobId)).toBe('done');
  });

  it('parallel imports each register their own document and job; the same content is stored once', async () => {
    const before = desk.footprint();
    const sources = ['text-layer-french.pdf', 'text-layer-french.pdf', 'arabic-clean.png', 'french-clean.png'];
    const results = await Promise.all(sources.map((s, i) => desk.ok('documents.import', { source: { kind: 'path', path: fixture(s) }, meta: meta(caseId, petition, `وثيقة ${i + 1}`) })));
    expect(new Set(results.map((r) => r.documentId)).size).toBe(4);
    expect(new Set(results.map((r) => r.jobId)).size).toBe(4);
    for (const r of results) expect(await desk.jobEnd(r.jobId)).toBe('done');
    const after = desk.footprint();
    expect(after.documents - before.documents).toBe(4);
    // Three distinct contents (the French PDF twice), each with its thumbnail.
    expect(after.storedFiles - before.storedFiles).toBe(3 * 2);
  });

  it('the clerk cancels a job, retries it, and cannot retry one under way or done', async () => {
    // Two documents queued behind each other on a one-worker pool: the second is cancelled while queued.
    const first = await desk.ok('documents.import', { source: { kind: 'path', path: fixture('mixed-clean.png') }, meta: meta(caseId, petition, 'أولى') });
    const second = await desk.ok('documents.import', { source: { kind: 'path', path: fixture('english-clean.png') }, meta: { ...meta(caseId, petition, 'Second'), language: 'en' } });
    expect(await desk.ok('documents.cancelJob', { jobId: second.jobId })).toEqual({ cancelled: true });
    expect(await desk.jobEnd(second.jobId)).toBe('cancelled');
    expect(await desk.jobEnd(first.jobId)).toBe('done');
    // A cancelled document is read again on the clerk's retry.
    const again = await desk.ok('documents.retry', { documentId: second.documentId });
    expect(await desk.jobEnd(again.jobId)).toBe('done');
    expect(await desk.fails('documents.retry', { documentId: second.documentId })).toMatchObject({ code: 'CONFLICT', i18nKey: 'errors.documents.notRetryable' });
  });
});

describe('a job that fails', () => {
  it('fails with the reason the clerk reads (its stored file lost while the desk was closed), and the clerk reads it again once it is back', async () => {
    const first = await DocsDesk.open();
    const setUpFirst = await setUp(first);
    const copy = file('to-lose.png');
    fs.copyFileSync(fixture('french-askew.png'), copy);
    const lost = await first.ok('documents.import', { source: { kind: 'path', path: copy }, meta: { ...meta(setUpFirst.caseId, setUpFirst.petition, 'Perdu'), language: 'fr' } });
    // Closed before the page was written: the job goes back to the queue for the next start.
    await first.service.close();
    const stored = path.join(first.dataDir, 'documents', sha256File(copy).slice(0, 2), sha256File(copy));
    const kept = file('kept.png');
    fs.renameSync(stored, kept);
    const again = await DocsDesk.open({}, first.dataDir);
    try {
      await again.ok('session.login', { username: SETUP.user.username, password: SETUP.user.password });
      await expect
        .poll(async () => (await again.ok('documents.listForCase', { caseId: setUpFirst.caseId })).documents[0]!.job?.status, { timeout: 120_000, interval: 200 })
        .toBe('failed');
      const failed = (await again.ok('documents.listForCase', { caseId: setUpFirst.caseId })).documents[0]!;
      expect(failed.job).toMatchObject({ jobId: lost.jobId, status: 'failed', errorCode: 'vanished', errorPage: 0 });
      for (const lang of ['ar', 'fr', 'en'] as const) expect(catalogueMessage(lang, `errors.documents.${failed.job!.errorCode}`, {})).not.toMatch(/errors\.|\{\{/);
      fs.renameSync(kept, stored);
      const retried = await again.ok('documents.retry', { documentId: lost.documentId });
      expect(await again.jobEnd(retried.jobId)).toBe('done');
      expect((await again.ok('documents.listForCase', { caseId: setUpFirst.caseId })).documents[0]!.job).toMatchObject({ jobId: retried.jobId, status: 'done', errorCode: null });
    } finally {
      await again.service.close();
    }
  });
});

describe('the browser shell: streamed uploads', () => {
  let shell: ShellServer;
  let cookie = '';
  beforeAll(async () => {
    const rendererDir = tempDir('mahkama-docs-shell-');
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Mahkama</title>');
    shell = await createShellServer({ service: desk.service, rendererDir, port: 0, log: silentLogger() });
    const opened = await fetch(shell.url, { redirect: 'manual' });
    cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    // Opening a browser session locks the desk: the clerk signs in there.
    await desk.ok('session.unlock', { password: SETUP.user.password });
  });
  afterAll(async () => {
    await shell?.close();
  });

  const headers = () => ({ cookie, origin: shell.origin, 'content-type': 'application/octet-stream' });
  async function ipc<M extends IpcMethod>(method: M, input: unknown): Promise<Result<IpcOutput<M>>> {
    const res = await fetch(`${shell.origin}/ipc/${method}`, { method: 'POST', headers: { cookie, origin: shell.origin, 'content-type': 'application/json' }, body: JSON.stringify(input) });
    return (await res.json()) as Result<IpcOutput<M>>;
  }

  it('streams a file to the data folder, then imports it by its upload id (used once)', async () => {
    const bytes = fs.readFileSync(fixture('text-layer-french.pdf'));
    const res = await fetch(`${shell.origin}/upload`, { method: 'POST', headers: headers(), body: bytes });
    expect(res.status).toBe(200);
    const up = (await res.json()) as Result<{ uploadId: string; size: number }>;
    if (!up.ok) throw new Error(JSON.stringify(up.error));
    expect(up.value.size).toBe(bytes.length);
    const imported = await ipc('documents.import', { source: { kind: 'upload', uploadId: up.value.uploadId, fileName: 'requête.pdf' }, meta: { ...meta(caseId, petition, 'Requête'), language: 'fr' } });
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    expect(desk.footprint().uploads).toBe(0);
    const doc = (await desk.ok('documents.listForCase', { caseId })).documents.find((d) => d.id === imported.value.documentId);
    expect(doc).toMatchObject({ fileName: 'requête.pdf', title: 'Requête' });
    const reuse = await ipc('documents.import', { source: { kind: 'upload', uploadId: up.value.uploadId, fileName: 'x.pdf' }, meta: meta(caseId, petition) });
    expect(reuse.ok ? null : reuse.error).toMatchObject({ code: 'NOT_FOUND', i18nKey: 'errors.documents.uploadUnknown' });
    expect(await desk.jobEnd(imported.value.jobId)).toBe('done');
  });

  it('one upload named by ten imports at once is filed once; the others are told it is used', async () => {
    const bytes = fs.readFileSync(fixture('text-layer-french.pdf'));
    const up = (await (await fetch(`${shell.origin}/upload`, { method: 'POST', headers: headers(), body: bytes })).json()) as Result<{ uploadId: string }>;
    if (!up.ok) throw new Error(JSON.stringify(up.error));
    const before = (await desk.ok('documents.listForCase', { caseId })).documents.length;
    const all = await Promise.all(
      Array.from({ length: 10 }, (_, i) => ipc('documents.import', { source: { kind: 'upload', uploadId: up.value.uploadId, fileName: 'same.pdf' }, meta: { ...meta(caseId, petition, `Same ${i}`), language: 'fr' } })),
    );
    const filed = all.filter((r) => r.ok);
    expect(filed).toHaveLength(1);
    for (const r of all.filter((x) => !x.ok)) expect(r.ok ? null : r.error).toMatchObject({ code: 'NOT_FOUND', i18nKey: 'errors.documents.uploadUnknown' });
    expect((await desk.ok('documents.listForCase', { caseId })).documents.length).toBe(before + 1);
    expect(desk.footprint().uploads).toBe(0);
    const only = filed[0]!;
    if (only.ok) expect(await desk.jobEnd(only.value.jobId)).toBe('done');
  });

  it(`at most ${MAX_WAITING_UPLOADS} uploads wait for their import: the next is refused (429) with nothing kept`, async () => {
    const sent = await Promise.all(Array.from({ length: MAX_WAITING_UPLOADS + 3 }, () => fetch(`${shell.origin}/upload`, { method: 'POST', headers: headers(), body: Buffer.from('%PDF-1.4 waiting') })));
    const statuses = sent.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 200)).toHaveLength(MAX_WAITING_UPLOADS);
    expect(statuses.filter((x) => x === 429)).toHaveLength(3);
    const refused = (await sent.find((r) => r.status === 429)!.json()) as { error: AppErrorData };
    expect(refused.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', i18nKey: 'errors.documents.tooManyUploads', params: { max: MAX_WAITING_UPLOADS } });
    expect(desk.footprint().uploads).toBe(MAX_WAITING_UPLOADS);
    // Each used once (here, refused as not a document), the room is back.
    for (const r of sent.filter((x) => x.status === 200)) {
      const up = (await r.json()) as Result<{ uploadId: string }>;
      if (up.ok) await ipc('documents.import', { source: { kind: 'upload', uploadId: up.value.uploadId, fileName: 'w.pdf' }, meta: meta(caseId, petition) });
    }
    expect(desk.footprint().uploads).toBe(0);
  });

  it('refuses a path over HTTP, a foreign origin, an upload over the cap (declared or not) and one cut mid-stream, leaving no upload behind', async () => {
    const before = desk.footprint();
    const byPath = await ipc('documents.import', { source: { kind: 'path', path: fixture('text-layer-french.pdf') }, meta: meta(caseId, petition) });
    expect(byPath.ok ? null : byPath.error).toMatchObject({ code: 'FORBIDDEN' });
    const foreign = await fetch(`${shell.origin}/upload`, { method: 'POST', headers: { ...headers(), origin: 'http://evil.example' }, body: 'x' });
    expect(foreign.status).toBe(403);

    // Declared over the cap: answered before a byte of the body is read.
    const declared = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${shell.origin}/upload`, { method: 'POST', headers: { ...headers(), 'content-length': String(UPLOAD_CAP + 1) } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(declared.status).toBe(413);
    expect((JSON.parse(declared.body) as { error: AppErrorData }).error).toMatchObject({ code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.fileTooBig' });

    // Chunked (no length given): cut off at the cap as it streams.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${shell.origin}/upload`, { method: 'POST', headers: { ...headers(), 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(-1));
      let sent = 0;
      const pump = () => {
        while (sent <= UPLOAD_CAP + 65536) {
          sent += 65536;
          if (!req.write(Buffer.alloc(65536, 7))) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
      setTimeout(() => reject(new Error('no answer')), 30_000).unref();
    });
    expect([413, -1]).toContain(chunked);
    await expect.poll(() => desk.footprint().uploads).toBe(0);

    // Cut mid-stream: the client says 1 MB and goes away after 256 KB.
    await new Promise<void>((resolve) => {
      const req = http.request(`${shell.origin}/upload`, { method: 'POST', headers: { ...headers(), 'content-length': String(1024 * 1024) } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(256 * 1024, 1), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 200));
    });
    await expect.poll(() => desk.footprint().uploads, { timeout: 10_000 }).toBe(0);
    expect(desk.footprint()).toEqual(before);

    // Locked desk: nobody signed in may upload.
    await desk.ok('session.lock', {});
    const locked = await fetch(`${shell.origin}/upload`, { method: 'POST', headers: headers(), body: 'x'.repeat(100) });
    expect(locked.status).toBe(401);
    await desk.ok('session.unlock', { password: SETUP.user.password });
    expect(desk.footprint()).toEqual(before);
  });
});

describe('the scanner folder', () => {
  it('lists a file once its size holds still, files it into a case and moves it to filed/', async () => {
    const name = 'scan-0001.png';
    const dest = path.join(scannerFolder, name);
    // The scanner writes in two goes: half, then the rest.
    const bytes = fs.readFileSync(fixture('french-clean.png'));
    fs.writeFileSync(dest, bytes.subarray(0, 1000));
    await new Promise((r) => setTimeout(r, 60));
    fs.appendFileSync(dest, bytes.subarray(1000));
    await expect.poll(async () => (await desk.ok('documents.scannerInbox', {})).files.map((f) => f.name), { timeout: 10_000 }).toEqual([name]);
    expect((await desk.ok('documents.scannerInbox', {})).files[0]).toMatchObject({ size: bytes.length });
    expect(desk.events.some((e) => e.event === 'documents.scannerInbox' && e.payload.files.some((f) => f.name === name))).toBe(true);
    const filed = await desk.ok('documents.fileFromScanner', { name, meta: { ...meta(caseId, petition, 'Scan'), language: 'fr' } });
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.existsSync(path.join(scannerFolder, 'filed', name))).toBe(true);
    expect((await desk.ok('documents.scannerInbox', {})).files).toEqual([]);
    expect(await desk.jobEnd(filed.jobId)).toBe('done');
  });

  it('a listed file that vanishes before it is read is refused (vanished) and nothing is written; a path is never a name', async () => {
    const name = 'scan-0002.pdf';
    fs.copyFileSync(fixture('text-layer-french.pdf'), path.join(scannerFolder, name));
    await expect.poll(async () => (await desk.ok('documents.scannerInbox', {})).files.map((f) => f.name), { timeout: 10_000 }).toEqual([name]);
    const before = desk.footprint();
    fs.rmSync(path.join(scannerFolder, name));
    expect(await desk.fails('documents.fileFromScanner', { name, meta: meta(caseId, petition) })).toMatchObject({ code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.vanished' });
    expect(await desk.fails('documents.fileFromScanner', { name: '../mahkama.db', meta: meta(caseId, petition) })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await desk.fails('documents.fileFromScanner', { name: 'never-there.pdf', meta: meta(caseId, petition) })).toMatchObject({ code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.vanished' });
    expect(desk.footprint()).toEqual(before);
  });
});
