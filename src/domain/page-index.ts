// The desk's index of document page text (page_search, migration 0020): written only for documents
// whose OCR succeeded (a job `done`), from the text a person corrected when there is one, else the
// text OCR (or the PDF's own text layer) read, normalized by normalizeForSearch like every query.
// Every write REPLACES what the index held for the document or page, so the success hook may run
// twice (a desk killed between the hook and `indexed_at`) and `reindex` may redo a batch without
// a page ever being in the index twice. Also `reindex`'s steps: a cursor and a count persisted in
// the transaction of each batch (page_reindex), so a run killed mid-way resumes where it stood.
// Desk-only (FTS5), written outside the command runner like document_pages: machine output, a cache.
import { sql } from 'kysely';
import { normalizeForSearch } from '../shared/normalize';
import type { Database, Db, Tx } from './db-schema';
import type { Kysely } from 'kysely';

type Conn = Kysely<Database> | Tx;

interface PageText {
  document_id: string;
  page_index: number;
  text: string;
}

/** Pages whose document's OCR succeeded (a page a person corrected counts as read). */
function readable(db: Conn) {
  return db
    .selectFrom('document_pages as p')
    .leftJoin('page_corrections as c', (j) => j.onRef('c.document_id', '=', 'p.document_id').onRef('c.page_index', '=', 'p.page_index'))
    .where((eb) => eb.or([eb('p.ocr_status', '=', 'done'), eb('c.id', 'is not', null)]))
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('ocr_jobs as j').select('j.id').whereRef('j.document_id', '=', 'p.document_id').where('j.status', '=', 'done')),
    );
}

/** Readable pages with the text that wins: a correction over what OCR read. */
function readablePages(db: Conn) {
  return readable(db).select(['p.document_id', 'p.page_index', sql<string>`coalesce(c.text, p.text)`.as('text')]);
}

async function removeRows(trx: Conn, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await sql`DELETE FROM page_search WHERE rowid IN (${sql.join(chunk)})`.execute(trx);
    await trx.deleteFrom('page_search_rows').where('id', 'in', chunk).execute();
  }
}

/** Puts each page in the index in place of what it held for that page; a page with no words has no entry. */
async function writePages(trx: Conn, pages: readonly PageText[]): Promise<number> {
  let written = 0;
  for (const p of pages) {
    const old = await trx.selectFrom('page_search_rows').select('id').where('document_id', '=', p.document_id).where('page_index', '=', p.page_index).executeTakeFirst();
    if (old) await removeRows(trx, [old.id]);
    const text = normalizeForSearch(p.text);
    if (text === '') continue;
    const row = await trx.insertInto('page_search_rows').values({ document_id: p.document_id, page_index: p.page_index }).returning('id').executeTakeFirstOrThrow();
    await sql`INSERT INTO page_search(rowid, text) VALUES (${row.id}, ${text})`.execute(trx);
    written++;
  }
  return written;
}

/**
 * The document service's success hook (`onDocumentRead`): the document's pages replace whatever the
 * index held for it. A document whose OCR has not succeeded is left out of the index (its entries,
 * if any, removed). Returns the number of pages in the index for it.
 */
export async function indexDocumentPages(db: Db, documentId: string): Promise<{ pages: number }> {
  return db.transaction().execute(async (trx) => {
    const old = await trx.selectFrom('page_search_rows').select('id').where('document_id', '=', documentId).execute();
    await removeRows(
      trx,
      old.map((r) => r.id),
    );
    const pages = await readablePages(trx).where('p.document_id', '=', documentId).orderBy('p.page_index').execute();
    return { pages: await writePages(trx, pages) };
  });
}

/**
 * One page again, after a person corrected its text (the hook after correctPageText): the
 * correction replaces the page's entry. A page of a document not read yet stays out (its OCR's
 * success hook will take the correction). Returns whether the page is in the index now.
 */
export async function reindexPage(db: Db, documentId: string, pageIndex: number): Promise<{ indexed: boolean }> {
  return db.transaction().execute((trx) => reindexPageIn(trx, documentId, pageIndex));
}

/**
 * `reindexPage` inside a transaction the caller holds: a pull that brings another desk's page
 * correction writes the index in the same transaction as the record, so the two never disagree.
 */
