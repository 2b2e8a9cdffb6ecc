// Search over a court's case particulars, party names and document pages (issue 9, item 5): ranked
// results with snippets of the original text, hits marked in it, filtered by case, filing date,
// document type and document date. Candidates come from the desk's FTS5 indexes (party_search,
// party_keys, case_search, page_search), the newest of each; each is then scored on what it holds,
// on one scale: every word found in one field beats words scattered, a party's name beats a
// lawyer's beats the subject beats a page, whole words beat beginnings, a name matched by its
// letters beats one matched by its sound, a page with the words side by side in order beats one
// with them apart (page-hits.ts). A page hit is a row of its own carrying its document and page
// number, so a result opens the viewer there. Desk-only like quick find. Reads only.
import { sql } from 'kysely';
import { hitsOf, snippetAround } from '../../shared/highlight';
import { keyedWordsOfName, nameKeysMatchExpression, type WordKeys } from '../../shared/name-keys';
import { searchTokens } from '../../shared/normalize';
import { toAsciiDigits } from '../../shared/case-number';
import { parseOrThrow } from '../../shared/errors';
import { searchCasesQuerySchema, type SearchCasesQuery, type SearchResult, type Snippet } from '../../shared/schemas/search';
import type { CaseStatus } from '../../shared/enums';
import type { Db } from '../db-schema';
import { pageHits, pageSnippet, pageTexts } from './page-hits';
import { SOUND_WEIGHT, WEIGHT } from './search-weights';
import { ftsPrefixQuery, soundKeysOfQuery } from './quick-find';

/** How many matches of each index are ranked: the newest, so a common name costs one bounded read. */
const CANDIDATES = 300;
const SNIPPETS_PER_CASE = 3;


type Row = SearchResult['rows'][number];

interface Field {
  field: Snippet['field'];
  text: string;
}

/**
 * A list of values bound as ONE parameter (SQLite's json_each): a search's hundreds of candidates
 * cost one bound value, where an IN list of as many parameters cost more to build than to run.
 */
