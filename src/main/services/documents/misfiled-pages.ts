// Misfiled pages (issue 9, item 7) on the desk: after a document's OCR, and again when a person
// corrects a page's text, each page's text is put to findMisfiledSigns (the pure domain read) and
// what it finds is kept in misfiled_signs, replacing that page's earlier signs. Only warns: the
// document stays in the case it was filed in. Also the reads the viewer and the case screen show.
import { findMisfiledSigns, type Db } from '../../../domain';
import { notFound } from '../../../shared/errors';
import type { MisfiledPageSign, MisfiledOfCase } from '../../../shared/schemas/document-viewer';
import type { MisfiledReason } from '../../../shared/schemas/search';

/** Checks the read pages of a document (or only `pageIndexes`) and keeps their signs; returns how many pages point elsewhere. */
export async function recordMisfiledSigns(db: Db, courtId: string, documentId: string, today: string, foundAt: string, pageIndexes?: readonly number[]): Promise<number> {
  const doc = await db.selectFrom('documents').select(['id', 'case_id', 'court_id']).where('id', '=', documentId).executeTakeFirst();
  if (!doc || doc.court_id !== courtId) return 0;
  let query = db.selectFrom('document_pages').select(['page_index', 'text']).where('document_id', '=', documentId).where('ocr_status', '=', 'done');
  if (pageIndexes) query = query.where('page_index', 'in', pageIndexes.length > 0 ? [...pageIndexes] : [-1]);
  const pages = await query.orderBy('page_index').execute();
  let flagged = 0;
  for (const page of pages) {
    const signs = page.text.trim() === '' ? [] : await findMisfiledSigns(db, courtId, { caseId: doc.case_id, text: page.text, today });
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('misfiled_signs').where('document_id', '=', documentId).where('page_index', '=', page.page_index).execute();
      if (signs.length > 0) {
        await trx
          .insertInto('misfiled_signs')
          .values(
            signs.map((s) => ({
              document_id: documentId,
              page_index: page.page_index,
              other_case_id: s.caseId,
              other_case_number: s.caseNumber,
              reasons: JSON.stringify(s.reasons),
              found_at: foundAt,
            })),
          )
          .execute();
      }
    });
    if (signs.length > 0) flagged++;
  }
  return flagged;
}

function signOf(row: { page_index: number; other_case_id: string; other_case_number: string; reasons: string }): MisfiledPageSign {
  return { pageIndex: row.page_index, caseId: row.other_case_id, caseNumber: row.other_case_number, reasons: JSON.parse(row.reasons) as MisfiledReason[] };
}

export async function misfiledSignsOfDocument(db: Db, documentId: string): Promise<MisfiledPageSign[]> {
  const rows = await db.selectFrom('misfiled_signs').selectAll().where('document_id', '=', documentId).orderBy('page_index').orderBy('other_case_number').execute();
  return rows.map(signOf);
}

/** The documents filed in a case with pages that seem to belong elsewhere, with those signs. */
export async function misfiledOfCase(db: Db, courtId: string, caseId: string): Promise<MisfiledOfCase> {
  const kase = await db.selectFrom('cases').select('id').where('id', '=', caseId).where('court_id', '=', courtId).executeTakeFirst();
  if (!kase) throw notFound('case', caseId);
  const rows = await db
    .selectFrom('misfiled_signs as m')
    .innerJoin('documents as d', 'd.id', 'm.document_id')
    .select(['d.id as documentId', 'd.title', 'm.page_index', 'm.other_case_id', 'm.other_case_number', 'm.reasons'])
    .where('d.case_id', '=', caseId)
    .where('d.court_id', '=', courtId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .orderBy('m.page_index')
    .orderBy('m.other_case_number')
    .execute();
  const byDocument = new Map<string, MisfiledOfCase['documents'][number]>();
  for (const r of rows) {
    const entry = byDocument.get(r.documentId) ?? { documentId: r.documentId, title: r.title, signs: [] };
    entry.signs.push(signOf(r));
    byDocument.set(r.documentId, entry);
  }
  return { documents: [...byDocument.values()] };
}
