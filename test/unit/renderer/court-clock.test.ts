// The renderer never reads the browser's clock or time-zone data to tell a clerk a date or a time:
// Chromium's zone data was seen to put Casablanca an hour off Node's. The court's clock is main's
// (app.status.courtToday, the views' court wall-clock readings); the renderer only reformats them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const rendererDir = path.resolve(import.meta.dirname, '../../../src/renderer');

/** What reads the browser's clock or zone, and why it is refused. */
const FORBIDDEN: [RegExp, string][] = [
  [/new Date\(\s*\)/, 'new Date() reads the browser clock'],
  [/\bDate\.now\(/, 'Date.now() reads the browser clock (use performance.now() to measure a wait)'],
  [/\.get(FullYear|Month|Date|Day|Hours|Minutes|Seconds)\(/, 'a local-time getter uses the browser zone'],
  [/getTimezoneOffset\(/, 'the browser zone offset'],
  [/\.toLocale(Date|Time)?String\(/, 'toLocale*String formats in the browser zone'],
  [/\b(wallClockAt|courtWallClockText|courtLocalNow)\(/, 'an instant turned into the court wall clock with the browser zone data'],
  [/timeZone\s*:(?!\s*'UTC')/, 'an Intl zone other than UTC (calendar dates only) uses the browser zone data'],
  [/resolvedOptions\(\)\.timeZone/, 'the browser zone'],
];

export function clockReads(source: string): string[] {
  return source.split('\n').flatMap((line, i) => FORBIDDEN.filter(([re]) => re.test(line)).map(([, why]) => `line ${i + 1}: ${why}: ${line.trim()}`));
}

describe('the renderer takes the court clock from main', () => {
  it('the check sees each way of reading the browser clock or zone', () => {
    const samples = [
      'const y = new Date().getFullYear();',
      'const t = Date.now();',
      "new Intl.DateTimeFormat('fr', { timeZone: COURT_TIME_ZONE })",
      'const c = wallClockAt(new Date(iso));',
      'd.toLocaleString()',
    ];
    expect(samples.map((s) => clockReads(s).length > 0)).toEqual([true, true, true, true, true]);
    expect(clockReads("new Intl.DateTimeFormat('fr', { timeZone: 'UTC', weekday: 'long' })")).toEqual([]);
    expect(clockReads('const d = new Date(Date.UTC(2026, 0, 1, 12)); d.getUTCDate();')).toEqual([]);
  });

  it('no renderer file reads the browser clock or zone', () => {
    const files = readdirSync(rendererDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
      .map((e) => path.join(e.parentPath, e.name));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((f) => clockReads(readFileSync(f, 'utf8')).map((o) => `${path.relative(rendererDir, f)} ${o}`));
    expect(offenders).toEqual([]);
  });
});
