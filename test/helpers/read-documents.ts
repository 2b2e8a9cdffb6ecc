// Documents as the desk holds them once OCR has read them, without running OCR: the document filed
// through attachDocument (the one write path), then its pages and a finished job written the way
// the document service writes them (document-service.ts). For search tests and benchmarks that
// need many read pages fast; the OCR pipeline itself is exercised in test/integration/documents.
import { randomBytes } from 'node:crypto';
import { runCommand, type Actor, type CommandEnv, type Db } from '../../src/domain';
import { newId } from '../../src/shared/ids';
import { SEED_DOCUMENT_TYPES } from '../../src/store/sqlite/migrations/0018-documents';

type DocumentTypeCode = 'petition' | 'memorandum' | 'minutes' | 'expert_report' | 'summons' | 'judgment_copy' | 'exhibit' | 'other';
export const DOCUMENT_TYPE = Object.fromEntries(SEED_DOCUMENT_TYPES.map((t) => [t.code, t.id])) as Record<DocumentTypeCode, string>;

export interface ReadDocumentSpec {
  caseId: string;
  pages: readonly string[];
  documentTypeId?: string;
  documentDate?: string;
  title?: string;
  language?: 'ar' | 'fr' | 'en';
  /** The OCR job's end; anything but 'done' means the document was not read (yet). */
  jobStatus?: 'queued' | 'running' | 'done' | 'failed';
}

export async function fileReadDocument(court: { db: Db; env: CommandEnv; clerk: Actor }, spec: ReadDocumentSpec): Promise<string> {
  const { documentId } = await runCommand(court.db, court.env, court.clerk, 'attachDocument', {
    caseId: spec.caseId,
    documentTypeId: spec.documentTypeId ?? DOCUMENT_TYPE.petition,
    ...(spec.documentDate ? { documentDate: spec.documentDate } : {}),
    language: spec.language ?? 'ar',
    title: spec.title ?? 'مقال افتتاحي',
    fileName: 'scan.pdf',
    sha256: randomBytes(32).toString('hex'),
    size: 1000,
    mime: 'application/pdf',
    pageCount: spec.pages.length,
  });
  const status = spec.jobStatus ?? 'done';
  const at = new Date().toISOString();
  await court.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('document_pages')
      .values(
        spec.pages.map((text, pageIndex) => ({
          document_id: documentId,
          page_index: pageIndex,
          ocr_status: status === 'done' ? 'done' : 'pending',
          source: status === 'done' ? 'ocr' : null,
          model: status === 'done' ? 'ara' : null,
          script: null,
          text: status === 'done' ? text : '',
          confidence: status === 'done' ? 90 : null,
          words: '[]',
          width: null,
          height: null,
          corrected: 0,
          read_ms: null,
          read_at: status === 'done' ? at : null,
        })),
      )
      .execute();
    await trx
      .insertInto('ocr_jobs')
      .values({
        id: newId(),
        document_id: documentId,
        status,
        language: 'auto',
        dpi: 300,
        attempts: 1,
        pages_total: spec.pages.length,
        pages_done: status === 'done' ? spec.pages.length : 0,
        error_code: status === 'failed' ? 'ocrFailed' : null,
        error_page: null,
        created_at: at,
        started_at: at,
        finished_at: status === 'done' || status === 'failed' ? at : null,
        indexed_at: null,
      })
      .execute();
  });
  return documentId;
}
