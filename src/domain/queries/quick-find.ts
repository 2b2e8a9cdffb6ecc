// Quick find: a case number typed the way clerks write it (`2026/1101/1`, `1/1101/2026`, `1101/1`, a
// beginning), or words of a party's name or CIN, of a lawyer's name or of the subject — typed any way
// (with or without diacritics, Arabic-Indic digits, any alef). Party matches come first, then parties
// whose names sound the same in the other script or another spelling (their sound keys, party_keys),
// then cases found by their lawyers or subject. The ONLY SQLite-specific reads of the domain: FTS5
// MATCH on party_search, party_keys and case_search. Never put raw user text into a MATCH expression:
// every token is quoted, and the whole expression is a bound parameter.
import { sql } from 'kysely';
import { caseNumberSearch } from '../../shared/case-number';
import { nameKeysMatchExpression, nameMatchesKeys, nameQueryKeys, type WordKeys } from '../../shared/name-keys';
import { normalizeForSearch, searchTokens } from '../../shared/normalize';
import type { QuickFindResult } from '../../shared/schemas/views';
import type { Db } from '../db-schema';
import { yearOf } from '../rules/court-calendar';
import { REGISTRY_COLUMNS, registryRowOf } from './views';

export interface QuickFindQuery {
  text: string;
  limit: number;
  /** The court's today, for the years a number typed without its year may belong to. */
  today: string;
}

type Row = QuickFindResult['rows'][number];

/** `"tok1"* AND "tok2"*`: each token a quoted prefix query (quotes inside doubled, per FTS5). */
export function ftsPrefixQuery(tokens: readonly string[]): string {
  return tokens.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' AND ');
}

/** The smallest string greater than every string starting with `prefix` (ASCII case numbers). */
function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

async function findByNumber(db: Db, courtId: string, search: { exact: string[]; prefixes: string[] }, limit: number): Promise<Row[]> {
  const found: Row[] = [];
  const seen = new Set<string>();
  const add = (rows: Parameters<typeof registryRowOf>[0][]) => {
    for (const c of rows) {
      if (seen.has(c.id) || found.length >= limit) continue;
      seen.add(c.id);
      found.push({ ...registryRowOf(c), matchedBy: 'number', matchedText: null });
    }
  };
  if (search.exact.length > 0) {
    const rows = await db.selectFrom('cases').select(REGISTRY_COLUMNS).where('court_id', '=', courtId).where('number', 'in', search.exact).execute();
    // In the order the search ranks them (newest year first when the year was left out).
    const rank = new Map(search.exact.map((n, i) => [n, i]));
    add(rows.sort((x, y) => rank.get(x.number)! - rank.get(y.number)!));
  }
  for (const prefix of search.prefixes) {
    if (found.length >= limit) break;
    add(
      await db
        .selectFrom('cases')
        .select(REGISTRY_COLUMNS)
        .where('court_id', '=', courtId)
        .where('number', '>=', prefix)
        .where('number', '<', prefixUpperBound(prefix))
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
    );
  }
  return found;
}

/** Does any word of `text` start with one of the tokens? */
function matchesTokens(text: string | null, tokens: readonly string[]): boolean {
  if (text === null) return false;
  const words = normalizeForSearch(text).split(' ');
  return tokens.some((t) => words.some((w) => w.startsWith(t)));
}

/** The name of the party in the script the query matched (Arabic first when both do). */
function matchedName(p: { name_ar: string | null; name_latin: string | null }, tokens: readonly string[]): string | null {
  if (matchesTokens(p.name_ar, tokens)) return p.name_ar;
  if (matchesTokens(p.name_latin, tokens)) return p.name_latin;
  return p.name_ar ?? p.name_latin;
}

/** The name of the party whose sound keys matched: the other script's first, since that is what was not typed. */
function similarName(p: { name_ar: string | null; name_latin: string | null }, keys: readonly WordKeys[], typedArabic: boolean): string | null {
  const order = typedArabic ? [p.name_latin, p.name_ar] : [p.name_ar, p.name_latin];
  return order.find((n) => nameMatchesKeys(n, keys, { lastIsPrefix: true })) ?? p.name_ar ?? p.name_latin;
}

const PARTY_BATCH = 200;

type PartyHit = { rid: number; id: string; name_ar: string | null; name_latin: string | null };

/** Where the parties come from: the exact index of normalized names, or the index of sound keys. */
type PartySource =
  | { kind: 'party'; tokens: readonly string[] }
  | { kind: 'similarName'; keys: readonly WordKeys[]; typedArabic: boolean };

async function matchingParties(db: Db, source: PartySource, below: number): Promise<PartyHit[]> {
  if (source.kind === 'party') {
    return (
      await sql<PartyHit>`
      SELECT p.rowid AS rid, p.id, p.name_ar, p.name_latin
      FROM party_search JOIN parties p ON p.rowid = party_search.rowid
      WHERE party_search MATCH ${ftsPrefixQuery(source.tokens)} AND party_search.rowid < ${below}
      ORDER BY party_search.rowid DESC
      LIMIT ${PARTY_BATCH}`.execute(db)
    ).rows;
  }
  return (
    await sql<PartyHit>`
      SELECT p.rowid AS rid, p.id, p.name_ar, p.name_latin
      FROM party_keys JOIN parties p ON p.rowid = party_keys.rowid
      WHERE party_keys MATCH ${nameKeysMatchExpression(source.keys)} AND party_keys.rowid < ${below}
      ORDER BY party_keys.rowid DESC
      LIMIT ${PARTY_BATCH}`.execute(db)
  ).rows;
}

