// The page index written from both sides at once (issue 9): a rebuild runs in batches while
// documents finish their OCR and the success hook indexes them (indexDocumentPages), pages are
// corrected (correctPageText, then reindexPage) and the hook runs again for documents already read
// (a desk killed before `indexed_at`) — on a real SQLite file, through the same functions the app
// calls. Every writer replaces its pages' entries in one transaction and the desk's one connection
// runs them one at a time, so whatever the interleaving, every readable page is in the index once,
// with its latest text. Also: a rebuild asked to restart goes back to the first page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginReindex, indexDocumentPages, reindexPage, runCommand } from '../../../src/domain';
import { runReindex } from '../../../src/main/services/search/reindex';
import { openTestCourt, registerSampleCase, tempDbFile, type TestCourt } from '../../helpers/db';
import { fileReadDocument } from '../../helpers/read-documents';

const PAGES = 8;
const pageText = (tag: string, p: number) => `المحكمة الابتدائية بالرباط الصفحة ${p + 1} ${tag}p${p} Attendu que le demandeur sollicite`;

let court: TestCourt;
let caseId: string;

beforeAll(async () => {
  court = await openTestCourt({ file: tempDbFile() });
  caseId = (await registerSampleCase(court)).caseId;
});
afterAll(async () => {
  await court.close();
});

const raw = () => court.store.sqliteRaw();
/** Index rows holding each term (fts5vocab), for the terms asked. */
function rowsHolding(terms: readonly string[]): Map<string, number> {
  raw().exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.beside_terms USING fts5vocab(main, page_search, row)');
  const held = new Map((raw().prepare('SELECT term, doc FROM temp.beside_terms').all() as { term: string; doc: number }[]).map((r) => [r.term, r.doc]));
  return new Map(terms.map((t) => [t, held.get(t) ?? 0]));
}
/** The readable pages as the page table and the jobs say (a job done), in key order. */
function readablePages(): string[] {
  return (
    raw()
      .prepare(
        `SELECT p.document_id || ':' || p.page_index AS k FROM document_pages p LEFT JOIN page_corrections c ON c.document_id = p.document_id AND c.page_index = p.page_index
         WHERE (p.ocr_status = 'done' OR c.id IS NOT NULL) AND EXISTS (SELECT 1 FROM ocr_jobs j WHERE j.document_id = p.document_id AND j.status = 'done')
         ORDER BY p.document_id, p.page_index`,
      )
      .all() as { k: string }[]
  ).map((r) => r.k);
}
const indexedPages = () => (raw().prepare(`SELECT document_id || ':' || page_index AS k FROM page_search_rows ORDER BY document_id, page_index`).all() as { k: string }[]).map((r) => r.k);
const ftsRows = () => (raw().prepare('SELECT count(*) AS n FROM page_search').get() as { n: number }).n;

describe('a rebuild beside the OCR pipeline writing the same index', () => {
  it('documents read, corrected and hooked again mid-run: every readable page indexed once, with its latest text', async () => {
    const early: string[] = [];
    for (let d = 0; d < 20; d++) early.push(await fileReadDocument(court, { caseId, pages: Array.from({ length: PAGES }, (_, p) => pageText(`e${d}`, p)) }));
    // Some read before the run, their hook already done.
    for (const id of early.slice(0, 10)) await indexDocumentPages(court.db, id);

    let progress = 0;
    let finished = false;
    const seenAt = new Set<number>();
    const late: string[] = [];
    const corrected: { doc: number; page: number }[] = [];
    const run = runReindex(court.db, {
      batch: 7,
      onProgress: (p) => {
        progress = p.pagesDone;
      },
    }).finally(() => (finished = true));
    // The OCR side, a step at a time between the run's batches, until the run ends.
    for (let step = 0; !finished; step++) {
      seenAt.add(progress);
      if (step % 3 === 0) {
        // A document's OCR succeeds: its pages and job written, then its success hook (UUIDv7: after the cursor).
        const id = await fileReadDocument(court, { caseId, pages: Array.from({ length: PAGES }, (_, p) => pageText(`l${late.length}`, p)) });
        late.push(id);
        await indexDocumentPages(court.db, id);
      } else if (step % 3 === 1) {
        // A clerk corrects a page of an early document: the correction replaces the page's entry.
        const doc = step % 20;
        const page = step % PAGES;
        if (!corrected.some((c) => c.doc === doc && c.page === page)) {
          await runCommand(court.db, court.env, court.clerk, 'correctPageText', { documentId: early[doc]!, pageIndex: page, text: pageText(`c${doc}`, page) });
          await reindexPage(court.db, early[doc]!, page);
          corrected.push({ doc, page });
        }
      } else {
        // The hook again for a document read before (a desk killed before indexed_at).
        await indexDocumentPages(court.db, early[step % 20]!);
      }
      await new Promise((r) => setImmediate(r));
    }
    const end = await run;
    expect(end.finished).toBe(true);
    // The two sides did interleave: OCR steps landed between batches all along the run.
    expect([...seenAt].filter((n) => n > 0 && n < end.pagesDone).length).toBeGreaterThan(5);
    expect(late.length).toBeGreaterThan(2);
    expect(corrected.length).toBeGreaterThan(2);

    // Compared with the page table: the same pages, each once, and no FTS row without its page.
    const readable = readablePages();
    expect(readable).toHaveLength((early.length + late.length) * PAGES);
    expect(indexedPages()).toEqual(readable);
    expect(ftsRows()).toBe(readable.length);
    // Each page's own word once; a corrected page's OCR word gone, its correction's there.
    const isCorrected = (d: number, p: number) => corrected.some((c) => c.doc === d && c.page === p);
    const current: string[] = [];
    const gone: string[] = [];
    for (let d = 0; d < early.length; d++) for (let p = 0; p < PAGES; p++) (isCorrected(d, p) ? gone : current).push(`e${d}p${p}`);
    for (const c of corrected) current.push(`c${c.doc}p${c.page}`);
    for (let d = 0; d < late.length; d++) for (let p = 0; p < PAGES; p++) current.push(`l${d}p${p}`);
    const held = rowsHolding([...current, ...gone]);
    expect(current.filter((t) => held.get(t) !== 1)).toEqual([]);
    expect(gone.filter((t) => held.get(t) !== 0)).toEqual([]);
  }, 120_000);

  it('a rebuild asked to restart goes back to the first page, leaving the unfinished run behind', async () => {
    const stop = new AbortController();
    const stopped = await runReindex(court.db, {
      batch: 10,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.pagesDone >= 30) stop.abort();
      },
    });
    expect(stopped).toMatchObject({ finished: false, pagesDone: 30 });
    const total = readablePages().length;
    expect(await beginReindex(court.db, new Date())).toMatchObject({ resumed: true, pagesDone: 30 });
    const restarted = await beginReindex(court.db, new Date(), { restart: true });
    expect(restarted).toMatchObject({ resumed: false, pagesDone: 0, pagesTotal: total, finished: false });
    const end = await runReindex(court.db, { batch: 50 });
    // Resumed the restarted run from its first page: every page walked once more, none twice.
    expect(end).toMatchObject({ finished: true, resumed: true, pagesDone: total, pagesTotal: total });
    expect(indexedPages()).toEqual(readablePages());
    expect(ftsRows()).toBe(total);
  });
});