function oneOf(values: readonly (string | number)[]) {
  return sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/** A party's link to a case, with the names that made it a candidate. */
interface PartyLink {
  linkId: string;
  caseId: string;
  nameAr: string | null;
  nameLatin: string | null;
}

/** The live links of the parties (by rowid) to cases, each with the party's names. */
async function linksOfParties(db: Db, rowids: readonly number[]): Promise<PartyLink[]> {
  if (rowids.length === 0) return [];
  return db
    .selectFrom('case_parties as cp')
    .innerJoin('parties as p', 'p.id', 'cp.party_id')
    .select(['cp.id as linkId', 'cp.case_id as caseId', 'p.name_ar as nameAr', 'p.name_latin as nameLatin'])
    .where(sql<boolean>`p.rowid IN ${oneOf(rowids)}`)
    .where('cp.removed_at', 'is', null)
    .execute();
}

/**
 * What the indexes found: the candidate cases, the links of the parties whose name holds the words
 * (by letters or by sound), and the cases whose particulars (subject, lawyers) hold them. Only these
 * fields can score (a field scores when it holds every word, and then its index found it), so a
 * case's other parties are never read: a common name has hundreds of candidates.
 */
interface Candidates {
  ids: string[];
  partyLinks: PartyLink[];
  particulars: Set<string>;
}

async function candidates(db: Db, tokens: readonly string[], keys: readonly WordKeys[]): Promise<Candidates> {
  const ids = new Set<string>();
  const partyLinks = new Map<string, PartyLink>();
  const particulars = new Set<string>();
  const addLinks = (links: PartyLink[]) => {
    for (const l of links) {
      ids.add(l.caseId);
      partyLinks.set(l.linkId, l);
    }
  };
  if (tokens.length > 0) {
    const byName = await sql<{ rowid: number }>`
      SELECT rowid FROM party_search WHERE party_search MATCH ${ftsPrefixQuery(tokens)} ORDER BY rowid DESC LIMIT ${CANDIDATES}`.execute(db);
    addLinks(await linksOfParties(db, byName.rows.map((r) => r.rowid)));
    const byCase = await sql<{ id: string }>`
      SELECT c.id FROM case_search JOIN cases c ON c.rowid = case_search.rowid
      WHERE case_search MATCH ${ftsPrefixQuery(tokens)} ORDER BY case_search.rowid DESC LIMIT ${CANDIDATES}`.execute(db);
    for (const r of byCase.rows) {
      ids.add(r.id);
      particulars.add(r.id);
    }
  }
  if (keys.length > 0) {
    const bySound = await sql<{ rowid: number }>`
      SELECT rowid FROM party_keys WHERE party_keys MATCH ${nameKeysMatchExpression(keys)} ORDER BY rowid DESC LIMIT ${CANDIDATES}`.execute(db);
    addLinks(await linksOfParties(db, bySound.rows.map((r) => r.rowid)));
  }
  return { ids: [...ids], partyLinks: [...partyLinks.values()], particulars };
}

/** The hits of a name by its sound: the words of the name that answer a query word, as written. */
function soundHits(text: string, keys: readonly WordKeys[]): [number, number][] | null {
  const words = keyedWordsOfName(text);
  const hits: [number, number][] = [];
  for (const [i, q] of keys.entries()) {
    const last = i === keys.length - 1;
    const w = words.find((x) => q.some((k) => x.keys.some((o) => (last ? o.startsWith(k) : o === k))));
    if (!w) return null;
    hits.push([w.start, w.end]);
  }
  return [...new Map(hits.map((h) => [h[0], h])).values()].sort((a, b) => a[0] - b[0]);
}

type ScoredField = Snippet & { weight: number; score: number };

interface Scored {
  score: number;
  snippets: ScoredField[];
}

/** A row while ranking: a case row keeps its scored fields, cut into snippets once it is shown. */
type Ranked = Row & { fields?: ScoredField[] };

/** A field's part of the score: all query words found in it, or nothing; whole words count more. */
function scoreField(f: Field, tokens: readonly string[], keys: readonly WordKeys[]): ScoredField | null {
  const hits = hitsOf(f.text, tokens);
  if (tokens.length > 0 && hits.length > 0) {
    const words = hits.map(([s, e]) => searchTokens(f.text.slice(s, e)));
    const covered = tokens.filter((t) => words.some((w) => w.some((x) => x.startsWith(t))));
    if (covered.length === tokens.length) {
      const whole = tokens.filter((t) => words.some((w) => w.includes(t))).length / tokens.length;
      const weight = WEIGHT[f.field];
      return { field: f.field, text: f.text, hits, bySound: false, weight, score: weight * (1 + 0.5 * whole) };
    }
  }
  if (f.field === 'partyName' && keys.length > 0) {
    const sound = soundHits(f.text, keys);
    if (sound) return { field: f.field, text: f.text, hits: sound, bySound: true, weight: SOUND_WEIGHT, score: SOUND_WEIGHT };
  }
  return null;
}

/**
 * The candidate cases of this court that pass the query's filters, each with the fields that may
 * score: the subject and lawyers where the particulars matched, the names of the parties found.
 * Fields in the order of the case's links (a link's names before its lawyer), as a case reads.
 */
async function fieldsOf(db: Db, courtId: string, q: SearchCasesQuery, found: Candidates): Promise<Map<string, { row: Omit<Row, 'score' | 'snippets'>; fields: Field[] }>> {
  const out = new Map<string, { row: Omit<Row, 'score' | 'snippets'>; fields: Field[] }>();
  if (found.ids.length === 0) return out;
  let query = db.selectFrom('cases').select(['id', 'number', 'status', 'filed_on', 'subject']).where('court_id', '=', courtId).where(sql<boolean>`id IN ${oneOf(found.ids)}`);
  if (q.caseId) query = query.where('id', '=', q.caseId);
  if (q.caseNumber) query = query.where('number', '=', toAsciiDigits(q.caseNumber));
  if (q.filedFrom) query = query.where('filed_on', '>=', q.filedFrom);
  if (q.filedTo) query = query.where('filed_on', '<=', q.filedTo);
  for (const c of await query.execute()) {
    out.set(c.id, { row: { caseId: c.id, number: c.number, status: c.status as CaseStatus, filedOn: c.filed_on }, fields: found.particulars.has(c.id) ? [{ field: 'subject', text: c.subject }] : [] });
  }
  if (out.size === 0) return out;
  const withParticulars = [...found.particulars].filter((id) => out.has(id));
  const lawyers =
    withParticulars.length === 0
      ? []
      : await db
          .selectFrom('case_parties')
          .select(['id as linkId', 'case_id as caseId', 'lawyer_name as lawyerName'])
          .where(sql<boolean>`case_id IN ${oneOf(withParticulars)}`)
          .where('removed_at', 'is', null)
          .where('lawyer_name', 'is not', null)
          .execute();
  const fieldsOfLinks = [
    ...found.partyLinks.map((l) => ({ linkId: l.linkId, caseId: l.caseId, nameFirst: 0, fields: [l.nameAr, l.nameLatin].flatMap((text): Field[] => (text ? [{ field: 'partyName', text }] : [])) })),
    ...lawyers.map((l) => ({ linkId: l.linkId, caseId: l.caseId, nameFirst: 1, fields: l.lawyerName ? [{ field: 'lawyerName' as const, text: l.lawyerName }] : [] })),
  ].sort((a, b) => (a.linkId < b.linkId ? -1 : a.linkId > b.linkId ? 1 : a.nameFirst - b.nameFirst));
  for (const l of fieldsOfLinks) out.get(l.caseId)?.fields.push(...l.fields);
  return out;
}

async function pageRows(db: Db, courtId: string, query: SearchCasesQuery, tokens: readonly string[]): Promise<Ranked[]> {
  const hits = await pageHits(db, courtId, query, tokens);
  if (hits.length === 0) return [];
  const cases = new Map(
    (
      await db
        .selectFrom('cases')
        .select(['id', 'number', 'status', 'filed_on'])
        .where(sql<boolean>`id IN ${oneOf([...new Set(hits.map((h) => h.caseId))])}`)
        .execute()
    ).map((c) => [c.id, c]),
  );
  return hits.flatMap((h) => {
    const c = cases.get(h.caseId);
    if (!c) return [];
    return [
      {
        caseId: c.id,
        number: c.number,
        status: c.status as CaseStatus,
        filedOn: c.filed_on,
        score: Math.round(h.score * 1000) / 1000,
        snippets: [],
        page: { documentId: h.documentId, pageNumber: h.pageIndex + 1, title: h.title, documentTypeId: h.documentTypeId, documentDate: h.documentDate },
      },
    ];
  });
}

export async function searchCases(db: Db, courtId: string, input: SearchCasesQuery): Promise<SearchResult> {
  const query = parseOrThrow(searchCasesQuerySchema, input);
  const tokens = searchTokens(query.text);
  const keys = soundKeysOfQuery(query.text);
  if (tokens.length === 0 && keys.length === 0) return { rows: [] };
  // A document filter asks for documents: the cases' own particulars have no type nor date of one.
  const documentsOnly = query.documentTypeId !== undefined || query.documentFrom !== undefined || query.documentTo !== undefined;
  const found: Candidates = documentsOnly ? { ids: [], partyLinks: [], particulars: new Set() } : await candidates(db, tokens, keys);
  const rows: Ranked[] = await pageRows(db, courtId, query, tokens);
  // A field's score depends on its text alone: a name or a lawyer on many of the candidates (a
  // bank, a firm, a common name) is read once per search.
  const fieldScores = new Map<string, ScoredField | null>();
  for (const { row, fields } of (await fieldsOf(db, courtId, query, found)).values()) {
    const scored: Scored = { score: 0, snippets: [] };
    const seen = new Set<string>();
    for (const f of fields) {
      const key = `${f.field}:${f.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let s = fieldScores.get(key);
      if (s === undefined) {
        s = scoreField(f, tokens, keys);
        fieldScores.set(key, s);
      }
      if (!s) continue;
      // The best field decides; each further field that holds the words adds a little.
      scored.score = scored.score === 0 ? s.score : Math.max(scored.score, s.score) + 0.1 * Math.min(s.score, scored.score);
      scored.snippets.push(s);
    }
    if (scored.snippets.length === 0) continue;
    rows.push({ ...row, score: Math.round(scored.score * 1000) / 1000, snippets: [], fields: scored.snippets });
  }
  // Case rows before page rows of the same score and case; then newest filed first.
  const rank = (r: Row) => (r.page ? 1 : 0);
  rows.sort(
    (a, b) =>
      b.score - a.score ||
      (a.filedOn < b.filedOn ? 1 : a.filedOn > b.filedOn ? -1 : 0) ||
      (a.caseId < b.caseId ? 1 : a.caseId > b.caseId ? -1 : 0) ||
      rank(a) - rank(b) ||
      (a.page && b.page ? a.page.documentId.localeCompare(b.page.documentId) || a.page.pageNumber - b.page.pageNumber : 0),
  );
  // Only the rows shown have their snippets cut, and their page read and its hits found (each word
  // normalized on its own): a common name has hundreds of candidates and twenty rows shown.
  const shown = rows.slice(0, query.limit);
  const texts = await pageTexts(
    db,
    shown.flatMap((r) => (r.page ? [{ documentId: r.page.documentId, pageIndex: r.page.pageNumber - 1 }] : [])),
  );
  return {
    rows: shown.map(({ fields, ...row }) => {
      if (row.page) return { ...row, snippets: [pageSnippet(texts.get(`${row.page.documentId}:${row.page.pageNumber - 1}`) ?? '', tokens)] };
      const snippets = [...(fields ?? [])]
        .sort((a, b) => b.weight - a.weight)
        .slice(0, SNIPPETS_PER_CASE)
        .map(({ field, text, hits, bySound }) => ({ field, bySound, ...snippetAround(text, hits) }));
      return { ...row, snippets };
    }),
  };
}
