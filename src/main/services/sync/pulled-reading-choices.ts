// A reading language chosen on another desk (chooseOcrLanguage, ARCHITECTURE §5) comes to this desk
// as the document's row. Page text is not synced — each desk reads its own copy of the file — so
// the pages whose choice changed are marked to be read again here, in the pull's transaction, as
// the command marks them on the desk where it ran: the same page then reads the same way, and is
// found by the same words, on every desk. Pages not read yet need nothing (their job reads them
// with the document's choices as they stand then); a page a person corrected keeps its correction.
import type { Tx } from '../../../domain';
import { pageOcrLanguagesOf } from '../../../shared/schemas/documents';

/** A document's row as stored or pulled (its columns read defensively: a pulled row is data). */
type Choices = Record<string, unknown>;

/** The choice a page is read with: its own, or the document's. */
function choiceOf(doc: Choices, pageIndex: number): string | undefined {
  const own = typeof doc.page_ocr_languages === 'string' ? pageOcrLanguagesOf(doc.page_ocr_languages)[String(pageIndex)] : undefined;
  return own ?? (typeof doc.ocr_language === 'string' ? doc.ocr_language : undefined);
}

export class PulledReadingChoices {
  private readonly changed = new Map<string, { before: Choices; after: Choices }>();

  /** A document's row replaced by the server's: `before` is this desk's copy (none: a new record, nothing read yet). */
  note(id: string, before: Choices | undefined, after: Choices): void {
    if (!before) return;
    const seen = this.changed.get(id);
    this.changed.set(id, { before: seen ? seen.before : before, after });
  }

  /** Marks the read pages whose choice changed; the documents that now have pages waiting. */
  async markIn(trx: Tx): Promise<string[]> {
    const waiting: string[] = [];
    for (const [documentId, { before, after }] of this.changed) {
      if (before.ocr_language === after.ocr_language && before.page_ocr_languages === after.page_ocr_languages) continue;
      const corrected = new Set(
        (await trx.selectFrom('page_corrections').select('page_index').where('document_id', '=', documentId).execute()).map((c) => c.page_index),
      );
      const read = await trx.selectFrom('document_pages').select('page_index').where('document_id', '=', documentId).where('ocr_status', '=', 'done').execute();
      const byChoice = new Map<string, number[]>();
      for (const { page_index: p } of read) {
        if (corrected.has(p)) continue;
        const now = choiceOf(after, p);
        if (now === undefined || now === choiceOf(before, p)) continue;
        byChoice.set(now, [...(byChoice.get(now) ?? []), p]);
      }
      for (const [choice, pages] of byChoice) {
        for (let i = 0; i < pages.length; i += 500) {
          await trx
            .updateTable('document_pages')
            .set({ reread_language: choice })
            .where('document_id', '=', documentId)
            .where('page_index', 'in', pages.slice(i, i + 500))
            .execute();
        }
      }
      if (byChoice.size > 0) waiting.push(documentId);
    }
    return waiting;
  }
}