async function findByPartyName(db: Db, courtId: string, source: PartySource, limit: number, skip: ReadonlySet<string> = new Set()): Promise<Row[]> {
  const found: Row[] = [];
  const seen = new Set<string>(skip);
  let below = Number.MAX_SAFE_INTEGER;
  const matched = (p: PartyHit) => (source.kind === 'party' ? matchedName(p, source.tokens) : similarName(p, source.keys, source.typedArabic));
  // Newest parties first, in batches, until enough distinct cases of this court are found: a common
  // name matching thousands of parties costs one small batch, not a sort of every match.
  for (;;) {
    const parties = await matchingParties(db, source, below);
    if (parties.length === 0) break;
    below = parties[parties.length - 1]!.rid;
    const byParty = new Map(parties.map((p) => [p.id, p]));
    const links = await db
      .selectFrom('case_parties as cp')
      // CROSS JOIN fixes the join order (SQLite never reorders it): start from the matched
      // parties' links. Without planner statistics SQLite otherwise starts from every case of
      // the court and probes links per case (≈500 ms at 100,000 cases, measured by the bench).
      .crossJoin('cases as c')
      .whereRef('c.id', '=', 'cp.case_id')
      .select(['cp.party_id', ...REGISTRY_COLUMNS.map((k) => `c.${k}` as const)])
      .where('cp.party_id', 'in', [...byParty.keys()])
      .where('cp.removed_at', 'is', null)
      .where('c.court_id', '=', courtId)
      .execute();
    // Keep the batch's order (newest party first), then newest case for the same party.
    const rank = new Map(parties.map((p, i) => [p.id, i]));
    links.sort((a, b) => rank.get(a.party_id)! - rank.get(b.party_id)! || (a.id < b.id ? 1 : -1));
    for (const l of links) {
      if (seen.has(l.id)) continue;
      seen.add(l.id);
      found.push({ ...registryRowOf(l), matchedBy: source.kind, matchedText: matched(byParty.get(l.party_id)!) });
      if (found.length >= limit) return found;
    }
    if (parties.length < PARTY_BATCH) break;
  }
  return found;
}

/** Cases whose subject or lawyers' names hold every token, newest first; says which matched. */
async function findBySubjectOrLawyer(db: Db, courtId: string, tokens: readonly string[], limit: number, skip: ReadonlySet<string>): Promise<Row[]> {
  const cases = await sql<{ id: string }>`
    SELECT c.id FROM case_search JOIN cases c ON c.rowid = case_search.rowid
    WHERE case_search MATCH ${ftsPrefixQuery(tokens)} AND c.court_id = ${courtId}
    ORDER BY case_search.rowid DESC
    LIMIT ${limit + skip.size}`.execute(db);
  const ids = cases.rows.map((r) => r.id).filter((id) => !skip.has(id)).slice(0, limit);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('cases').select(REGISTRY_COLUMNS).where('id', 'in', ids).execute();
  const lawyers = await db
    .selectFrom('case_parties')
    .select(['case_id', 'lawyer_name'])
    .where('case_id', 'in', ids)
    .where('removed_at', 'is', null)
    .where('lawyer_name', 'is not', null)
    .orderBy('id')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const c = byId.get(id)!;
    if (matchesTokens(c.subject, tokens)) return { ...registryRowOf(c), matchedBy: 'subject' as const, matchedText: c.subject };
    const lawyer = lawyers.find((l) => l.case_id === id && matchesTokens(l.lawyer_name, tokens))?.lawyer_name ?? null;
    return { ...registryRowOf(c), matchedBy: lawyer ? ('lawyer' as const) : ('subject' as const), matchedText: lawyer ?? c.subject };
  });
}

/**
 * The sound keys a query is looked up by, or none: a CIN or anything with digits is not a name, and
 * a word whose key is one letter ("Ab" → b) would match half the court.
 */
export function soundKeysOfQuery(text: string): WordKeys[] {
  if (/\p{N}/u.test(text)) return [];
  const keys = nameQueryKeys(text);
  return keys.every((word) => word.some((k) => k.length >= 2)) ? keys : [];
}

export async function quickFind(db: Db, courtId: string, query: QuickFindQuery): Promise<QuickFindResult> {
  const text = query.text.trim();
  if (text === '') return { rows: [] };
  const number = caseNumberSearch(text, yearOf(query.today));
  if (number) return { rows: await findByNumber(db, courtId, number, query.limit) };
  const tokens = searchTokens(text);
  if (tokens.length === 0) return { rows: [] };
  const byParty = await findByPartyName(db, courtId, { kind: 'party', tokens }, query.limit);
  if (byParty.length >= query.limit) return { rows: byParty };
  // Then names that sound the same, ranked after every exact match of the script typed.
  const keys = soundKeysOfQuery(text);
  const bySound =
    keys.length > 0
      ? await findByPartyName(db, courtId, { kind: 'similarName', keys, typedArabic: /[\u0600-\u06FF]/.test(text) }, query.limit - byParty.length, new Set(byParty.map((r) => r.id)))
      : [];
  const parties = [...byParty, ...bySound];
  if (parties.length >= query.limit) return { rows: parties };
  const more = await findBySubjectOrLawyer(db, courtId, tokens, query.limit - parties.length, new Set(parties.map((r) => r.id)));
  return { rows: [...parties, ...more] };
}
