// Pages of documents that hold every word of a search (page_search, migration 0020), for
// searchCases to rank beside case hits. Candidates are the newest index rows that match, already
// narrowed in SQL to the court and the filters (so a filter never empties a full candidate list);
// each is scored on the normalized text the index keeps (every query word as a whole word counts
// more than as a beginning, the words in the query's order next to each other more again). Only
// the pages shown are read for their hits: each word of the ORIGINAL text normalized on its own
// (highlight.ts), which is the costly part. A query word longer than the index's prefix sizes is
// matched as the OR of the words it begins (page_search_vocab, migration 0030): FTS5 reads such a
// beginning by merging every page list it covers in full, several times slower than the OR.
import { sql, type RawBuilder } from 'kysely';
import { toAsciiDigits } from '../../shared/case-number';
import { snippetAround, wordSpans } from '../../shared/highlight';
import type { SearchCasesQuery, Snippet } from '../../shared/schemas/search';
import type { Db } from '../db-schema';
import { PHRASE_BONUS, WEIGHT } from './search-weights';

/** How many matching pages are scored: the newest, so a common word costs one bounded read. */
const PAGE_CANDIDATES = 200;
/** The best pages of one document kept, so one long file does not fill the results. */
const PAGES_PER_DOCUMENT = 3;
const SNIPPET_LENGTH = 200;
/** page_search's prefix indexes (migration 0020: prefix='2 3'): beginnings this short are read from them. */
const INDEXED_PREFIX_CHARACTERS = 3;
/** Beyond this many words sharing a beginning, FTS5 reads the beginning itself (one merge beats a huge OR). */
const MAX_WORDS_OF_A_BEGINNING = 64;
/** Above every character, so `${t}${ABOVE_ALL}` bounds the words that begin with t (UTF-8 order). */
const ABOVE_ALL = '\u{10FFFF}';

export interface PageHit {
  caseId: string;
  documentId: string;
  pageIndex: number;
  title: string;
  documentTypeId: string;
  documentDate: string | null;
  score: number;
}

/** Where the query's words stand side by side, in order (the last one as a beginning), or -1. */
function phraseAt(words: readonly string[], tokens: readonly string[]): number {
  if (tokens.length < 2) return -1;
  outer: for (let i = 0; i + tokens.length <= words.length; i++) {
    for (let k = 0; k < tokens.length; k++) {
      const w = words[i + k]!;
      if (k === tokens.length - 1 ? !w.startsWith(tokens[k]!) : w !== tokens[k]) continue outer;
    }
    return i;
  }
  return -1;
}

/** A page's score from its normalized words, or null when a query word is not on it. */
export function scorePage(normalized: string, tokens: readonly string[]): number | null {
  // normalizeForSearch leaves one space between words and none at the ends, so in " text " a word
  // is " w " and a word's beginning " w": found without splitting the page for each candidate.
  const padded = ` ${normalized} `;
  let whole = 0;
  for (const t of tokens) {
    if (padded.includes(` ${t} `)) whole++;
    else if (!padded.includes(` ${t}`)) return null;
  }
  // The words side by side in order, the last as a beginning (phraseAt's reading).
  const phrase = tokens.length >= 2 && padded.includes(` ${tokens.join(' ')}`) ? PHRASE_BONUS : 0;
  return WEIGHT.pageText * (1 + (0.5 * whole) / tokens.length) + phrase;
}

const quoted = (word: string) => `"${word.replace(/"/g, '""')}"`;

/**
 * A word as page_search's tokenizer (unicode61) keeps it, to be looked up in page_search_vocab:
 * toLowerCase writes a word's last sigma ς, which the tokenizer folds to σ, so no word of the
 * vocabulary holds ς (FTS5 folds a MATCH's words itself). The one letter normalizeForSearch leaves
 * that the tokenizer still changes.
 */
const asIndexed = (word: string) => word.replace(/ς/g, 'σ');

/**
 * The MATCH expression of the query's words on page_search, each read as a beginning, or null
 * when a word begins none of the index's words (no page can hold them all). The same pages as
 * ftsPrefixQuery(tokens), found without FTS5's full merge of long beginnings.
 */
export async function pageMatchExpression(db: Db, tokens: readonly string[]): Promise<string | null> {
  const parts: string[] = [];
  for (const t of tokens) {
    if ([...t].length <= INDEXED_PREFIX_CHARACTERS) {
      parts.push(`${quoted(t)}*`);
      continue;
    }
    const indexed = asIndexed(t);
    const words = (
      await sql<{ term: string }>`
        SELECT term FROM page_search_vocab WHERE term >= ${indexed} AND term < ${indexed + ABOVE_ALL} ORDER BY term LIMIT ${MAX_WORDS_OF_A_BEGINNING + 1}`.execute(db)
    ).rows
      .map((r) => r.term)
      .filter((w) => w.startsWith(indexed));
    if (words.length === 0) return null;
    if (words.length > MAX_WORDS_OF_A_BEGINNING) parts.push(`${quoted(t)}*`);
    else parts.push(words.length === 1 ? quoted(words[0]!) : `(${words.map(quoted).join(' OR ')})`);
  }
  return parts.join(' AND ');
}

