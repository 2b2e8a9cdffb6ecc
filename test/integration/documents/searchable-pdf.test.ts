// A clerk exports a scanned document as a searchable PDF through the IPC method, after its text
// was read: the scan as it was, each page with the text the desk holds laid invisibly over it —
// OCR's words, and on a page a person corrected, the corrected text. `pdftotext` finds each page's
// text on its own page; `qpdf --check` finds nothing wrong; no page is read again. Refused (typed,
// nothing written, no dialog) while reading goes on, for an unknown document, for bad input; a PDF
// that carries its own text is copied as it is. The clerk's dialog is the chooseExportFile port.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../../src/main/services/app-service';
import { OcrPool } from '../../../src/main/services/documents/ocr-pool';
import { SEED_DOCUMENT_TYPES } from '../../../src/store/sqlite/migrations/0018-documents';
import type { AppErrorData } from '../../../src/shared/errors';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import { characterErrorRate, fixture, knownText, writeMultiPageTiff } from '../../helpers/ocr';
import { pdfInfo, pdfText, renderPages } from '../../helpers/pdf';
import { SETUP } from '../services/desk';
import { tempDir, testConfig } from '../services/helpers';

const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;
const NO_SUCH_ID = '01900000-0000-7000-8000-0000000000ff';
const CORRECTED = 'حكم تمهيدي مصحح بيد كاتب الضبط\nملف رقم 2026/1201/77 بتاريخ اليوم';

let service: AppService;
let pool: OcrPool;
let dataDir: string;
let caseId = '';
/** What the save dialog answers next (a path, or null for a dialog closed); each question is recorded. */
let dialogAnswer: string | null = null;
const asked: string[] = [];
const poolTasks: string[] = [];

