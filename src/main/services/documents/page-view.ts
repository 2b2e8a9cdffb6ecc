// What the viewer shows of one page: its text (a person's correction when there is one), mean
// confidence and word boxes, the document's pages with their flags, and the misfiled signs.
import type { Db } from '../../../domain';
import { notFound, ruleViolation } from '../../../shared/errors';
import { isLowConfidence, type DocumentPageView } from '../../../shared/schemas/document-viewer';
import { ocrLanguageChoiceSchema, pageOcrLanguagesOf, wordBoxSchema, type OcrLanguageChoice, type WordBox } from '../../../shared/schemas/documents';
import { misfiledSignsOfDocument } from './misfiled-pages';

type OcrStatus = DocumentPageView['page']['ocrStatus'];
const asStatus = (s: string): OcrStatus => (s === 'done' || s === 'failed' ? s : 'pending');

/** Word boxes as stored (JSON written by the pipeline); anything malformed is dropped rather than shown wrong. */
function wordsOf(json: string): WordBox[] {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((w) => {
      const r = wordBoxSchema.safeParse(w);
      return r.success ? [r.data] : [];
    });
  } catch {
    return [];
  }
}

function choiceOf(value: string | null): OcrLanguageChoice | null {
  const parsed = ocrLanguageChoiceSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export async function viewDocumentPage(db: Db, courtId: string, documentId: string, pageIndex: number): Promise<DocumentPageView> {
  const doc = await db
    .selectFrom('documents as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .select(['d.id', 'd.court_id', 'd.case_id', 'c.number', 'd.title', 'd.file_name', 'd.page_count', 'd.version', 'd.ocr_language', 'd.page_ocr_languages'])
    .where('d.id', '=', documentId)
    .executeTakeFirst();
  if (!doc || doc.court_id !== courtId) throw notFound('document', documentId);
  if (pageIndex >= doc.page_count) throw ruleViolation('pageOutOfRange', { page: pageIndex + 1, pages: doc.page_count }, ['pageIndex']);
  const rows = await db
    .selectFrom('document_pages')
    .select(['page_index', 'ocr_status', 'confidence', 'corrected'])
    .where('document_id', '=', documentId)
    .orderBy('page_index')
    .execute();
  const byIndex = new Map(rows.map((r) => [r.page_index, r]));
  // A page without a row yet (its job not queued) is pending like any page not read.
  const pages = Array.from({ length: doc.page_count }, (_, i) => {
    const r = byIndex.get(i);
    return {
      pageIndex: i,
      ocrStatus: r ? asStatus(r.ocr_status) : ('pending' as const),
      confidence: r?.confidence ?? null,
      lowConfidence: isLowConfidence(r?.confidence ?? null),
      corrected: r?.corrected === 1,
    };
  });
  const page = await db.selectFrom('document_pages').selectAll().where('document_id', '=', documentId).where('page_index', '=', pageIndex).executeTakeFirst();
  const correction = await db
    .selectFrom('page_corrections')
    .select(['text', 'version'])
    .where('document_id', '=', documentId)
    .where('page_index', '=', pageIndex)
    .executeTakeFirst();
  return {
    document: {
      id: doc.id,
      caseId: doc.case_id,
      caseNumber: doc.number,
      title: doc.title,
      fileName: doc.file_name,
      pageCount: doc.page_count,
      version: doc.version,
      ocrLanguage: choiceOf(doc.ocr_language) ?? 'auto',
    },
    page: {
      ...pages[pageIndex]!,
      // A correction made before OCR reached the page is still the page's text.
      corrected: pages[pageIndex]!.corrected || correction !== undefined,
      text: correction?.text ?? page?.text ?? '',
      correctionVersion: correction?.version ?? null,
      words: page ? wordsOf(page.words) : [],
      // A text layer's page has no image frame (0): no boxes to draw.
      width: page?.width || null,
      height: page?.height || null,
      script: page?.script ?? null,
      model: page?.model ?? null,
      ocrLanguage: pageOcrLanguagesOf(doc.page_ocr_languages)[String(pageIndex)] ?? null,
      rereadLanguage: choiceOf(page?.reread_language ?? null),
    },
    pages,
    misfiled: await misfiledSignsOfDocument(db, documentId),
  };
}