export async function pageHits(db: Db, courtId: string, q: SearchCasesQuery, tokens: readonly string[]): Promise<PageHit[]> {
  if (tokens.length === 0) return [];
  const match = await pageMatchExpression(db, tokens);
  if (match === null) return [];
  const filters: RawBuilder<unknown>[] = [sql`d.court_id = ${courtId}`];
  if (q.caseId) filters.push(sql`d.case_id = ${q.caseId}`);
  if (q.caseNumber) filters.push(sql`c.number = ${toAsciiDigits(q.caseNumber)}`);
  if (q.documentTypeId) filters.push(sql`d.document_type_id = ${q.documentTypeId}`);
  if (q.documentFrom) filters.push(sql`d.document_date >= ${q.documentFrom}`);
  if (q.documentTo) filters.push(sql`d.document_date <= ${q.documentTo}`);
  if (q.filedFrom) filters.push(sql`c.filed_on >= ${q.filedFrom}`);
  if (q.filedTo) filters.push(sql`c.filed_on <= ${q.filedTo}`);
  const found = await sql<Omit<PageHit, 'score'> & { normalized: string }>`
    SELECT d.case_id AS caseId, r.document_id AS documentId, r.page_index AS pageIndex, d.title, d.document_type_id AS documentTypeId,
      d.document_date AS documentDate, s.text AS normalized
    FROM page_search s
    JOIN page_search_rows r ON r.id = s.rowid
    JOIN documents d ON d.id = r.document_id
    JOIN cases c ON c.id = d.case_id
    WHERE page_search MATCH ${match} AND ${sql.join(filters, sql` AND `)}
    ORDER BY s.rowid DESC
    LIMIT ${PAGE_CANDIDATES}`.execute(db);
  const scored: PageHit[] = [];
  for (const { normalized, ...row } of found.rows) {
    const score = scorePage(normalized, tokens);
    if (score !== null) scored.push({ ...row, score });
  }
  scored.sort((a, b) => b.score - a.score || a.documentId.localeCompare(b.documentId) || a.pageIndex - b.pageIndex);
  const perDocument = new Map<string, number>();
  return scored.filter((h) => {
    const n = perDocument.get(h.documentId) ?? 0;
    perDocument.set(h.documentId, n + 1);
    return n < PAGES_PER_DOCUMENT;
  });
}

/** The text of each page as written (a correction over what OCR read), for the pages shown only. */
export async function pageTexts(db: Db, pages: readonly { documentId: string; pageIndex: number }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (pages.length === 0) return out;
  const rows = await sql<{ documentId: string; pageIndex: number; text: string }>`
    SELECT p.document_id AS documentId, p.page_index AS pageIndex, coalesce(pc.text, p.text) AS text
    FROM document_pages p LEFT JOIN page_corrections pc ON pc.document_id = p.document_id AND pc.page_index = p.page_index
    WHERE (p.document_id, p.page_index) IN (VALUES ${sql.join(pages.map((x) => sql`(${x.documentId}, ${x.pageIndex})`))})`.execute(db);
  for (const r of rows.rows) out.set(`${r.documentId}:${r.pageIndex}`, r.text);
  return out;
}

/**
 * The snippet of a page: its original text cut around the query's words (where they stand side by
 * side when they do, else the first of them), line breaks shown as spaces (same offsets).
 */
export function pageSnippet(text: string, tokens: readonly string[]): Snippet {
  const flat = text.replace(/\s/g, ' ');
  // The words of the page that read as a query word (as hitsOf finds them), with their readings.
  const spans = wordSpans(flat).filter((w) => w.tokens.some((t) => tokens.some((q) => t.startsWith(q))));
  const hits = spans.map((w): [number, number] => [w.start, w.end]);
  // The first hit that starts the phrase: its word and the next ones read as the query.
  const phrase = tokens.length > 1 ? spans.findIndex((_, i) => phraseAt(spans.slice(i, i + tokens.length).flatMap((w) => w.tokens), tokens) === 0) : -1;
  const from = Math.max(0, phrase);
  // snippetAround cuts around its first hit.
  const centred = hits.length === 0 ? [] : [hits[from]!, ...hits.filter((_, i) => i !== from)];
  const cut = snippetAround(flat, centred, SNIPPET_LENGTH);
  return { field: 'pageText', bySound: false, text: cut.text, hits: cut.hits.sort((a, b) => a[0] - b[0]) };
}
