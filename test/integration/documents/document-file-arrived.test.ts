// A document another desk scanned arrives as a record first and its file later (ARCHITECTURE §5,
// files between desks): the desk's OCR does not try to read a file it does not have — at start the
// document waits, no job fails — and once the file came down and was verified, it is read and
// indexed like an imported one, with its thumbnail.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import { createDocumentService, type DocumentService } from '../../../src/main/services/documents/document-service';
import { OcrPool } from '../../../src/main/services/documents/ocr-pool';
import { SEED_DOCUMENT_TYPES } from '../../../src/store/sqlite/migrations/0018-documents';
import { openTestCourt, registerSampleCase, tempDbFile, type TestCourt } from '../../helpers/db';
import { fixture } from '../../helpers/ocr';

const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;

let court: TestCourt;
let dataDir: string;
let service: DocumentService;
let pool: OcrPool;

beforeEach(async () => {
  court = await openTestCourt({ file: tempDbFile() });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-docs-arrived-'));
  pool = new OcrPool({ size: 1 });
});
afterEach(async () => {
  await service.close();
  await pool.close();
  await court.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a pulled document whose file comes later', () => {
  it('waits without a failed job, then is read and indexed once its file arrived', async () => {
    const { caseId } = await registerSampleCase(court);
    const source = fixture('text-layer-french.pdf');
    const bytes = fs.readFileSync(source);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // The record as a pull leaves it: registered, its file not in this desk's store.
    const { documentId } = await runCommand(court.db, court.env, court.clerk, 'attachDocument', {
      caseId,
      documentTypeId: PETITION,
      language: 'fr',
      title: 'Requête',
      fileName: 'requete.pdf',
      sha256,
      size: bytes.length,
      mime: 'application/pdf',
      pageCount: 1,
    });
    const indexed: string[] = [];
    service = createDocumentService({ db: court.db, dataDir, commandEnv: () => court.env, pool, onDocumentRead: async (id) => void indexed.push(id) });
    await service.start();
    await service.idle();
    expect(await court.db.selectFrom('ocr_jobs').selectAll().where('document_id', '=', documentId).execute()).toEqual([]);

    // Came down and verified: placed in the store, as DocumentFiles does.
    const file = service.store.pathOf(sha256);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(source, file);
    await service.fileArrived(sha256);
    await service.idle();
    const job = await court.db.selectFrom('ocr_jobs').selectAll().where('document_id', '=', documentId).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'done', pages_done: 1, error_code: null, indexed_at: expect.any(String) });
    const page = await court.db.selectFrom('document_pages').selectAll().where('document_id', '=', documentId).executeTakeFirstOrThrow();
    expect(page.ocr_status).toBe('done');
    expect(page.text.length).toBeGreaterThan(20);
    expect(indexed).toEqual([documentId]);
    expect(fs.readFileSync(service.store.thumbnailPathOf(sha256)).subarray(1, 4).toString()).toBe('PNG');

    // Told twice (a second pass, a restart): no second job.
    await service.fileArrived(sha256);
    await service.idle();
    expect(await court.db.selectFrom('ocr_jobs').select('id').where('document_id', '=', documentId).execute()).toHaveLength(1);
  });
});
