// Measurement 4: quick find as a clerk types it — partial party names (Arabic without tashkeel,
// Latin in lower case without accents, 1–3 words, some matching nobody) and case-number prefixes —
// through the domain query, beside a naive LIKE '%…%' scan of the same queries; and names typed
// across scripts (issue 9: «first family» in Arabic, or a French spelling other than the stored
// one), beside the exact index alone. Reads only.
import type BetterSqlite3 from 'better-sqlite3';
import { searchTokens } from '../../src/shared/normalize';
import type { QuickFindResult } from '../../src/shared/schemas/views';
import { ftsPrefixQuery } from '../../src/domain';
import { FAMILY_NAMES, FIRST_NAMES, generateNameQuery, makeRandom } from './names';
import { measurement, progress, type Measurement } from './report';
import { profileStatements } from './sql-profile';
import { summarize, timeEach, timeEachWithResults } from './stats';

export type QuickFind = (args: { text: string; limit: number }) => Promise<QuickFindResult>;

interface Query {
  text: string;
  kind: 'ar' | 'latin' | 'none' | 'number';
  tokens: number;
}

const LIMIT = 20;

function queries(raw: BetterSqlite3.Database, names: number, numbers: number): Query[] {
  const r = makeRandom(4);
  const out: Query[] = [];
  for (let i = 0; i < names; i++) {
    const q = generateNameQuery(r);
    out.push({ text: q.text, kind: q.script, tokens: q.tokens });
  }
  // Case-number prefixes cut from real numbers ("2024/12", "2024/1201/", "2024/1201/35"), plus a year nobody filed in.
  const sample = raw.prepare('SELECT number FROM cases ORDER BY random() LIMIT ?').pluck().all(numbers) as string[];
  sample.forEach((n, i) => {
    const [y, t, s] = n.split('/') as [string, string, string];
    const cuts = [`${y}/${t.slice(0, 2)}`, `${y}/${t}/`, `${y}/${t}/${s.slice(0, Math.max(1, s.length - 1))}`, n, `1999/${t}/1`];
    out.push({ text: cuts[i % cuts.length]!, kind: 'number', tokens: 1 });
  });
  // Interleave so every kind sees the same cache conditions.
  return out.map((q) => ({ q, k: r.next() })).sort((a, b) => a.k - b.k).map((x) => x.q);
}

/** The naive way: LIKE '%word%' per word over every party (or LIKE 'prefix%' over every case number). */
function naiveFind(raw: BetterSqlite3.Database) {
  const byTokens = new Map<number, BetterSqlite3.Statement>();
  const byNumber = raw.prepare('SELECT id FROM cases WHERE number LIKE ? LIMIT ?').pluck();
  return (q: Query): number => {
    if (q.kind === 'number') return byNumber.all(`${q.text}%`, LIMIT).length;
    const tokens = searchTokens(q.text);
    let st = byTokens.get(tokens.length);
    if (!st) {
      st = raw.prepare(`SELECT id FROM parties WHERE ${tokens.map(() => 'search_text LIKE ?').join(' AND ')} LIMIT ?`).pluck();
      byTokens.set(tokens.length, st);
    }
    return st.all(...tokens.map((t) => `%${t}%`), LIMIT).length;
  };
}

/**
 * Names as a clerk reading the other script would type them: the Arabic of a first and a family
 * name, or their French spelling written another way (doubled letters single, no article, ou as u,
 * no accents) — so the letters alone often find nothing and the sound keys must.
 */
function acrossScriptQueries(n: number): string[] {
  const r = makeRandom(9);
  const respell = (latin: string) =>
    latin
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/^(El|Aït) /, '')
      .replace(/([a-z])\1/g, '$1')
      .replace(/ou/g, r.chance(0.5) ? 'u' : 'ou');
  return Array.from({ length: n }, (_, i) => {
    const first = r.pick(FIRST_NAMES);
    const family = r.pick(FAMILY_NAMES);
    return i % 2 === 0 ? `${first.ar} ${family.ar}` : `${respell(first.latin)} ${respell(family.latin)}`;
  });
}

function byKind(qs: readonly Query[], samples: readonly number[]) {
  const groups = new Map<string, number[]>();
  qs.forEach((q, i) => groups.set(q.kind, [...(groups.get(q.kind) ?? []), samples[i]!]));
  return Object.fromEntries([...groups].map(([k, s]) => [k, summarize(s)]));
}

