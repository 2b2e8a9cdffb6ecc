// Misfiled pages (issue 9, item 7): given a page's text and the case it is being filed under, the
// signs that it belongs to ANOTHER case of the court — that case's number written on it (either
// order clerks write, Arabic-Indic or Latin digits), or the name of one of its parties who is no
// party of this case (either script, by the sound keys of shared/name-keys). Reads only; the
// documents pipeline calls it with each page's text and shows the clerk the case named. Desk-only
// like quick find: party names are looked up in party_keys (FTS5).
import { sql } from 'kysely';
import { caseNumberSearch } from '../../shared/case-number';
import { notFound } from '../../shared/errors';
import { keyedWords, type KeyedWord } from '../../shared/name-keys';
import type { MisfiledReason, MisfiledWarning } from '../../shared/schemas/search';
import type { Db } from '../db-schema';
import { yearOf } from '../rules/court-calendar';

export interface MisfiledQuery {
  caseId: string;
  /** The page's text (OCR or typed), as it is. */
  text: string;
  /** The court's today, for the years a reversed number (serial/type/year) may have. */
  today: string;
}

// Three groups of digits (either script) with slashes: `2026/1101/57`, `57 / 1101 / 2026`, `٥٧/١١٠١/٢٠٢٦`;
// a provisional number's last part is `P-<device>-<n>`.
const DIGIT = '[0-9\\u0660-\\u0669\\u06F0-\\u06F9]';
const CASE_NUMBER_ON_PAGE = new RegExp(
  `(?<![0-9\\u0660-\\u0669\\u06F0-\\u06F9/])${DIGIT}{1,7}\\s*/\\s*${DIGIT}{4}\\s*/\\s*(?:${DIGIT}{1,7}|P-[A-Z0-9]{4,8}-${DIGIT}{1,7})(?![0-9\\u0660-\\u0669\\u06F0-\\u06F9/])`,
  'gu',
);

/** Candidates for each pair of neighbouring words, at most this many parties each. */
const CANDIDATES_PER_PAIR = 50;

/**
 * Where the page names someone whose name has these words: a run of as many page words, each name
 * word matched by a different one of them (any order: "ALAOUI Mohamed" is «محمد العلوي»). The page's
 * words as written there, or null.
 */
function nameOnPage(text: string, page: readonly KeyedWord[], name: readonly KeyedWord[]): string | null {
  const m = name.length;
  if (m < 2) return null; // one word ("Atlas", "محمد") names nobody in particular
  for (let start = 0; start + m <= page.length; start++) {
    const window = page.slice(start, start + m);
    const used = new Set<number>();
    const assign = (i: number): boolean => {
      if (i === m) return true;
      for (let j = 0; j < m; j++) {
        if (used.has(j) || !name[i]!.keys.some((k) => window[j]!.keys.includes(k))) continue;
        used.add(j);
        if (assign(i + 1)) return true;
        used.delete(j);
      }
      return false;
    };
    if (assign(0)) return text.slice(window[0]!.start, window[m - 1]!.end);
  }
  return null;
}

function namesOf(p: { name_ar: string | null; name_latin: string | null }): string[] {
  return [p.name_ar, p.name_latin].filter((n): n is string => n !== null && n !== '');
}

async function caseNumberReasons(db: Db, courtId: string, caseId: string, text: string, today: string): Promise<Map<string, { number: string; reasons: MisfiledReason[] }>> {
  const out = new Map<string, { number: string; reasons: MisfiledReason[] }>();
  const written = new Map<string, string>(); // canonical number → as written on the page
  for (const m of text.matchAll(CASE_NUMBER_ON_PAGE)) {
    for (const n of caseNumberSearch(m[0], yearOf(today))?.exact ?? []) if (!written.has(n)) written.set(n, m[0]);
  }
  if (written.size === 0) return out;
  const cases = await db
    .selectFrom('cases')
    .select(['id', 'number'])
    .where('court_id', '=', courtId)
    .where('number', 'in', [...written.keys()])
    .where('id', '!=', caseId)
    .execute();
  for (const c of cases) out.set(c.id, { number: c.number, reasons: [{ kind: 'caseNumber', text: written.get(c.number)! }] });
  return out;
}

