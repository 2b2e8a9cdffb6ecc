// chooseOcrLanguage: the clerk asks for a document, or one page of it, to be read again with
// another OCR language (auto-detection chose wrong, or the page mixes scripts). The choice is the
// document's (a synced record): for every page it becomes `ocr_language`, for one page an entry of
// `page_ocr_languages`. On the desk the pages asked for are marked to be read again
// (`document_pages.reread_language`, in this transaction; the server has no pages, so nothing
// there); the OCR queue reads them and replaces each page's text only once its new reading
// succeeded. A page a person corrected keeps its correction and is not read again: asked for the
// whole document, the clerk confirms that first (`correctedPagesKept`); asked for that page alone,
// it is refused — there is nothing to read again.
import { notFound, ruleViolation } from '../../shared/errors';
import { pageOcrLanguagesOf } from '../../shared/schemas/documents';
import { assertBaseVersion } from '../load';
import { requireConfirmed } from '../rule-issues';
import { updateVersioned } from '../rows';
import type { CommandDefinition } from '../types';

/** Pages are listed 1-based for a person, in order, as "2, 5, 7". */
const pageList = (pages: readonly number[]) => pages.map((p) => p + 1).join(', ');

export const chooseOcrLanguage: CommandDefinition<'chooseOcrLanguage'> = {
  name: 'chooseOcrLanguage',
  async execute(trx, ctx, args) {
    const doc = await trx.selectFrom('documents').selectAll().where('id', '=', args.documentId).executeTakeFirst();
    if (!doc || doc.court_id !== ctx.env.courtId) throw notFound('document', args.documentId);
    if (args.pageIndex !== undefined && args.pageIndex >= doc.page_count) {
      throw ruleViolation('pageOutOfRange', { page: args.pageIndex + 1, pages: doc.page_count }, ['pageIndex']);
    }
    assertBaseVersion('document', doc, args.baseVersion);
    const scope = args.pageIndex !== undefined ? [args.pageIndex] : Array.from({ length: doc.page_count }, (_, i) => i);
    const corrected = new Set(
      (await trx.selectFrom('page_corrections').select('page_index').where('document_id', '=', doc.id).execute()).map((c) => c.page_index),
    );
    const kept = scope.filter((p) => corrected.has(p));
    const pages = scope.filter((p) => !corrected.has(p));
    if (pages.length === 0) {
      throw ruleViolation(args.pageIndex !== undefined ? 'pageCorrectedNotReread' : 'allPagesCorrected', { pages: pageList(kept) }, args.pageIndex !== undefined ? ['pageIndex'] : []);
    }
    if (kept.length > 0) requireConfirmed(args.confirmed, [{ warning: 'correctedPagesKept', params: { pages: pageList(kept), count: kept.length } }]);

    let patch: { ocr_language?: string; page_ocr_languages: string };
    if (args.pageIndex === undefined) {
      // The document's own choice now holds for every page: earlier single-page choices end.
      patch = { ocr_language: args.ocrLanguage, page_ocr_languages: '{}' };
    } else {
      const choices = pageOcrLanguagesOf(doc.page_ocr_languages);
      choices[String(args.pageIndex)] = args.ocrLanguage;
      // Keys in page order, so one set of choices is always the same text (its audit before/after too).
      const ordered = Object.fromEntries(Object.entries(choices).sort(([a], [b]) => Number(a) - Number(b)));
      patch = { page_ocr_languages: JSON.stringify(ordered) };
    }
    // Asking again with the same choice is still a request to read again: the version moves on.
    const updated = await updateVersioned(trx, ctx, 'documents', doc, patch, { touch: true });
    // The desk's pages wait for their new reading; their current text stays until it succeeds.
    for (let i = 0; i < pages.length; i += 500) {
      await trx
        .updateTable('document_pages')
        .set({ reread_language: args.ocrLanguage })
        .where('document_id', '=', doc.id)
        .where('page_index', 'in', pages.slice(i, i + 500))
        .execute();
    }
    return {
      result: { documentId: doc.id, version: updated.row.version, pages, keptCorrected: kept },
      changes: updated.change ? [updated.change] : [],
      baseVersions: { [doc.id]: args.baseVersion },
      caseIds: [doc.case_id],
    };
  },
};
