// documents.*: a case's documents and their OCR as the clerk sees them — import (a path on this
// desk, a streamed upload, or a file of the scanner folder), the list with each document's job,
// thumbnails, the jobs under way, cancel and retry. The work is the document service's; this maps
// calls to it. A filing is checked (who may attach, the case, the type) before the file is read,
// and a refusal leaves nothing behind: no stored copy, no document, no job, no upload.
import fsp from 'node:fs/promises';
import { assertMayRun } from '../../../domain';
import { notFound } from '../../../shared/errors';
import type { DocumentMetadataInput } from '../../../shared/schemas/documents';
import type { DocumentMetadata } from '../documents/document-service';
import { exportableDocument } from '../documents/searchable-export';
import { assertCaseOfCourt, documentOfCourt, jobOfCourt, listActiveJobs, listCaseDocuments, listDocumentTypes } from '../documents/document-queries';
import { deliverExport } from './export-delivery';
import { actorOf, type CallContext, type HandlerMap } from './types';
import { fileNameShown } from '../../../shared/text-rules';

/** Characters no file system or download bar takes in a file name. */
const UNSAFE_IN_FILE_NAME = /[/\\:*?"<>|\p{Cc}]+/gu;

/** The name offered for a searchable PDF: the document's title (its file name's stem when blank), `.pdf`. */
export function exportFileName(title: string, fileName: string): string {
  const stem = (title.trim() || fileName.replace(/\.[^.]*$/u, '')).replace(UNSAFE_IN_FILE_NAME, '-').trim().slice(0, 120);
  return `${stem || 'document'}.pdf`;
}

/** What can be refused without reading the file: the clerk's right to file, the case, the type. */
async function checkFiling(ctx: CallContext, meta: DocumentMetadataInput): Promise<void> {
  assertMayRun(actorOf(ctx), 'attachDocument');
  await assertCaseOfCourt(ctx.db, ctx.courtId(), meta.caseId);
  const type = await ctx.db.selectFrom('document_types').select('id').where('id', '=', meta.documentTypeId).executeTakeFirst();
  if (!type) throw notFound('document_type', meta.documentTypeId);
}

function metadataOf(meta: DocumentMetadataInput, fileName: string): DocumentMetadata {
  return {
    caseId: meta.caseId,
    documentTypeId: meta.documentTypeId,
    ...(meta.documentDate ? { documentDate: meta.documentDate } : {}),
    language: meta.language,
    ocrLanguage: meta.ocrLanguage,
    title: meta.title,
    fileName,
  };
}

export const documentHandlers = {
  'documents.types': async (_input, ctx) => ({ types: await listDocumentTypes(ctx.db) }),
  'documents.listForCase': async (input, ctx) => ({
    // A job a full disk stopped is `running` in the database (nothing can be written): it is shown with why.
    documents: (await listCaseDocuments(ctx.db, ctx.courtId(), input.caseId)).map((d) =>
      d.job && ctx.documents.waitingForSpace(d.job.jobId) ? { ...d, job: { ...d.job, errorCode: 'diskFull' as const } } : d,
    ),
  }),
  'documents.thumbnail': async (input, ctx) => {
    const doc = await documentOfCourt(ctx.db, ctx.courtId(), input.documentId);
    const png = await fsp.readFile(ctx.documents.store.thumbnailPathOf(doc.sha256)).catch(() => null);
    return { dataUrl: png ? `data:image/png;base64,${png.toString('base64')}` : null };
  },
  'documents.import': async (input, ctx) => {
    const { source, meta } = input;
    // Taken before anything is awaited: two imports naming one upload file it once.
    const file = source.kind === 'path' ? source.path : ctx.uploads.claim(source.uploadId);
    try {
      await checkFiling(ctx, meta);
      const fileName = source.kind === 'path' ? fileNameShown(basename(source.path)) : source.fileName;
      const imported = await ctx.documents.importDocument(actorOf(ctx), file, metadataOf(meta, fileName));
      return { documentId: imported.documentId, jobId: imported.jobId, pageCount: imported.pageCount };
    } finally {
      // An upload is used once, whether it was filed or refused.
      if (source.kind === 'upload') await ctx.uploads.remove(source.uploadId);
    }
  },
  'documents.activeJobs': async (_input, ctx) => ({ jobs: await listActiveJobs(ctx.db, ctx.courtId()) }),
  'documents.cancelJob': async (input, ctx) => {
    assertMayRun(actorOf(ctx), 'attachDocument');
    await jobOfCourt(ctx.db, ctx.courtId(), input.jobId);
    return { cancelled: await ctx.documents.cancel(input.jobId) };
  },
  'documents.retry': async (input, ctx) => {
    assertMayRun(actorOf(ctx), 'attachDocument');
    await documentOfCourt(ctx.db, ctx.courtId(), input.documentId);
    return { jobId: await ctx.documents.retry(input.documentId) };
  },
  'documents.scannerInbox': async (_input, ctx) => ({ configured: ctx.scanner !== null, files: ctx.scanner?.files() ?? [] }),
  'documents.fileFromScanner': async (input, ctx) => {
    const scanner = ctx.scanner;
    if (!scanner) throw notFound('scanner_folder', '');
    await checkFiling(ctx, input.meta);
    const imported = await ctx.documents.importDocument(actorOf(ctx), scanner.pathOf(input.name), metadataOf(input.meta, input.name));
    // Filed: out of the inbox. If the move fails the document stays filed; the file is listed again.
    await scanner.fileAway(input.name).catch((err: unknown) => ctx.log.warn({ err, name: input.name }, 'a filed scan could not be moved to filed/'));
    return { documentId: imported.documentId, jobId: imported.jobId, pageCount: imported.pageCount };
  },
  'documents.exportSearchablePdf': async (input, ctx) => {
    // Refused (another court's, still being read) before the clerk is asked where to save it.
    const doc = await exportableDocument(ctx.db, ctx.courtId(), input.documentId);
    const suggested = exportFileName(doc.title, doc.fileName);
    return deliverExport(ctx, suggested, async (destination) => {
      const made = await ctx.documents.exportSearchablePdf(ctx.courtId(), doc.id, destination);
      return { pages: made.pages, bytes: made.bytes };
    });
  },
} satisfies HandlerMap<
  | 'documents.types'
  | 'documents.listForCase'
  | 'documents.thumbnail'
  | 'documents.import'
  | 'documents.activeJobs'
  | 'documents.cancelJob'
  | 'documents.retry'
  | 'documents.scannerInbox'
  | 'documents.fileFromScanner'
  | 'documents.exportSearchablePdf'
>;

/** The last part of a POSIX or Windows path (the renderer's path may be either). */
function basename(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}
