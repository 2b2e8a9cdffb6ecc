// Measurement 3: the registry's first page (limit 200) under the filters a clerk uses — none,
// status, case type, year, chamber, two combined — through the domain query, beside the same page
// read by one hand-written prepared statement. Reads only; never writes to the store.
import type BetterSqlite3 from 'better-sqlite3';
import { CASE_STATUSES } from '../../src/shared/enums';
import type { RegistryFilter } from '../../src/shared/schemas/queries';
import type { RegistryPage } from '../../src/shared/schemas/views';
import { makeRandom } from './names';
import { measurement, progress, type Measurement } from './report';
import { profileStatements } from './sql-profile';
import { summarize, timeEach } from './stats';
import type { SeedContext } from './seed';

export type ListCases = (args: { filter: RegistryFilter; offset: number; limit: number }) => Promise<RegistryPage>;

interface Variant {
  kind: string;
  filter: RegistryFilter;
}

const PAGE = 200;
const DEEP_OFFSET = 90_000;

function variants(ctx: SeedContext, calls: number): Variant[] {
  const r = makeRandom(3);
  const years = Array.from({ length: 11 }, (_, i) => 2016 + i);
  const make: (() => Variant)[] = [
    () => ({ kind: 'none', filter: {} }),
    () => ({ kind: 'status', filter: { status: r.pick(CASE_STATUSES) } }),
    () => ({ kind: 'caseType', filter: { caseTypeId: r.pick(ctx.caseTypes).id } }),
    () => ({ kind: 'year', filter: { year: r.pick(years) } }),
    () => ({ kind: 'chamber', filter: { chamberId: r.pick(ctx.chambers).id } }),
    () => ({ kind: 'status+year', filter: { status: r.pick(CASE_STATUSES), year: r.pick(years) } }),
    () => ({ kind: 'caseType+chamber', filter: { caseTypeId: r.pick(ctx.caseTypes).id, chamberId: r.pick(ctx.chambers).id } }),
    () => ({ kind: 'status+chamber', filter: { status: r.pick(CASE_STATUSES), chamberId: r.pick(ctx.chambers).id } }),
  ];
  return Array.from({ length: calls }, (_, i) => make[i % make.length]!());
}

/** The floor: the same page and count by one prepared statement per filter shape, no Kysely, no mapping. */
function rawRegistry(raw: BetterSqlite3.Database, courtId: string) {
  const cache = new Map<string, { page: BetterSqlite3.Statement; count: BetterSqlite3.Statement }>();
  const cols: [keyof RegistryFilter, string][] = [
    ['status', 'status'],
    ['caseTypeId', 'case_type_id'],
    ['year', 'year'],
    ['chamberId', 'chamber_id'],
  ];
  return (filter: RegistryFilter, offset: number, limit: number) => {
    const used = cols.filter(([k]) => filter[k] !== undefined);
    const key = used.map(([k]) => k).join(',');
    let st = cache.get(key);
    if (!st) {
      const where = ['court_id = ?', ...used.map(([, c]) => `${c} = ?`)].join(' AND ');
      st = {
        page: raw.prepare(`SELECT id, number, provisional, year, case_type_id, type_code, chamber_id, status, subject, filed_on,
            parties_summary, next_hearing_date, version FROM cases WHERE ${where} ORDER BY id DESC LIMIT ? OFFSET ?`),
        count: raw.prepare(`SELECT count(*) AS n FROM cases WHERE ${where}`).pluck(),
      };
      cache.set(key, st);
    }
    const params = [courtId, ...used.map(([k]) => filter[k])];
    return { rows: st.page.all(...params, limit, offset), total: st.count.get(...params) as number };
  };
}

function byKind(vs: readonly Variant[], samples: readonly number[]) {
  const groups = new Map<string, number[]>();
  vs.forEach((v, i) => groups.set(v.kind, [...(groups.get(v.kind) ?? []), samples[i]!]));
  return Object.fromEntries([...groups].map(([k, s]) => [k, summarize(s)]));
}

export async function measureRegistry(opts: {
  raw: BetterSqlite3.Database;
  ctx: SeedContext;
  list: ListCases;
  calls?: number;
}): Promise<Measurement> {
  const calls = opts.calls ?? 240;
  const vs = variants(opts.ctx, calls);
  progress(`registry: ${calls} first pages through listCasesForRegistry`);
  // Sanity: the query answers the seeded store, or the timings mean nothing.
  const first = await opts.list({ filter: {}, offset: 0, limit: PAGE });
  if (first.rows.length !== PAGE || first.total < PAGE) throw new Error(`registry returned ${first.rows.length} rows of ${first.total}`);

  const samples = await timeEach(vs, (v) => opts.list({ filter: v.filter, offset: 0, limit: PAGE }), 24);
  const deepInputs = Array.from({ length: 20 }, () => ({ filter: {}, offset: DEEP_OFFSET, limit: PAGE }));
  const deep = await timeEach(deepInputs, (a) => opts.list(a), 3);

  const slowestStatements = await profileStatements(opts.raw, async () => {
    for (const v of vs.slice(0, 48)) await opts.list({ filter: v.filter, offset: 0, limit: PAGE });
  });

  progress('registry: the same pages by raw prepared statements (baseline)');
  const rawList = rawRegistry(opts.raw, opts.ctx.courtId);
  const rawSamples = await timeEach(vs, (v) => rawList(v.filter, 0, PAGE), 24);
  const rawDeep = await timeEach(deepInputs, (a) => rawList(a.filter, a.offset, a.limit), 3);

  const s = summarize(samples);
  const b = summarize(rawSamples);
  return measurement({
    name: 'registryFirstPage',
    description: `listCasesForRegistry, offset 0, limit ${PAGE}, filters varied (none, status, case type, year, chamber, two combined)`,
    value: s.p95Ms,
    unit: 'ms (p95)',
    target: { metric: 'p95Ms', op: '<', value: 20, unit: 'ms' },
    baseline: {
      description: 'same page and total by one hand-written prepared statement per filter shape (better-sqlite3, no Kysely)',
      value: b.p95Ms,
      unit: 'ms (p95)',
      latency: b,
      deepPage: summarize(rawDeep),
    },
    details: {
      latency: s,
      byFilter: byKind(vs, samples),
      deepPage: { offset: DEEP_OFFSET, limit: PAGE, latency: summarize(deep) },
      sampleTotalUnfiltered: first.total,
      slowestStatements,
    },
  });
}
