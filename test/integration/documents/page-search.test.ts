// Search inside document pages on a real desk store (issue 9, item 5): a page is in the index only
// once its document's OCR succeeded, a second run of the success hook replaces rather than adds,
// a corrected page replaces its entry and the correction wins, page hits rank with case hits on one
// scale and carry their document and page number, snippets are the page as written with the hits
// marked, the filters (case, document type, document date, filing date) narrow, bad filters are
// typed errors, and a document of another court is never found. SQLite only (FTS5): documents
// tests are not run on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocumentPages, reindexPage, runCommand, searchCases } from '../../../src/domain';
import { newId } from '../../../src/shared/ids';
import { searchResultSchema, type SearchCasesQuery } from '../../../src/shared/schemas/search';
import { expectRefusedWithoutWrites, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';
import { DOCUMENT_TYPE, fileReadDocument } from '../../helpers/read-documents';

let court: TestCourt;
const ids: Record<string, string> = {};

const search = async (text: string, more: Partial<SearchCasesQuery> = {}) =>
  searchResultSchema.parse(await searchCases(court.db, court.courtId, { text, limit: 50, ...more })).rows;
const marked = (s: { text: string; hits: [number, number][] }) => s.hits.map(([a, b]) => s.text.slice(a, b));
const entries = () => (court.store.sqliteRaw().prepare('SELECT count(*) AS n FROM page_search_rows').get() as { n: number }).n;
/** How many index rows hold a term (fts5vocab): 1 for a word of one page, whatever ran twice. */
function rowsHolding(term: string): number {
  const raw = court.store.sqliteRaw();
  raw.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.page_search_terms USING fts5vocab(main, page_search, row)');
  return (raw.prepare('SELECT doc FROM temp.page_search_terms WHERE term = ?').get(term) as { doc: number } | undefined)?.doc ?? 0;
}

const LEASE_PAGE_2 = 'وحيث إن المدعى عليه لم يُؤَدِّ واجبات الكِراء المُتَرَتِّبَة عن المَحَلّ التِّجَارِيّ منذ شهر يناير\nلذلك يلتمس الحكم بالإفراغ';

beforeAll(async () => {
  court = await openTestCourt();
  ids.caseA = (await registerSampleCase(court, { filedOn: '2026-01-02', subject: 'أداء مبلغ دين' })).caseId;
  ids.caseB = (await registerSampleCase(court, { filedOn: '2026-01-04', subject: 'إفراغ محل تجاري لعدم أداء واجبات الكراء' })).caseId;
  ids.lease = await fileReadDocument(court, {
    caseId: ids.caseA,
    documentDate: '2026-01-02',
    pages: ['المملكة المغربية\nالمحكمة الابتدائية بالرباط', LEASE_PAGE_2, 'Pièce jointe : contrat de bail commercial signé à Rabat'],
  });
  ids.report = await fileReadDocument(court, {
    caseId: ids.caseB,
    documentTypeId: DOCUMENT_TYPE.expert_report,
    documentDate: '2026-01-03',
    title: 'تقرير الخبير',
    pages: ['Le loyer commercial du local est estimé à 4 500 dirhams ; les arriérés de loyer courent depuis janvier.'],
    language: 'fr',
  });
  ids.unread = await fileReadDocument(court, { caseId: ids.caseA, jobStatus: 'running', pages: ['واجبات الكراء'] });
  for (const d of [ids.lease, ids.report, ids.unread]) await indexDocumentPages(court.db, d!);
});
afterAll(async () => {
  await court.close();
});

describe('the page index', () => {
  it('holds the pages of documents read, none of a document whose OCR has not succeeded; a second hook run replaces', async () => {
    expect(entries()).toBe(4);
    expect(await indexDocumentPages(court.db, ids.unread!)).toEqual({ pages: 0 });
    expect(await indexDocumentPages(court.db, ids.lease!)).toEqual({ pages: 3 });
    expect(await indexDocumentPages(court.db, ids.lease!)).toEqual({ pages: 3 });
    expect(entries()).toBe(4);
    expect(rowsHolding('المترتبه')).toBe(1);
    expect(rowsHolding('rabat')).toBe(1);
  });

  it('finds an Arabic phrase typed without diacritics on the page written with them, as written, on the right page', async () => {
    const rows = await search('واجبات الكراء المترتبة');
    const page = rows.find((r) => r.page?.documentId === ids.lease);
    expect(page).toMatchObject({ caseId: ids.caseA, page: { pageNumber: 2, title: 'مقال افتتاحي', documentTypeId: DOCUMENT_TYPE.petition, documentDate: '2026-01-02' } });
    expect(page!.snippets).toHaveLength(1);
    expect(page!.snippets[0]).toMatchObject({ field: 'pageText', bySound: false });
    expect(marked(page!.snippets[0]!)).toEqual(['واجبات', 'الكِراء', 'المُتَرَتِّبَة']);
    // The line break reads as a space, at the same offset: the snippet is the page as written.
    expect(page!.snippets[0]!.text).toBe(LEASE_PAGE_2.replace('\n', ' '));
    // The unread document is not found, though its words match.
    expect(rows.some((r) => r.page?.documentId === ids.unread)).toBe(false);
  });

  it('ranks page hits with case hits on one scale: a phrase on a page over its words apart, the subject over a page', async () => {
    const rows = await search('واجبات الكراء');
    expect(rows.map((r) => (r.page ? `page:${r.page.documentId}:${r.page.pageNumber}` : `case:${r.caseId}`))).toEqual([`case:${ids.caseB}`, `page:${ids.lease}:2`]);
    const scores = rows.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // French, accents and case folded: "loyer" finds the expert report and the words as written.
    const [report] = await search('LOYER janvier');
    expect(report).toMatchObject({ caseId: ids.caseB, page: { documentId: ids.report, pageNumber: 1 } });
    expect(marked(report!.snippets[0]!)).toEqual(['loyer', 'loyer', 'janvier']);
  });

  it('filters by case (id or number), document type and document date (then only pages), and by filing date', async () => {
    const where = (rows: Awaited<ReturnType<typeof search>>) => rows.map((r) => r.page?.documentId ?? `case:${r.caseId}`);
    expect(where(await search('commercial'))).toEqual(expect.arrayContaining([ids.lease, ids.report]));
    expect(where(await search('commercial', { caseId: ids.caseB }))).toEqual([ids.report]);
    expect(where(await search('commercial', { documentTypeId: DOCUMENT_TYPE.expert_report }))).toEqual([ids.report]);
    expect(where(await search('commercial', { documentFrom: '2026-01-03' }))).toEqual([ids.report]);
    expect(where(await search('commercial', { documentTo: '2026-01-02' }))).toEqual([ids.lease]);
    expect(where(await search('commercial', { filedFrom: '2026-01-03' }))).toEqual([ids.report]);
    const numberB = (await court.db.selectFrom('cases').select('number').where('id', '=', ids.caseB!).executeTakeFirstOrThrow()).number;
    expect(where(await search('commercial', { caseNumber: numberB }))).toEqual([ids.report]);
    expect(where(await search('commercial', { caseNumber: numberB.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d))) }))).toEqual([ids.report]);
    expect(await search('commercial', { caseNumber: '1999/1101/1' })).toEqual([]);
    // A document filter leaves the cases' own particulars out.
    expect(where(await search('واجبات الكراء', { documentTypeId: DOCUMENT_TYPE.petition }))).toEqual([ids.lease]);
    expect(await search('commercial', { documentTypeId: DOCUMENT_TYPE.minutes })).toEqual([]);
  });

  it('a corrected page replaces its entry: the correction wins over what OCR read', async () => {
    await runCommand(court.db, court.env, court.clerk, 'correctPageText', { documentId: ids.lease!, pageIndex: 2, text: 'Pièce jointe : contrat de location gérance signé à Salé' });
    expect(await reindexPage(court.db, ids.lease!, 2)).toEqual({ indexed: true });
    expect(entries()).toBe(4);
    expect((await search('Rabat')).some((r) => r.page?.documentId === ids.lease)).toBe(false);
    const [hit] = await search('gerance sale');
    expect(hit).toMatchObject({ page: { documentId: ids.lease, pageNumber: 3 } });
    expect(marked(hit!.snippets[0]!)).toEqual(['gérance', 'Salé']);
    // The whole document indexed again keeps the correction.
    await indexDocumentPages(court.db, ids.lease!);
    expect((await search('gerance')).map((r) => r.page?.pageNumber)).toEqual([3]);
    // A page of a document not read yet stays out.
    expect(await reindexPage(court.db, ids.unread!, 0)).toEqual({ indexed: false });
  });

  it('never finds a document of another court', async () => {
    expect(await search('commercial')).not.toEqual([]);
    const other = newId();
    expect(await searchCases(court.db, other, { text: 'commercial', limit: 10 })).toEqual({ rows: [] });
    // The report moved to another court's records: this court no longer finds it.
    const raw = court.store.sqliteRaw();
    raw.prepare("INSERT INTO courts (id, code, name_ar, name_fr, version, updated_hlc) VALUES (?, 'OTHER', 'محكمة أخرى', 'Autre tribunal', 1, 'x')").run(other);
    raw.prepare('UPDATE documents SET court_id = ? WHERE id = ?').run(other, ids.report);
    try {
      expect((await search('loyer')).length).toBe(0);
      expect((await searchCases(court.db, other, { text: 'loyer', limit: 10 })).rows.map((r) => r.page?.documentId)).toEqual([ids.report]);
    } finally {
      raw.prepare('UPDATE documents SET court_id = ? WHERE id = ?').run(court.courtId, ids.report);
    }
  });

  it('refuses bad input with a typed error and writes nothing: a query too long, reversed dates, a bad id or date, an unknown field', async () => {
    const bad: [unknown, string][] = [
      [{ text: 'ك'.repeat(101), limit: 10 }, 'errors.field.tooLong'],
      [{ text: 'loyer', limit: 10, documentFrom: '2026-02-01', documentTo: '2026-01-01' }, 'errors.field.dateRangeReversed'],
      [{ text: 'loyer', limit: 10, filedFrom: '2026-02-01', filedTo: '2026-01-01' }, 'errors.field.dateRangeReversed'],
      [{ text: 'loyer', limit: 10, documentTypeId: 'petition' }, 'errors.field.badFormat'],
      [{ text: 'loyer', limit: 10, documentFrom: '2026-02-30' }, 'errors.field.badDate'],
      [{ text: 'loyer', limit: 0 }, 'errors.field.tooLow'],
      [{ text: 'loyer', limit: 10, page: 2 }, 'errors.field.unknownField'],
    ];
    for (const [input, key] of bad) {
      await expectRefusedWithoutWrites(court, () => searchCases(court.db, court.courtId, input as SearchCasesQuery), { code: 'VALIDATION_FAILED' });
      const err = await searchCases(court.db, court.courtId, input as SearchCasesQuery).catch((e: unknown) => e);
      expect((err as { fields: { i18nKey: string }[] }).fields.map((f) => f.i18nKey)).toContain(key);
    }
    // FTS syntax in the query is words, never an error.
    for (const text of ['"', 'NEAR(loyer', 'loyer*', '-loyer', 'a:b']) await expect(search(text)).resolves.toBeDefined();
  });
});
