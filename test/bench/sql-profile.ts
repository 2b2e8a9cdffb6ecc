// Says WHICH statements a measurement spent its time in, with SQLite's query plan for each, so a
// missed target in the JSON already names the slow SQL. Wraps better-sqlite3's Statement methods
// for the duration of one untimed pass only, and always puts them back.
import type BetterSqlite3 from 'better-sqlite3';
import { msSince, round } from './stats';

export interface StatementProfile {
  sql: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  plan: string[];
}

type Method = 'run' | 'get' | 'all';
const METHODS: readonly Method[] = ['run', 'get', 'all'];

export interface SqlProfile {
  /** Wall time of the whole pass. */
  wallMs: number;
  /** Time inside SQLite (every statement, COMMIT included); the rest is JavaScript. */
  sqlMs: number;
  statements: StatementProfile[];
}

/** Runs `fn` with every statement on `raw` timed; returns the `top` statements by total time. */
export async function profileStatements(raw: BetterSqlite3.Database, fn: () => Promise<void>, top = 4): Promise<SqlProfile> {
  const proto = Object.getPrototypeOf(raw.prepare('SELECT 1')) as Record<Method, (...args: unknown[]) => unknown>;
  const originals = Object.fromEntries(METHODS.map((m) => [m, proto[m]])) as Record<Method, (...args: unknown[]) => unknown>;
  const seen = new Map<string, { calls: number; ms: number; args: unknown[] }>();
  for (const m of METHODS) {
    const original = originals[m];
    proto[m] = function (this: BetterSqlite3.Statement, ...args: unknown[]) {
      const t0 = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const s = seen.get(this.source) ?? { calls: 0, ms: 0, args };
        s.calls++;
        s.ms += ms;
        s.args = args;
        seen.set(this.source, s);
      }
    };
  }
  const t0 = process.hrtime.bigint();
  try {
    await fn();
  } finally {
    for (const m of METHODS) proto[m] = originals[m];
  }
  const wallMs = msSince(t0);
  const statements = [...seen]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, top)
    .map(([sql, s]) => ({
      sql: sql.replace(/\s+/g, ' ').slice(0, 240),
      calls: s.calls,
      totalMs: round(s.ms),
      meanMs: round(s.ms / s.calls),
      plan: planOf(raw, sql, s.args),
    }));
  const sqlMs = [...seen.values()].reduce((n, s) => n + s.ms, 0);
  return { wallMs: round(wallMs), sqlMs: round(sqlMs), statements };
}

function planOf(raw: BetterSqlite3.Database, sql: string, args: unknown[]): string[] {
  if (!/^\s*(select|insert|update|delete|with)/i.test(sql)) return [];
  try {
    return (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);
  } catch (err) {
    return [`(no plan: ${(err as Error).message})`];
  }
}
