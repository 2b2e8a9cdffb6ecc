// Measurement 5: services start on a CURRENT (already migrated, fully seeded) database: open +
// migrate check + close, and the whole app service start, beside a bare better-sqlite3 open of the
// same file. Must only ever open the store the bench created; it never migrates a real desk file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../src/store/sqlite/open-database';
import { measurement, progress, type Measurement } from './report';
import { msSince, summarize } from './stats';

const OPENS = 20;
const WARMUP = 2;
/** Fewer app starts than opens: each one opens the database too, and the run must stay short. */
const APP_STARTS = 10;

async function timeRuns(runs: number, warmup: number, fn: () => Promise<void> | void): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(msSince(t0));
  }
  return out;
}

/** What open-database.ts does beyond opening, timed step by step once, to say where the time goes. */
function stepTimes(file: string): Record<string, number> {
  const out: Record<string, number> = {};
  let t = process.hrtime.bigint();
  const lap = (name: string) => {
    out[name] = Math.round(msSince(t) * 1000) / 1000;
    t = process.hrtime.bigint();
  };
  const raw = new BetterSqlite3(file, { fileMustExist: true });
  lap('open');
  raw.pragma('application_id', { simple: true });
  raw.pragma('user_version', { simple: true });
  lap('headerChecks');
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  lap('pragmas');
  raw.pragma('quick_check', { simple: true });
  lap('quickCheck');
  raw.close();
  lap('close');
  return out;
}

export async function measureServicesStart(opts: {
  file: string;
  /** createAppService start + close, when the app service exists; null to skip. */
  appServiceStart: ((file: string, dataDir: string) => Promise<() => Promise<void>>) | null;
}): Promise<Measurement[]> {
  progress(`services start: ${OPENS} × openDatabase + close on ${(fs.statSync(opts.file).size / 1e6).toFixed(0)} MB`);
  const opens = await timeRuns(OPENS, WARMUP, async () => {
    const o = await openDatabase(opts.file);
    if (o.previousVersion === 0) throw new Error('services start: the store was not already migrated');
    await o.close();
  });
  const bare = await timeRuns(OPENS, WARMUP, () => {
    const raw = new BetterSqlite3(opts.file, { fileMustExist: true });
    raw.pragma('user_version', { simple: true });
    raw.close();
  });
  const o = summarize(opens);
  const b = summarize(bare);
  const baseline = {
    description: 'bare better-sqlite3 open of the same file, read user_version, close',
    value: b.p95Ms,
    unit: 'ms (p95)',
    latency: b,
  };
  const results: Measurement[] = [
    measurement({
      name: 'servicesStartOpenDatabase',
      description: `openDatabase(file) on the current seeded store (no migration pending) then close; ${OPENS} runs after ${WARMUP} warm-up`,
      value: o.p95Ms,
      unit: 'ms (p95)',
      target: { metric: 'p95Ms', op: '<', value: 300, unit: 'ms' },
      baseline,
      details: { latency: o, medianMs: o.p50Ms, stepsOnce: stepTimes(opts.file) },
    }),
  ];

  if (opts.appServiceStart) {
    progress(`services start: ${APP_STARTS} × createAppService + close`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-bench-app-'));
    try {
      const starts: number[] = [];
      const closes: number[] = [];
      for (let i = 0; i < APP_STARTS + 1; i++) {
        const t0 = process.hrtime.bigint();
        const close = await opts.appServiceStart(opts.file, dataDir);
        const started = msSince(t0);
        const t1 = process.hrtime.bigint();
        await close();
        if (i >= 1) {
          starts.push(started);
          closes.push(msSince(t1));
        }
      }
      const a = summarize(starts);
      results.push(
        measurement({
          name: 'servicesStartAppService',
          description: `createAppService on the current seeded store (daily snapshot off: it runs after start, in the background) until it answers app.status; ${APP_STARTS} runs after 1 warm-up`,
          value: a.p95Ms,
          unit: 'ms (p95)',
          target: { metric: 'p95Ms', op: '<', value: 300, unit: 'ms' },
          baseline,
          details: { latency: a, medianMs: a.p50Ms, close: summarize(closes) },
        }),
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return results;
}
