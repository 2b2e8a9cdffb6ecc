// correctPageText: a person replaces what OCR read on one page of a document. The correction is a
// synced record of its own (one per page, its id derived from the page, versioned: a second
// correction is based on the first);
// on the desk the page's text follows in the same transaction, and OCR never overwrites it.
import { nameBasedId } from '../name-based-id';
import { notFound, ruleViolation, staleVersion } from '../../shared/errors';
import { assertBaseVersion } from '../load';
import { insertVersioned, updateVersioned } from '../rows';
import type { CommandDefinition } from '../types';

/**
 * The id of a page's correction, the same on every desk: two desks correcting the same page
 * offline create the same record, so the second push is a conflict on it (never a second row that
 * sync could not place beside the first).
 */
export function pageCorrectionId(documentId: string, pageIndex: number): string {
  return nameBasedId(`page_correction:${documentId}:${pageIndex}`);
}

export const correctPageText: CommandDefinition<'correctPageText'> = {
  name: 'correctPageText',
  async execute(trx, ctx, args) {
    const doc = await trx.selectFrom('documents').selectAll().where('id', '=', args.documentId).executeTakeFirst();
    if (!doc || doc.court_id !== ctx.env.courtId) throw notFound('document', args.documentId);
    if (args.pageIndex >= doc.page_count) throw ruleViolation('pageOutOfRange', { page: args.pageIndex + 1, pages: doc.page_count }, ['pageIndex']);
    const existing = await trx
      .selectFrom('page_corrections')
      .selectAll()
      .where('document_id', '=', doc.id)
      .where('page_index', '=', args.pageIndex)
      .executeTakeFirst();
    let written;
    if (existing) {
      // Someone corrected this page since it was opened: their text must not vanish unseen.
      if (args.baseVersion === undefined) throw staleVersion('page_correction', existing.id, 0, existing.version);
      assertBaseVersion('page_correction', existing, args.baseVersion);
      const updated = await updateVersioned(trx, ctx, 'page_corrections', existing, { text: args.text, corrected_at: ctx.wallTime, corrected_by: ctx.actor!.userId });
      written = { row: updated.row, changes: updated.change ? [updated.change] : [] };
    } else {
      const inserted = await insertVersioned(trx, ctx, 'page_corrections', {
        id: pageCorrectionId(doc.id, args.pageIndex),
        document_id: doc.id,
        page_index: args.pageIndex,
        text: args.text,
        corrected_at: ctx.wallTime,
        corrected_by: ctx.actor!.userId,
      });
      written = { row: inserted.row, changes: [inserted.change] };
    }
    // The desk's page (absent on the server, which does not OCR) shows the corrected text.
    await trx.updateTable('document_pages').set({ text: args.text, corrected: 1 }).where('document_id', '=', doc.id).where('page_index', '=', args.pageIndex).execute();
    return {
      result: { documentId: doc.id, pageIndex: args.pageIndex, correctionId: written.row.id, version: written.row.version },
      changes: written.changes,
      baseVersions: existing ? { [existing.id]: args.baseVersion! } : {},
      caseIds: [doc.case_id],
    };
  },
};
