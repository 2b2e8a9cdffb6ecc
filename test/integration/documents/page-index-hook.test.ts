// The page index as the document service's success hook (how the app wires it: onDocumentRead =
// indexDocumentPages): a document is not found before its OCR is done, is found after, and a desk
// killed between the hook and `indexed_at` runs the hook again at start without indexing any page
// twice. Real pipeline: a PDF with its own text layer (read by MuPDF in the pool) and a scan read
// by tesseract.js, in Arabic, found by a phrase typed without the shapes OCR may keep.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexDocumentPages, searchCases } from '../../../src/domain';
import { createDocumentService, type DocumentService } from '../../../src/main/services/documents/document-service';
import { OcrPool } from '../../../src/main/services/documents/ocr-pool';
import { openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';
import { fixture } from '../../helpers/ocr';
import { DOCUMENT_TYPE } from '../../helpers/read-documents';

let court: TestCourt;
let caseId: string;
let dataDir: string;
const open: { close(): Promise<void> }[] = [];

beforeEach(async () => {
  court = await openTestCourt();
  caseId = (await registerSampleCase(court)).caseId;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-index-hook-'));
});
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  await court.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function service(onDocumentRead?: (id: string) => Promise<void>): DocumentService {
  const pool = new OcrPool({ size: 1 });
  const s = createDocumentService({ db: court.db, dataDir, commandEnv: () => court.env, pool, ...(onDocumentRead ? { onDocumentRead } : {}) });
  open.push(pool, s);
  return s;
}

const search = (text: string) => searchCases(court.db, court.courtId, { text, limit: 20 });
const entries = async () => (await court.db.selectFrom('page_search_rows').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

describe('indexDocumentPages as the OCR success hook', () => {
  it('indexes a document once its OCR succeeded; the hook run again after a crash adds nothing', async () => {
    const s = service(async (id) => void (await indexDocumentPages(court.db, id)));
    await s.start();
    const meta = { caseId, documentTypeId: DOCUMENT_TYPE.petition, title: 'مقال افتتاحي' };
    const french = await s.importDocument(court.clerk, fixture('text-layer-french.pdf'), { ...meta, language: 'fr' });
    const arabic = await s.importDocument(court.clerk, fixture('arabic-clean.png'), { ...meta, language: 'ar' });
    await s.idle();
    const found = (await search('tribunal premiere instance')).rows.find((r) => r.page?.documentId === french.documentId);
    expect(found).toMatchObject({ caseId, page: { pageNumber: 1 } });
    expect(found!.snippets[0]!.hits.map(([a, b]) => found!.snippets[0]!.text.slice(a, b).toLowerCase())).toEqual(expect.arrayContaining(['tribunal', 'première', 'instance']));
    const arabicHit = (await search('عقد كراء محل تجاري')).rows.find((r) => r.page?.documentId === arabic.documentId);
    expect(arabicHit).toMatchObject({ page: { pageNumber: 1 } });
    const pages = await entries();
    expect(pages).toBe(2);

    // The desk died after the hook but before indexed_at was written: at start the hook runs again.
    await court.db.updateTable('ocr_jobs').set({ indexed_at: null }).execute();
    const again = service(async (id) => void (await indexDocumentPages(court.db, id)));
    await again.start();
    await again.idle();
    for (let i = 0; i < 50 && (await court.db.selectFrom('ocr_jobs').select('id').where('indexed_at', 'is', null).execute()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await court.db.selectFrom('ocr_jobs').select('id').where('indexed_at', 'is', null).execute()).toEqual([]);
    expect(await entries()).toBe(pages);
    expect((await search('tribunal premiere instance')).rows.filter((r) => r.page?.documentId === french.documentId)).toHaveLength(1);
  });

  it('a document whose OCR has not run is not found', async () => {
    const s = service(async (id) => void (await indexDocumentPages(court.db, id)));
    // Not started: registered, its job queued, nothing read.
    const doc = await s.importDocument(court.clerk, fixture('text-layer-french.pdf'), { caseId, documentTypeId: DOCUMENT_TYPE.petition, title: 'Requête', language: 'fr' });
    expect(await indexDocumentPages(court.db, doc.documentId)).toEqual({ pages: 0 });
    expect((await search('tribunal')).rows.filter((r) => r.page)).toEqual([]);
  });
});
