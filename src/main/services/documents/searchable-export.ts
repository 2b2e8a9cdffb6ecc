// A document exported as a searchable PDF from what the desk already holds: each page's text as
// OCR read it (word boxes) or as a person corrected it, laid invisibly over the scan by an OCR
// worker (searchable-pdf.ts). Never reads a page again; refused until the document's reading is
// done. The file is written beside its destination and renamed into place: never half a PDF.
import fsp from 'node:fs/promises';
import type { Db } from '../../../domain';
import { AppError, notFound } from '../../../shared/errors';
import { wordBoxSchema, type WordBox } from '../../../shared/schemas/documents';
import type { DocumentFileStore } from './file-store';
import type { OcrPool } from './ocr-pool';
import { pageTextLayer } from './text-layer';

export interface SearchableExport {
  pages: number;
  bytes: number;
  /** `asIs`: a PDF whose every page has its own text, copied unchanged; `layered`: the text laid over the pages. */
  made: 'asIs' | 'layered';
}

function wordsOf(json: string): WordBox[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.flatMap((w) => (wordBoxSchema.safeParse(w).success ? [w as WordBox] : [])) : [];
  } catch {
    return [];
  }
}

/** The document of this court, checked ready to export (its newest reading done); else a typed refusal. */
export async function exportableDocument(db: Db, courtId: string, documentId: string): Promise<{ id: string; sha256: string; title: string; fileName: string; mime: string; pageCount: number }> {
  const doc = await db.selectFrom('documents').select(['id', 'court_id', 'sha256', 'title', 'file_name', 'mime', 'page_count']).where('id', '=', documentId).executeTakeFirst();
  if (!doc || doc.court_id !== courtId) throw notFound('document', documentId);
  const job = await db.selectFrom('ocr_jobs').select('status').where('document_id', '=', documentId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  const status = job?.status ?? 'none';
  if (status === 'queued' || status === 'running' || status === 'none') throw new AppError('CONFLICT', 'errors.documents.exportWaitsForReading', { params: { status } });
  if (status !== 'done') throw new AppError('CONFLICT', 'errors.documents.exportNotRead', { params: { status } });
  return { id: doc.id, sha256: doc.sha256, title: doc.title, fileName: doc.file_name, mime: doc.mime, pageCount: doc.page_count };
}

/**
 * Writes the searchable PDF of a document of `courtId` to `destination`. A PDF whose pages all
 * carry their own text (nothing read by OCR, nothing corrected) is already searchable: it is copied
 * as it is. Otherwise every page is kept as it is and the text the desk holds is laid over the
 * pages OCR read; a page with its own text keeps it (a correction of such a page is the desk's
 * record, but the file's own text is not replaced: laying both would make every word found twice).
 */
export async function exportSearchablePdf(
  deps: { db: Db; pool: OcrPool; store: DocumentFileStore },
  courtId: string,
  documentId: string,
  destination: string,
): Promise<SearchableExport> {
  const doc = await exportableDocument(deps.db, courtId, documentId);
  const rows = await deps.db
    .selectFrom('document_pages')
    .select(['page_index', 'ocr_status', 'source', 'words', 'width', 'height'])
    .where('document_id', '=', documentId)
    .orderBy('page_index')
    .execute();
  const corrections = new Map(
    (await deps.db.selectFrom('page_corrections').select(['page_index', 'text']).where('document_id', '=', documentId).execute()).map((c) => [c.page_index, c.text]),
  );
  const file = deps.store.pathOf(doc.sha256);
  const part = `${destination}.${process.pid}.part`;
  try {
    const allOwnText = doc.mime === 'application/pdf' && rows.length === doc.pageCount && rows.every((r) => r.source === 'textLayer') && corrections.size === 0;
    let result: SearchableExport;
    if (allOwnText) {
      await fsp.copyFile(file, part);
      result = { pages: doc.pageCount, bytes: (await fsp.stat(part)).size, made: 'asIs' };
    } else {
      const layers = rows
        .filter((r) => r.ocr_status === 'done' && r.source === 'ocr')
        .map((r) => pageTextLayer({ pageIndex: r.page_index, width: r.width, height: r.height, words: wordsOf(r.words), correctedText: corrections.get(r.page_index) ?? null }));
      const written = await deps.pool.run({ kind: 'searchablePdf', file, layers, partPath: part });
      result = { pages: written.pages, bytes: written.bytes, made: 'layered' };
    }
    await fsp.rename(part, destination);
    return result;
  } catch (err) {
    await fsp.rm(part, { force: true });
    throw err;
  }
}