export async function measureQuickFind(opts: {
  raw: BetterSqlite3.Database;
  find: QuickFind;
  nameQueries?: number;
  numberQueries?: number;
  acrossScriptQueries?: number;
}): Promise<Measurement[]> {
  const qs = queries(opts.raw, opts.nameQueries ?? 220, opts.numberQueries ?? 100);
  progress(`quick find: ${qs.length} queries through quickFind`);

  // Count what each query found: timings of a search that finds nothing would prove nothing.
  const hits = new Map<string, { queries: number; withResults: number }>();
  const timed = await timeEachWithResults(qs, (q) => opts.find({ text: q.text, limit: LIMIT }), 10);
  const samples = timed.samples;
  qs.forEach((q, i) => {
    const h = hits.get(q.kind) ?? { queries: 0, withResults: 0 };
    h.queries++;
    if (timed.results[i]!.rows.length > 0) h.withResults++;
    hits.set(q.kind, h);
  });
  for (const kind of ['ar', 'latin', 'number'] as const) {
    const h = hits.get(kind);
    if (h && h.withResults === 0) throw new Error(`quick find found nothing for any ${kind} query: the timings would be meaningless`);
  }
  const examples = (kind: Query['kind']) => qs.filter((q) => q.kind === kind).slice(0, 4).map((q) => q.text);

  // Untimed: which statements the time went to (a few queries of each kind).
  const slowestStatements = await profileStatements(opts.raw, async () => {
    for (const q of qs.filter((_, i) => i % 16 === 0)) await opts.find({ text: q.text, limit: LIMIT });
  });

  progress('quick find: naive LIKE scan of the same queries (baseline)');
  const naive = naiveFind(opts.raw);
  const naiveSamples = await timeEach(qs, (q) => naive(q), 10);

  const nameIdx = qs.map((q, i) => (q.kind === 'number' ? -1 : i)).filter((i) => i >= 0);
  const numberIdx = qs.map((q, i) => (q.kind === 'number' ? i : -1)).filter((i) => i >= 0);
  const pick = (xs: readonly number[], idx: readonly number[]) => idx.map((i) => xs[i]!);
  const nameQs = pick(samples, nameIdx);
  const names = summarize(nameQs);
  const namesNaive = summarize(pick(naiveSamples, nameIdx));
  const numbers = summarize(pick(samples, numberIdx));
  const numbersNaive = summarize(pick(naiveSamples, numberIdx));
  const nameKinds = byKind(nameIdx.map((i) => qs[i]!), nameQs);
  const nameNaiveKinds = byKind(nameIdx.map((i) => qs[i]!), pick(naiveSamples, nameIdx));
  progress('quick find: names typed across scripts');
  const across = acrossScriptQueries(opts.acrossScriptQueries ?? 200);
  const acrossTimed = await timeEachWithResults(across, (text) => opts.find({ text, limit: LIMIT }), 10);
  const bySound = acrossTimed.results.filter((r) => r.rows.some((x) => x.matchedBy === 'similarName')).length;
  if (bySound === 0) throw new Error('no query typed across scripts found a similar name: the timings would be meaningless');
  const exactOnly = opts.raw.prepare('SELECT rowid FROM party_search WHERE party_search MATCH ? ORDER BY rowid DESC LIMIT 200').pluck();
  const acrossBaseline = await timeEach(across, (text) => exactOnly.all(ftsPrefixQuery(searchTokens(text))).length, 10);
  const acrossSummary = summarize(acrossTimed.samples);

  return [
    measurement({
      name: 'quickFindAcrossScripts',
      description: `quickFind, limit ${LIMIT}: a first and a family name typed in Arabic, or in a French spelling other than the stored one (issue 9: cross-script name match over the court's parties)`,
      value: acrossSummary.p95Ms,
      unit: 'ms (p95)',
      target: { metric: 'p95Ms', op: '<', value: 50, unit: 'ms' },
      baseline: {
        description: 'the exact index alone: party_search prefix MATCH of the same words, 200 newest rowids (what the letters cost without names across scripts)',
        value: summarize(acrossBaseline).p95Ms,
        unit: 'ms (p95)',
        latency: summarize(acrossBaseline),
      },
      details: {
        latency: acrossSummary,
        queries: across.length,
        queriesWithSimilarNames: bySound,
        queriesWithResults: acrossTimed.results.filter((r) => r.rows.length > 0).length,
        exampleQueries: across.slice(0, 6),
      },
    }),
    measurement({
      name: 'quickFindByPartyName',
      description: `quickFind, limit ${LIMIT}: partial party names (Arabic without tashkeel, Latin lower case without accents, 1–3 words, ~15% matching nobody)`,
      value: names.p95Ms,
      unit: 'ms (p95)',
      target: { metric: 'p95Ms', op: '<', value: 30, unit: 'ms' },
      baseline: {
        description: "naive scan: parties.search_text LIKE '%word%' for each normalized word, same queries, same limit",
        value: namesNaive.p95Ms,
        unit: 'ms (p95)',
        latency: namesNaive,
        byKind: nameNaiveKinds,
      },
      details: {
        latency: names,
        byKind: nameKinds,
        queriesWithResults: Object.fromEntries([...hits].filter(([k]) => k !== 'number')),
        exampleQueries: { ar: examples('ar'), latin: examples('latin'), none: examples('none') },
        slowestStatements,
      },
    }),
    measurement({
      name: 'quickFindByCaseNumber',
      description: `quickFind, limit ${LIMIT}: case-number prefixes ("2024/12", "2024/1201/", "2024/1201/35", whole numbers, a year with no cases)`,
      value: numbers.p95Ms,
      unit: 'ms (p95)',
      target: { metric: 'p95Ms', op: '<', value: 30, unit: 'ms' },
      baseline: {
        description: "naive scan: cases.number LIKE 'prefix%', same queries, same limit",
        value: numbersNaive.p95Ms,
        unit: 'ms (p95)',
        latency: numbersNaive,
      },
      details: {
        latency: numbers,
        queriesWithResults: hits.get('number') ?? null,
        exampleQueries: examples('number'),
        allQueries: { latency: summarize(samples), naive: summarize(naiveSamples) },
      },
    }),
  ];
}