async function ok<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> {
  const r = await service.handle(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
  return r.value;
}
async function fails(method: IpcMethod, input: unknown): Promise<AppErrorData> {
  const r = await service.handle(method, input);
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error;
}
async function importFile(file: string, title: string, wait = true): Promise<string> {
  const status = await ok('app.status', {});
  const documents = service.documents!;
  const imported = await documents.importDocument({ userId: status.user!.id, roles: status.user!.roles }, file, { caseId, documentTypeId: PETITION, language: 'fr', title });
  if (wait) await documents.idle();
  return imported.documentId;
}
const filesIn = (dir: string) => fs.readdirSync(dir).sort();

beforeAll(async () => {
  dataDir = tempDir('mahkama-export-');
  pool = new OcrPool({ size: 2 });
  const run = pool.run.bind(pool);
  pool.run = ((task: Parameters<OcrPool['run']>[0]) => {
    poolTasks.push(task.kind);
    return run(task);
  }) as OcrPool['run'];
  service = await createAppService({
    dataDir,
    config: testConfig(dataDir),
    dailySnapshots: false,
    ocrPool: pool,
    chooseExportFile: async (suggested) => {
      asked.push(suggested);
      return dialogAnswer;
    },
  });
  await ok('setup.initialize', SETUP);
  const ref = await ok('reference.get', {});
  caseId = (
    await ok('cases.register', {
      chamberId: ref.chambers[0]!.id,
      caseTypeId: ref.caseTypes[0]!.id,
      filedOn: '2026-03-02',
      subject: 'أداء واجبات الكراء',
      parties: [{ party: { newParty: { kind: 'person', nameLatin: 'Karim Bennani' } }, role: 'plaintiff' }],
    })
  ).caseId;
}, 60_000);
afterAll(async () => {
  await service?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('exporting a read document as a searchable PDF', () => {
  it('a two-page scan: each page its text on its own page, the corrected page its correction, nothing read again', async () => {
    const tiff = path.join(dataDir, 'two.tif');
    writeMultiPageTiff(tiff, [fixture('french-clean.png'), fixture('arabic-clean.png')]);
    const documentId = await importFile(tiff, 'Requête / مقال: "bail"');
    await ok('documents.correctPage', { documentId, pageIndex: 1, text: CORRECTED });
    const out = path.join(dataDir, 'chosen', 'export.pdf');
    fs.mkdirSync(path.dirname(out));
    dialogAnswer = out;
    poolTasks.length = 0;
    const r = await ok('documents.exportSearchablePdf', { documentId });
    expect(r).toMatchObject({ outcome: 'saved', fileName: 'export.pdf', pages: 2, bytes: fs.statSync(out).size });
    // The dialog proposed the title, made safe for a file name.
    expect(asked.at(-1)).toBe('Requête - مقال- -bail-.pdf');
    // No OCR: one task, the worker laying the text over the pages.
    expect(poolTasks).toEqual(['searchablePdf']);
    expect(filesIn(path.dirname(out))).toEqual(['export.pdf']);
    execFileSync('qpdf', ['--check', out]);
    expect(pdfInfo(out).pages).toBe(2);
    expect(characterErrorRate(pdfText(out, 1), knownText('french-clean'))).toBeLessThan(0.05);
    const page2 = pdfText(out, 2).replace(/[\u202a-\u202e]/g, '');
    expect(page2).toContain('حكم تمهيدي مصحح بيد كاتب الضبط');
    expect(page2).toContain('2026/1201/77');
    // The OCR text of the corrected page is not there any more (only the correction).
    expect(characterErrorRate(page2, knownText('arabic-clean'))).toBeGreaterThan(0.5);
    expect(pdfText(out, 1)).not.toContain('حكم');
    // The scans themselves, untouched: two images, one a page, at 300 dpi.
    const images = execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images).toHaveLength(2);
    for (const line of images) expect(line.trim().split(/\s+/).slice(12, 14)).toEqual(['300', '300']);
    renderPages(out, 'searchable-export', 80);
  }, 120_000);

  it('the dialog closed: nothing written; a PDF with its own text: copied as it is', async () => {
    const documentId = await importFile(fixture('text-layer-french.pdf'), 'Jugement');
    dialogAnswer = null;
    expect(await ok('documents.exportSearchablePdf', { documentId })).toEqual({ outcome: 'cancelled' });
    const out = path.join(dataDir, 'as-is.pdf');
    dialogAnswer = out;
    poolTasks.length = 0;
    expect(await ok('documents.exportSearchablePdf', { documentId })).toMatchObject({ outcome: 'saved', pages: 1 });
    expect(fs.readFileSync(out).equals(fs.readFileSync(fixture('text-layer-french.pdf')))).toBe(true);
    expect(poolTasks).toEqual([]);
  }, 60_000);

  it('refused while its text is read, for an unknown document and for bad input: typed, nothing asked, nothing written', async () => {
    const before = filesIn(dataDir);
    const questions = asked.length;
    dialogAnswer = path.join(dataDir, 'never.pdf');
    const reading = await importFile(fixture('french-clean.png'), 'En lecture', false);
    const waiting = await fails('documents.exportSearchablePdf', { documentId: reading });
    expect(waiting).toMatchObject({ code: 'CONFLICT', i18nKey: 'errors.documents.exportWaitsForReading' });
    expect(await fails('documents.exportSearchablePdf', { documentId: NO_SUCH_ID })).toMatchObject({ code: 'NOT_FOUND' });
    for (const bad of [{}, { documentId: 'x' }, { documentId: reading, path: '/tmp/x.pdf' }, { documentId: 7 }]) {
      expect(await fails('documents.exportSearchablePdf', bad)).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(asked.length).toBe(questions);
    await service.documents!.idle();
    expect(filesIn(dataDir).filter((f) => !before.includes(f))).toEqual([]);
  }, 60_000);

  it("another court's document is unknown here", async () => {
    const documentId = await importFile(fixture('english-clean.png'), 'Other court');
    const questions = asked.length;
    // The same document seen by a desk of another court: the service's court check refuses it.
    await expect(service.documents!.exportSearchablePdf(NO_SUCH_ID, documentId, path.join(dataDir, 'other.pdf'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(fs.existsSync(path.join(dataDir, 'other.pdf'))).toBe(false);
    expect(asked.length).toBe(questions);
  }, 60_000);
});
