// Property tests of the page index (issue 9, item 5): whatever a page holds and however its words
// are decorated on it (tashkeel, shadda, tatweel, hamza on alef, Latin accents, upper case), a word
// of it typed plain finds that page, and the hits marked in the snippet are words as written on
// the page that read as the query — index and query normalize alike. And indexing a document again
// (the hook run twice, in any order with other documents) leaves the index exactly as once. A
// query's words read as the OR of the words they begin (page_search_vocab) find exactly the pages
// FTS5's own prefix match finds, whatever the beginnings.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ftsPrefixQuery, indexDocumentPages, searchCases } from '../../../src/domain';
import { pageMatchExpression } from '../../../src/domain/queries/page-hits';
import { normalizeForSearch, searchTokens } from '../../../src/shared/normalize';
import { openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';
import { fileReadDocument } from '../../helpers/read-documents';

const ARABIC_BASE = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'.split('');
const TASHKEEL = ['\u064B', '\u064C', '\u064D', '\u064E', '\u064F', '\u0650', '\u0652'];
const ALEF_FORMS = ['\u0627', '\u0623', '\u0625', '\u0622'];
const LATIN_BASE = 'abcdefghijklmnopqrstuvwxyz'.split('');
const LATIN_ACCENTS = ['\u0301', '\u0300', '\u0302', '\u0308', '\u0327'];

const arabicWord = fc.array(fc.constantFrom(...ARABIC_BASE), { minLength: 3, maxLength: 8 }).map((a) => a.join(''));
const latinWord = fc.array(fc.constantFrom(...LATIN_BASE), { minLength: 3, maxLength: 10 }).map((a) => a.join(''));
const words = fc.array(fc.oneof(arabicWord, latinWord), { minLength: 1, maxLength: 30 });

function decorate(word: string, choices: readonly number[]): string {
  let i = 0;
  const pick = () => choices[i++ % choices.length]!;
  return [...word]
    .map((ch) => {
      if (ch === 'ا') return ALEF_FORMS[pick() % ALEF_FORMS.length]!;
      if (ARABIC_BASE.includes(ch)) {
        const k = pick() % 4;
        return k === 0 ? ch : k === 1 ? ch + TASHKEEL[pick() % TASHKEEL.length]! : k === 2 ? ch + '\u0640' : ch + '\u0651' + TASHKEEL[pick() % 3]!;
      }
      if (LATIN_BASE.includes(ch)) {
        const k = pick() % 4;
        return k === 0 ? (ch + LATIN_ACCENTS[pick() % LATIN_ACCENTS.length]!).normalize('NFC') : k === 1 ? ch.toUpperCase() : ch;
      }
      return ch;
    })
    .join('');
}

let court: TestCourt;
let caseId: string;
beforeAll(async () => {
  court = await openTestCourt();
  caseId = (await registerSampleCase(court)).caseId;
});
afterAll(async () => {
  await court.close();
});

/** The pages in the index, and how many rows the FTS5 table itself holds (an entry left behind would show). */
const indexRows = () => ({
  pages: court.store.sqliteRaw().prepare('SELECT document_id, page_index FROM page_search_rows ORDER BY 1, 2').all(),
  ftsRows: (court.store.sqliteRaw().prepare('SELECT count(*) AS n FROM page_search').get() as { n: number }).n,
});

describe('the page index and the query normalize alike', () => {
  it('a word of a page, typed plain, finds that page; the hits are words as written that read as it', async () => {
    await fc.assert(
      fc.asyncProperty(words, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), fc.nat(), async (plain, choices, which) => {
        const written = plain.map((w, i) => decorate(w, [...choices.slice(i % choices.length), ...choices]));
        const documentId = await fileReadDocument(court, { caseId, pages: [written.join(' ')] });
        await indexDocumentPages(court.db, documentId);
        const query = plain[which % plain.length]!;
        const { rows } = await searchCases(court.db, court.courtId, { text: query, limit: 100, caseId });
        const hit = rows.find((r) => r.page?.documentId === documentId);
        expect(hit, `"${query}" on «${written.join(' ')}»`).toBeDefined();
        const snippet = hit!.snippets[0]!;
        expect(snippet.hits.length).toBeGreaterThan(0);
        for (const [a, b] of snippet.hits) expect(normalizeForSearch(snippet.text.slice(a, b)).startsWith(normalizeForSearch(query))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('indexing a document again, in any order among others, leaves the index as indexing it once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await fileReadDocument(court, { caseId, pages: [`صفحة أولى ${i}`, `deuxième page ${i}`, `page three ${i}`] }));
    for (const id of ids) await indexDocumentPages(court.db, id);
    const once = indexRows();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...ids), { maxLength: 8 }), async (order) => {
        for (const id of order) await indexDocumentPages(court.db, id);
        expect(indexRows()).toEqual(once);
      }),
      { numRuns: 20 },
    );
  });

  it('words matched as the OR of the words they begin find the same pages as FTS5\'s prefix match', async () => {
    // Pages of words sharing beginnings: many words of one beginning (more than are spelled out, so
    // the prefix itself is read), a few of another, and words of their own.
    const many = Array.from({ length: 70 }, (_, i) => `commun${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const pages = Array.from({ length: 12 }, (_, p) => [...many.filter((_, i) => i % 12 === p), p % 3 === 0 ? 'المدعية' : 'المدعي', `mot${p}`, p % 2 ? 'قرار' : 'قرارات'].join(' '));
    const documentId = await fileReadDocument(court, { caseId, pages });
    await indexDocumentPages(court.db, documentId);
    const vocabulary = [...new Set(pages.flatMap((t) => normalizeForSearch(t).split(' ')))];
    const beginning = fc.tuple(fc.constantFrom(...vocabulary, 'zzzzz', 'قراراتهم'), fc.nat()).map(([w, n]) => w.slice(0, Math.max(2, [...w].length - (n % 4))));
    const raw = court.store.sqliteRaw().prepare('SELECT rowid FROM page_search WHERE page_search MATCH ? ORDER BY rowid');
    await fc.assert(
      fc.asyncProperty(fc.array(beginning, { minLength: 1, maxLength: 3 }), async (typed) => {
        const tokens = searchTokens(typed.join(' '));
        fc.pre(tokens.length > 0);
        const expected = raw.all(ftsPrefixQuery(tokens));
        const expression = await pageMatchExpression(court.db, tokens);
        if (expression === null) expect(expected).toEqual([]);
        else expect(raw.all(expression), expression).toEqual(expected);
      }),
      { numRuns: 150 },
    );
    // A beginning of more words than are spelled out is read as the beginning.
    expect(await pageMatchExpression(court.db, ['commun'])).toBe('"commun"*');
    expect(await pageMatchExpression(court.db, ['المدع'])).toBe('("المدعي" OR "المدعيه")');
    expect(await pageMatchExpression(court.db, ['zzzzz'])).toBeNull();
  });

  it('a word the index folds further than normalizeForSearch (a final sigma: FTS5 keeps σ) is still found, as FTS5\'s prefix match finds it', async () => {
    // JavaScript lowers a word's last Σ to ς; the index's tokenizer (unicode61) folds ς to σ, so the
    // index holds no word with ς and a whole Greek word typed found no page.
    const page = 'Le témoin ΠΑΠΑΔΟΠΟΥΛΟΣ, ressortissant grec, a déclaré';
    const documentId = await fileReadDocument(court, { caseId, pages: [page] });
    await indexDocumentPages(court.db, documentId);
    const raw = court.store.sqliteRaw().prepare('SELECT rowid FROM page_search WHERE page_search MATCH ? ORDER BY rowid');
    for (const typed of ['Παπαδόπουλος', 'ΠΑΠΑΔΟΠΟΥΛΟΣ témoin', 'παπαδοπουλ']) {
      const tokens = searchTokens(typed);
      const expected = raw.all(ftsPrefixQuery(tokens));
      expect(expected.length, typed).toBeGreaterThan(0);
      const expression = await pageMatchExpression(court.db, tokens);
      expect(expression, typed).not.toBeNull();
      expect(raw.all(expression!), typed).toEqual(expected);
      const { rows } = await searchCases(court.db, court.courtId, { text: typed, limit: 100, caseId });
      expect(rows.some((r) => r.page?.documentId === documentId), typed).toBe(true);
    }
  });
});