/** Parties whose keys hold a key of both of two neighbouring page words: the names worth checking. */
async function candidateParties(db: Db, page: readonly KeyedWord[]): Promise<number[]> {
  const rowids = new Set<number>();
  const asked = new Set<string>();
  const group = (w: KeyedWord) => `(${w.keys.map((k) => `"${k}"`).join(' OR ')})`;
  // A word whose keys are all one letter ("de", "à") is everywhere: no pair starts or ends with it.
  const telling = (w: KeyedWord) => w.keys.some((k) => k.length >= 2);
  for (let i = 0; i + 1 < page.length; i++) {
    const a = page[i]!;
    const b = page[i + 1]!;
    if (!telling(a) || !telling(b)) continue;
    const match = `${group(a)} AND ${group(b)}`;
    if (asked.has(match)) continue;
    asked.add(match);
    const rows = await sql<{ rowid: number }>`SELECT rowid FROM party_keys WHERE party_keys MATCH ${match} LIMIT ${CANDIDATES_PER_PAIR}`.execute(db);
    for (const r of rows.rows) rowids.add(r.rowid);
  }
  return [...rowids];
}

async function partyNameReasons(db: Db, courtId: string, caseId: string, text: string): Promise<Map<string, { number: string; reasons: MisfiledReason[] }>> {
  const page = keyedWords(text);
  const out = new Map<string, { number: string; reasons: MisfiledReason[] }>();
  const rowids = await candidateParties(db, page);
  if (rowids.length === 0) return out;
  // This case's own parties: a page naming one of them (or a namesake of one) is where it belongs.
  const own = await db
    .selectFrom('case_parties as cp')
    .innerJoin('parties as p', 'p.id', 'cp.party_id')
    .select(['p.id', 'p.name_ar', 'p.name_latin'])
    .where('cp.case_id', '=', caseId)
    .where('cp.removed_at', 'is', null)
    .execute();
  const ownIds = new Set(own.map((p) => p.id));
  const ownNamesOnPage = new Set(own.flatMap((p) => namesOf(p).map((n) => nameOnPage(text, page, keyedWords(n)))).filter((t): t is string => t !== null));

  const links = [];
  for (let i = 0; i < rowids.length; i += 500) {
    links.push(
      ...(await db
        .selectFrom('parties as p')
        .innerJoin('case_parties as cp', 'cp.party_id', 'p.id')
        .innerJoin('cases as c', 'c.id', 'cp.case_id')
        .select(['p.id as partyId', 'p.name_ar', 'p.name_latin', 'c.id as caseId', 'c.number'])
        .where(sql<boolean>`p.rowid IN (${sql.join(rowids.slice(i, i + 500))})`)
        .where('cp.removed_at', 'is', null)
        .where('c.court_id', '=', courtId)
        .where('c.id', '!=', caseId)
        .orderBy('c.id')
        .execute()),
    );
  }
  const found = new Map<string, { name: string; text: string } | null>();
  for (const l of links) {
    if (ownIds.has(l.partyId)) continue;
    if (!found.has(l.partyId)) {
      let hit: { name: string; text: string } | null = null;
      for (const name of namesOf(l)) {
        const onPage = nameOnPage(text, page, keyedWords(name));
        if (onPage !== null && !ownNamesOnPage.has(onPage)) {
          hit = { name, text: onPage };
          break;
        }
      }
      found.set(l.partyId, hit);
    }
    const hit = found.get(l.partyId);
    if (!hit) continue;
    const entry = out.get(l.caseId) ?? { number: l.number, reasons: [] };
    entry.reasons.push({ kind: 'partyName', partyId: l.partyId, partyName: hit.name, text: hit.text });
    out.set(l.caseId, entry);
  }
  return out;
}

/**
 * The other cases of the court a page seems to belong to, strongest sign first: a case whose number
 * is on the page before cases found by names only, then by how many of their parties it names.
 * Empty when nothing on the page points elsewhere. NOT_FOUND when the case is not this court's.
 */
export async function findMisfiledSigns(db: Db, courtId: string, query: MisfiledQuery): Promise<MisfiledWarning[]> {
  const kase = await db.selectFrom('cases').select('id').where('id', '=', query.caseId).where('court_id', '=', courtId).executeTakeFirst();
  if (!kase) throw notFound('case', query.caseId);
  const byNumber = await caseNumberReasons(db, courtId, query.caseId, query.text, query.today);
  const byName = await partyNameReasons(db, courtId, query.caseId, query.text);
  const all = new Map(byNumber);
  for (const [id, e] of byName) {
    const seen = all.get(id);
    all.set(id, seen ? { number: seen.number, reasons: [...seen.reasons, ...e.reasons] } : e);
  }
  const strength = (r: readonly MisfiledReason[]) => (r.some((x) => x.kind === 'caseNumber') ? 1000 : 0) + r.length;
  return [...all]
    .map(([caseId, e]) => ({ caseId, caseNumber: e.number, reasons: e.reasons }))
    .sort((a, b) => strength(b.reasons) - strength(a.reasons) || (a.caseNumber < b.caseNumber ? -1 : 1));
}