export async function reindexPageIn(trx: Tx, documentId: string, pageIndex: number): Promise<{ indexed: boolean }> {
  const page = await readablePages(trx).where('p.document_id', '=', documentId).where('p.page_index', '=', pageIndex).executeTakeFirst();
  if (!page) {
    const old = await trx.selectFrom('page_search_rows').select('id').where('document_id', '=', documentId).where('page_index', '=', pageIndex).execute();
    await removeRows(
      trx,
      old.map((r) => r.id),
    );
    return { indexed: false };
  }
  return { indexed: (await writePages(trx, [page])) === 1 };
}

export interface ReindexState {
  startedAt: string;
  pagesDone: number;
  pagesTotal: number;
  finished: boolean;
  /** True when this run continues one that was interrupted. */
  resumed: boolean;
}

function stateOf(row: Database['page_reindex'], resumed: boolean): ReindexState {
  return { startedAt: row.started_at, pagesDone: row.pages_done, pagesTotal: row.pages_total, finished: row.finished_at !== null, resumed };
}

/** The run in progress or last finished, as page_reindex holds it; null before the first. */
export interface ReindexRun {
  startedAt: string;
  finishedAt: string | null;
  pagesDone: number;
  pagesTotal: number;
}

export async function getReindexRun(db: Db): Promise<ReindexRun | null> {
  const row = await db.selectFrom('page_reindex').selectAll().where('id', '=', 1).executeTakeFirst();
  return row ? { startedAt: row.started_at, finishedAt: row.finished_at, pagesDone: row.pages_done, pagesTotal: row.pages_total } : null;
}

/**
 * Continues the run an interruption left unfinished, or starts a new one (cursor at the start).
 * `restart` starts a new one even then: the pages the unfinished run did are simply done again
 * (each write replaces its page's entry).
 */
export async function beginReindex(db: Db, now: Date, opts: { restart?: boolean } = {}): Promise<ReindexState> {
  return db.transaction().execute(async (trx) => {
    const open = opts.restart ? undefined : await trx.selectFrom('page_reindex').selectAll().where('id', '=', 1).where('finished_at', 'is', null).executeTakeFirst();
    if (open) return stateOf(open, true);
    const total = await readable(trx).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const row = { id: 1, started_at: now.toISOString(), after_document_id: null, after_page_index: null, pages_done: 0, pages_total: Number(total.n), finished_at: null };
    await trx.insertInto('page_reindex').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
    return stateOf(row, false);
  });
}

/**
 * The next `batch` pages after the cursor, replaced in the index, the cursor and count moved, in one
 * transaction: killed at any moment, a run has done whole batches only and resumes after the last.
 * The last batch also removes entries of pages no longer readable (a document read again, a page
 * gone) and closes the run.
 */
export async function reindexBatch(db: Db, batch: number, now: Date): Promise<ReindexState> {
  return db.transaction().execute(async (trx) => {
    const state = await trx.selectFrom('page_reindex').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    if (state.finished_at !== null) return stateOf(state, false);
    let next = readablePages(trx);
    if (state.after_document_id !== null && state.after_page_index !== null) {
      const [doc, page] = [state.after_document_id, state.after_page_index];
      next = next.where((eb) => eb.or([eb('p.document_id', '>', doc), eb.and([eb('p.document_id', '=', doc), eb('p.page_index', '>', page)])]));
    }
    const pages = await next.orderBy('p.document_id').orderBy('p.page_index').limit(batch).execute();
    await writePages(trx, pages);
    const last = pages[pages.length - 1];
    const done = state.pages_done + pages.length;
    const finished = pages.length < batch;
    if (finished) {
      const stale = await sql<{ id: number }>`
        SELECT r.id FROM page_search_rows r WHERE NOT EXISTS (
          SELECT 1 FROM document_pages p LEFT JOIN page_corrections c ON c.document_id = p.document_id AND c.page_index = p.page_index
          WHERE p.document_id = r.document_id AND p.page_index = r.page_index AND (p.ocr_status = 'done' OR c.id IS NOT NULL)
            AND EXISTS (SELECT 1 FROM ocr_jobs j WHERE j.document_id = p.document_id AND j.status = 'done'))`.execute(trx);
      await removeRows(
        trx,
        stale.rows.map((r) => r.id),
      );
    }
    const row = {
      after_document_id: last?.document_id ?? state.after_document_id,
      after_page_index: last?.page_index ?? state.after_page_index,
      pages_done: done,
      // Documents read while the run goes on raise the total; at the end it is what was done.
      pages_total: finished ? done : Math.max(state.pages_total, done),
      finished_at: finished ? now.toISOString() : null,
    };
    await trx.updateTable('page_reindex').set(row).where('id', '=', 1).execute();
    return stateOf({ ...state, ...row }, false);
  });
}
