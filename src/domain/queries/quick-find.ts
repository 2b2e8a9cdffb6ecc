// Quick find: a case number (or its beginning) or words of a party's name, typed any way (with or
// without diacritics, Arabic-Indic digits, any alef). The ONLY SQLite-specific read of the domain:
// FTS5 MATCH on party_search and its rowid. Never put raw user text into the MATCH expression:
// every token is quoted, and the whole expression is a bound parameter.
import { sql } from 'kysely';
import { canonicalCaseNumberPrefix, looksLikeCaseNumberPrefix } from '../../shared/case-number';
import { normalizeForSearch, searchTokens } from '../../shared/normalize';
import type { QuickFindResult } from '../../shared/schemas/views';
import type { Db } from '../db-schema';
import { REGISTRY_COLUMNS, registryRowOf } from './views';

export interface QuickFindQuery {
  text: string;
  limit: number;
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

async function findByNumber(db: Db, courtId: string, text: string, limit: number): Promise<Row[]> {
  const prefix = canonicalCaseNumberPrefix(text);
  const exact = await db.selectFrom('cases').select(REGISTRY_COLUMNS).where('court_id', '=', courtId).where('number', '=', prefix).execute();
  const starting = await db
    .selectFrom('cases')
    .select(REGISTRY_COLUMNS)
    .where('court_id', '=', courtId)
    .where('number', '>', prefix)
    .where('number', '<', prefixUpperBound(prefix))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return [...exact, ...starting].slice(0, limit).map((c) => ({ ...registryRowOf(c), matchedPartyName: null }));
}

/** The name of the party in the script the query matched (Arabic first when both do). */
function matchedName(p: { name_ar: string | null; name_latin: string | null }, tokens: readonly string[]): string | null {
  const matches = (name: string | null) => {
    if (name === null) return false;
    const words = normalizeForSearch(name).split(' ');
    return tokens.some((t) => words.some((w) => w.startsWith(t)));
  };
  if (matches(p.name_ar)) return p.name_ar;
  if (matches(p.name_latin)) return p.name_latin;
  return p.name_ar ?? p.name_latin;
}

const PARTY_BATCH = 200;

async function findByPartyName(db: Db, courtId: string, tokens: readonly string[], limit: number): Promise<Row[]> {
  const match = ftsPrefixQuery(tokens);
  const found: Row[] = [];
  const seen = new Set<string>();
  let below = Number.MAX_SAFE_INTEGER;
  // Newest parties first, in batches, until enough distinct cases of this court are found: a common
  // name matching thousands of parties costs one small batch, not a sort of every match.
  for (;;) {
    const parties = await sql<{ rid: number; id: string; name_ar: string | null; name_latin: string | null }>`
      SELECT p.rowid AS rid, p.id, p.name_ar, p.name_latin
      FROM party_search JOIN parties p ON p.rowid = party_search.rowid
      WHERE party_search MATCH ${match} AND party_search.rowid < ${below}
      ORDER BY party_search.rowid DESC
      LIMIT ${PARTY_BATCH}`.execute(db);
    if (parties.rows.length === 0) break;
    below = parties.rows[parties.rows.length - 1]!.rid;
    const byParty = new Map(parties.rows.map((p) => [p.id, p]));
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
    const rank = new Map(parties.rows.map((p, i) => [p.id, i]));
    links.sort((a, b) => rank.get(a.party_id)! - rank.get(b.party_id)! || (a.id < b.id ? 1 : -1));
    for (const l of links) {
      if (seen.has(l.id)) continue;
      seen.add(l.id);
      found.push({ ...registryRowOf(l), matchedPartyName: matchedName(byParty.get(l.party_id)!, tokens) });
      if (found.length >= limit) return found;
    }
    if (parties.rows.length < PARTY_BATCH) break;
  }
  return found;
}

export async function quickFind(db: Db, courtId: string, query: QuickFindQuery): Promise<QuickFindResult> {
  const text = query.text.trim();
  if (text === '') return { rows: [] };
  if (looksLikeCaseNumberPrefix(text)) return { rows: await findByNumber(db, courtId, text, query.limit) };
  const tokens = searchTokens(text);
  if (tokens.length === 0) return { rows: [] };
  return { rows: await findByPartyName(db, courtId, tokens, query.limit) };
}
