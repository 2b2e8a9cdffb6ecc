// Reads of the desk's documents for the clerk's screens: a case's documents with the newest OCR job
// of each, the jobs under way (the workspace's overall progress), the document types to choose
// from. Desk-only (ocr_jobs is the desk's own work), read-only: writes go through the command runner
// (attachDocument) or the document service (jobs).
import { notFound } from '../../../shared/errors';
import type { Db } from '../../../domain';
import type { ActiveJobs, CaseDocumentView, DocumentJobView, DocumentTypeView, OcrLanguageChoice } from '../../../shared/schemas/documents';
import type { DocumentFaultReason, DocumentMime, OcrJobStatusName } from '../../../shared/schemas/documents';
import type { Language } from '../../../shared/enums';

function typeView(t: { id: string; code: string; name_ar: string; name_fr: string; name_en: string }): DocumentTypeView {
  return { id: t.id, code: t.code, nameAr: t.name_ar, nameFr: t.name_fr, nameEn: t.name_en };
}

export async function listDocumentTypes(db: Db): Promise<DocumentTypeView[]> {
  const rows = await db.selectFrom('document_types').selectAll().where('active', '=', 1).orderBy('code').execute();
  return rows.map(typeView);
}

/** A case of this court (NOT_FOUND otherwise, as for a case of another court). */
export async function assertCaseOfCourt(db: Db, courtId: string, caseId: string): Promise<void> {
  const row = await db.selectFrom('cases').select('court_id').where('id', '=', caseId).executeTakeFirst();
  if (!row || row.court_id !== courtId) throw notFound('case', caseId);
}

/** A document of this court, with its stored file's digest. */
export async function documentOfCourt(db: Db, courtId: string, documentId: string): Promise<{ id: string; sha256: string; caseId: string }> {
  const row = await db.selectFrom('documents').select(['id', 'sha256', 'case_id', 'court_id']).where('id', '=', documentId).executeTakeFirst();
  if (!row || row.court_id !== courtId) throw notFound('document', documentId);
  return { id: row.id, sha256: row.sha256, caseId: row.case_id };
}

/** A job of a document of this court. */
export async function jobOfCourt(db: Db, courtId: string, jobId: string): Promise<void> {
  const row = await db.selectFrom('ocr_jobs').innerJoin('documents', 'documents.id', 'ocr_jobs.document_id').select('documents.court_id').where('ocr_jobs.id', '=', jobId).executeTakeFirst();
  if (!row || row.court_id !== courtId) throw notFound('ocr_job', jobId);
}

/** The documents filed in a case, newest first, each with its newest OCR job. */
export async function listCaseDocuments(db: Db, courtId: string, caseId: string): Promise<CaseDocumentView[]> {
  await assertCaseOfCourt(db, courtId, caseId);
  const docs = await db
    .selectFrom('documents')
    .innerJoin('document_types', 'document_types.id', 'documents.document_type_id')
    .select([
      'documents.id',
      'documents.case_id',
      'documents.title',
      'documents.file_name',
      'documents.document_date',
      'documents.language',
      'documents.ocr_language',
      'documents.mime',
      'documents.size',
      'documents.page_count',
      'document_types.id as type_id',
      'document_types.code as type_code',
      'document_types.name_ar',
      'document_types.name_fr',
      'document_types.name_en',
    ])
    .where('documents.case_id', '=', caseId)
    .orderBy('documents.id', 'desc')
    .execute();
  if (docs.length === 0) return [];
  const jobs = await db
    .selectFrom('ocr_jobs')
    .selectAll()
    .where(
      'document_id',
      'in',
      docs.map((d) => d.id),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  // Ascending order: the last one seen per document is its newest.
  const newest = new Map<string, DocumentJobView>();
  for (const j of jobs) {
    newest.set(j.document_id, {
      jobId: j.id,
      status: j.status as OcrJobStatusName,
      pagesDone: j.pages_done,
      pagesTotal: j.pages_total,
      attempts: j.attempts,
      errorCode: (j.error_code as DocumentFaultReason | null) ?? null,
      errorPage: j.error_page,
    });
  }
  return docs.map((d) => ({
    id: d.id,
    caseId: d.case_id,
    title: d.title,
    fileName: d.file_name,
    documentType: typeView({ id: d.type_id, code: d.type_code, name_ar: d.name_ar, name_fr: d.name_fr, name_en: d.name_en }),
    documentDate: d.document_date,
    language: d.language as Language,
    ocrLanguage: d.ocr_language as OcrLanguageChoice,
    mime: d.mime as DocumentMime,
    size: d.size,
    pageCount: d.page_count,
    job: newest.get(d.id) ?? null,
  }));
}

/** Jobs queued or running, oldest first. */
export async function listActiveJobs(db: Db, courtId: string): Promise<ActiveJobs['jobs']> {
  const rows = await db
    .selectFrom('ocr_jobs')
    .innerJoin('documents', 'documents.id', 'ocr_jobs.document_id')
    .select(['ocr_jobs.id', 'ocr_jobs.document_id', 'ocr_jobs.status', 'ocr_jobs.pages_done', 'ocr_jobs.pages_total', 'documents.case_id', 'documents.title'])
    .where('documents.court_id', '=', courtId)
    .where('ocr_jobs.status', 'in', ['queued', 'running'])
    .orderBy('ocr_jobs.created_at')
    .orderBy('ocr_jobs.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    jobId: r.id,
    documentId: r.document_id,
    caseId: r.case_id,
    title: r.title,
    status: r.status as 'queued' | 'running',
    pagesDone: r.pages_done,
    pagesTotal: r.pages_total,
  }));
}
