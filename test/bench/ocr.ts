// `npm run bench:ocr` (issue 9): the same generated pages — clean and scan-like (turned 1–5°, grey
// or shaded paper, faded ink, blur, grain, specks), in Arabic, French and English, with known text —
// read by Debian's native `tesseract` and by the app's pipeline (the OCR pool, its worker threads,
// MuPDF, preprocessing, the script pass, tesseract.js), with the same number of threads: native at
// its best here, one process per core each limited to one thread (OMP_THREAD_LIMIT=1), against a
// pool of one worker per core. Prints ONE JSON document on stdout: seconds per page, character
// error rate and order-free word recall per language and kind of page for both, pages where the
// app reads worse than native, and the process's resident memory after each batch of pages.
// Progress goes to stderr. Exit 0 when every section ran (a missed target is pass:false).
//
// Needs /usr/bin/tesseract with tesseract-ocr-ara, -fra, -eng (the preflight says so); the tests
// never do. Knobs: BENCH_OCR_SCALE=0.2 for a quick look (40 pages in batches of 10, not the
// issue's figures; full: 200 pages in batches of 50); BENCH_OUT=file also writes the document.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { OcrPool } from '../../src/main/services/documents/ocr-pool';
import type { PageReading } from '../../src/shared/schemas/documents';
import { characterErrorRate, fixture, knownText } from '../helpers/ocr';
import { comparable } from '../helpers/pdf';
import { greyToPng, readGreyPng, scanLike, type ScanDefects } from '../helpers/scan-like';
import { defectsFor } from './ocr-pages';
import { measurePageSearch } from './page-search';
import { measurement, progress, type Measurement } from './report';
import { msSince, round, summarize } from './stats';

const run = promisify(execFile);
const SCALE = Number(process.env.BENCH_OCR_SCALE ?? 1);
if (!(SCALE > 0 && SCALE <= 1)) throw new Error(`BENCH_OCR_SCALE must be in (0, 1], got ${process.env.BENCH_OCR_SCALE}`);
const PAGES = Math.max(6, Math.round(200 * SCALE));
const BATCH = Math.max(5, Math.round(50 * SCALE));
/** Same total threads on both sides: one native process or one pool worker per core. */
const THREADS = os.availableParallelism();
const TESSERACT = process.env.BENCH_TESSERACT ?? '/usr/bin/tesseract';

type Lang = 'ara' | 'fra' | 'eng';
const SOURCE: Record<Lang, 'arabic-clean' | 'french-clean' | 'english-clean'> = { ara: 'arabic-clean', fra: 'french-clean', eng: 'english-clean' };

interface BenchPage {
  index: number;
  lang: Lang;
  kind: 'clean' | 'scan';
  file: string;
  defects: ScanDefects | null;
}

interface Reading {
  text: string;
  ms: number;
}

/** A section of the document: its measurements and anything it wants to say in `details`. */
interface BenchSection {
  name: string;
  run(workDir: string): Promise<{ measurements: Measurement[]; details: Record<string, unknown> }>;
}

function makePages(dir: string): BenchPage[] {
  const clean = Object.fromEntries((Object.keys(SOURCE) as Lang[]).map((l) => [l, readGreyPng(fixture(`${SOURCE[l]}.png`))])) as Record<Lang, ReturnType<typeof readGreyPng>>;
  const pages: BenchPage[] = [];
  for (let i = 0; i < PAGES; i++) {
    const lang = (['ara', 'fra', 'eng'] as const)[i % 3]!;
    // One page in three clean (the text as printed), two scan-like.
    const kind = Math.floor(i / 3) % 3 === 0 ? 'clean' : 'scan';
    const defects = kind === 'scan' ? defectsFor(i) : null;
    const file = path.join(dir, `page-${String(i).padStart(4, '0')}-${lang}-${kind}.png`);
    fs.writeFileSync(file, kind === 'scan' ? greyToPng(scanLike(clean[lang], defects!)) : fs.readFileSync(fixture(`${SOURCE[lang]}.png`)));
    pages.push({ index: i, lang, kind, file, defects });
  }
  return pages;
}

/** Share of the true words found in what was read, each read word used once, order ignored (Tesseract may reverse Arabic words). */
export function wordRecall(read: string, truth: string): number {
  const bag = new Map<string, number>();
  for (const w of comparable(read).split(' ').filter(Boolean)) bag.set(w, (bag.get(w) ?? 0) + 1);
  const words = comparable(truth).split(' ').filter(Boolean);
  let found = 0;
  for (const w of words) {
    const n = bag.get(w) ?? 0;
    if (n > 0) {
      found++;
      bag.set(w, n - 1);
    }
  }
  return found / words.length;
}

/** Runs `fn` over `items` with at most `limit` at once, keeping order. */
async function parallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = Array.from({ length: items.length });
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

async function readNative(page: BenchPage): Promise<Reading> {
  const t0 = process.hrtime.bigint();
  const { stdout } = await run(TESSERACT, [page.file, 'stdout', '-l', page.lang, '--psm', '3', '--dpi', '300'], {
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { text: stdout.trim(), ms: msSince(t0) };
}

const MiB = 1024 * 1024;

const ocrSection: BenchSection = {
  name: 'ocr',
  async run(workDir) {
    progress(`generating ${PAGES} pages`);
    const pages = makePages(workDir);
    const truth = (p: BenchPage) => knownText(SOURCE[p.lang]);

    // Batch by batch, native then app on the same pages, so that a change of the machine's load
    // during the run (other processes) weighs on both sides alike.
    progress(`${PAGES} pages in batches of ${BATCH}: native tesseract (${THREADS} processes of one thread), then the app's pool of ${THREADS} workers`);
    const pool = new OcrPool({ size: THREADS });
    const native: Reading[] = [];
    const app: PageReading[] = [];
    const rssMiB: number[] = [];
    let nativeSeconds = 0;
    let appSeconds = 0;
    try {
      const readApp = async (p: BenchPage) =>
        (await pool.run({ kind: 'page', file: p.file, pageIndex: 0, dpi: 300, language: 'auto', latinModel: p.lang === 'eng' ? 'eng' : 'fra' })).reading;
      // Warm-up, not timed: each worker starts and loads its models once, as in the running app.
      await Promise.all(pages.slice(0, THREADS * 3).map(readApp));
      rssMiB.push(round(process.memoryUsage().rss / MiB, 1));
      for (let b = 0; b < pages.length; b += BATCH) {
        const batch = pages.slice(b, b + BATCH);
        const n0 = process.hrtime.bigint();
        native.push(...(await parallel(batch, THREADS, readNative)));
        nativeSeconds += msSince(n0) / 1000;
        const a0 = process.hrtime.bigint();
        app.push(...(await Promise.all(batch.map(readApp))));
        appSeconds += msSince(a0) / 1000;
        rssMiB.push(round(process.memoryUsage().rss / MiB, 1));
        progress(`${app.length}/${pages.length} pages: native ${nativeSeconds.toFixed(1)} s, app ${appSeconds.toFixed(1)} s, rss ${rssMiB.at(-1)} MiB`);
      }
    } finally {
      await pool.close();
    }

    const rows = pages.map((p, i) => ({
      page: path.basename(p.file),
      lang: p.lang,
      kind: p.kind,
      angle: p.defects?.angle ?? 0,
      native: { cer: round(characterErrorRate(native[i]!.text, truth(p)), 4), recall: round(wordRecall(native[i]!.text, truth(p)), 4), ms: Math.round(native[i]!.ms) },
      app: {
        cer: round(characterErrorRate(app[i]!.text, truth(p)), 4),
        recall: round(wordRecall(app[i]!.text, truth(p)), 4),
        model: app[i]!.model,
        preprocess: app[i]!.preprocess,
        ms: app[i]!.ms,
      },
    }));
    // A page counts as worse only past rounding noise: half a CER point.
    const worse = rows.filter((r) => r.app.cer > r.native.cer + 0.005);
    const groups: Record<string, unknown> = {};
    const measurements: Measurement[] = [];
    for (const lang of ['ara', 'fra', 'eng'] as const) {
      for (const kind of ['clean', 'scan'] as const) {
        const g = rows.filter((r) => r.lang === lang && r.kind === kind);
        if (g.length === 0) continue;
        const mean = (xs: number[]) => round(xs.reduce((s, x) => s + x, 0) / xs.length, 4);
        const stats = {
          pages: g.length,
          native: { meanCer: mean(g.map((r) => r.native.cer)), maxCer: Math.max(...g.map((r) => r.native.cer)), meanWordRecall: mean(g.map((r) => r.native.recall)) },
          app: { meanCer: mean(g.map((r) => r.app.cer)), maxCer: Math.max(...g.map((r) => r.app.cer)), meanWordRecall: mean(g.map((r) => r.app.recall)) },
        };
        groups[`${lang}.${kind}`] = stats;
        const scanArabic = lang === 'ara' && kind === 'scan';
        measurements.push(
          measurement({
            name: `ocr.cer.${lang}.${kind}`,
            description: `mean character error rate of the app's pipeline on ${kind} ${lang} pages (${scanArabic ? 'target: lower than native' : 'target: no higher than native'}); word recall in details`,
            value: stats.app.meanCer,
            unit: 'ratio',
            target: { metric: 'meanCer', op: scanArabic ? '<' : '<=', value: stats.native.meanCer, unit: 'ratio' },
            baseline: { description: 'native tesseract on the same pages', value: stats.native.meanCer, unit: 'ratio', meanWordRecall: stats.native.meanWordRecall },
            details: stats,
          }),
        );
      }
    }
    /** A page's time in its worker (rasterize + prepare + script pass + read), queueing excluded. */
    const appPageMs = (r: PageReading) => r.ms.rasterize + r.ms.prepare + r.ms.detect + r.ms.read;
    const nativeSpp = nativeSeconds / PAGES;
    const appSpp = appSeconds / PAGES;
    measurements.unshift(
      measurement({
        name: 'ocr.secondsPerPage',
        description: `wall-clock seconds per page over all ${PAGES} pages, ${THREADS} threads on each side (target: throughput ≥ 1.0× native)`,
        value: round(appSpp, 3),
        unit: 's/page',
        target: { metric: 'secondsPerPage', op: '<=', value: round(nativeSpp, 3), unit: 's/page' },
        baseline: { description: `native tesseract, ${THREADS} processes with OMP_THREAD_LIMIT=1, told each page's language`, value: round(nativeSpp, 3), unit: 's/page' },
        details: {
          throughputVsNative: round(nativeSpp / appSpp, 3),
          appPageMs: summarize(app.map(appPageMs)),
          appStageMeanMs: {
            rasterize: round(app.reduce((s, r) => s + r.ms.rasterize, 0) / app.length, 1),
            prepare: round(app.reduce((s, r) => s + r.ms.prepare, 0) / app.length, 1),
            detect: round(app.reduce((s, r) => s + r.ms.detect, 0) / app.length, 1),
            read: round(app.reduce((s, r) => s + r.ms.read, 0) / app.length, 1),
          },
          nativePageMs: summarize(native.map((r) => r.ms)),
          // Per language (the batches mix them, so the wall clock cannot be split): each side's mean
          // time on one page of that language, with its ${THREADS} threads side by side — seconds
          // per page at full load ≈ mean / threads.
          perLanguage: Object.fromEntries(
            (['ara', 'fra', 'eng'] as const).map((lang) => {
              const idx = pages.flatMap((p, i) => (p.lang === lang ? [i] : []));
              const meanS = (xs: number[]) => round(xs.reduce((a, x) => a + x, 0) / xs.length / 1000 / THREADS, 3);
              return [
                lang,
                {
                  pages: idx.length,
                  nativeSecondsPerPage: meanS(idx.map((i) => native[i]!.ms)),
                  appSecondsPerPage: meanS(idx.map((i) => appPageMs(app[i]!))),
                },
              ];
            }),
          ),
        },
      }),
      measurement({
        name: 'ocr.pagesWorseThanNative',
        description: 'pages the app reads with a CER more than 0.5 points above native (target: none)',
        value: worse.length,
        unit: 'pages',
        target: { metric: 'pages', op: '<=', value: 0, unit: 'pages' },
        baseline: { description: 'pages read', value: PAGES, unit: 'pages' },
        details: { worse },
      }),
    );
    const growth = round(rssMiB.at(-1)! - rssMiB[1]!, 1);
    measurements.push(
      measurement({
        name: 'ocr.rssGrowth',
        description: `resident memory of the process (pool workers included) after each batch of ${BATCH} pages: growth from the first batch to the last (target: flat, under 64 MiB)`,
        value: growth,
        unit: 'MiB',
        target: { metric: 'growth', op: '<', value: 64, unit: 'MiB' },
        baseline: { description: 'resident memory after the first batch', value: rssMiB[1]!, unit: 'MiB' },
        details: { rssMiBAfterWarmUpThenEachBatch: rssMiB, batchPages: BATCH },
      }),
    );
    return { measurements, details: { pages: PAGES, batch: BATCH, threads: THREADS, groups, nativeSeconds: round(nativeSeconds, 2), appSeconds: round(appSeconds, 2), rows } };
  },
};

/** Search over indexed page text (test/bench/page-search.ts): 100,000 pages in full, scaled like the OCR pages. */
const pageSearchSection: BenchSection = {
  name: 'pageSearch',
  async run() {
    const pages = Math.round(100_000 * SCALE);
    return { measurements: await measurePageSearch({ pages }), details: { pages } };
  },
};

/**
 * The sections of the document, in order. Cross-script names over 300,000 parties (p95 < 50 ms)
 * are measured by `npm run bench` (quickFindAcrossScripts), over the store that bench seeds.
 */
const SECTIONS: BenchSection[] = [ocrSection, pageSearchSection];

async function tesseractVersion(): Promise<string> {
  const { stdout, stderr } = await run(TESSERACT, ['--version']);
  return `${stdout}${stderr}`.split('\n')[0]!.trim();
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-bench-ocr-'));
  const require = createRequire(import.meta.url);
  try {
    const sections: Record<string, Record<string, unknown>> = {};
    const measurements: Measurement[] = [];
    for (const section of SECTIONS) {
      progress(`section ${section.name}`);
      const out = await section.run(dir);
      measurements.push(...out.measurements);
      sections[section.name] = out.details;
    }
    const doc = {
      benchmark: 'mahkama issue 9: OCR (and search)',
      date: new Date().toISOString(),
      mode: SCALE === 1 ? 'full' : `quick (BENCH_OCR_SCALE=${SCALE})`,
      allPass: measurements.every((m) => m.pass),
      summary: Object.fromEntries(measurements.map((m) => [m.name, { value: m.value, unit: m.unit, target: `${m.target.op} ${m.target.value} ${m.target.unit}`, pass: m.pass, baseline: m.baseline.value }])),
      machine: {
        node: process.version,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        cores: os.availableParallelism(),
        loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
        memoryGiB: round(os.totalmem() / 2 ** 30, 1),
        tesseract: await tesseractVersion(),
        tesseractJs: (require('tesseract.js/package.json') as { version: string }).version,
      },
      measurements,
      sections,
      totalSeconds: round(msSince(started) / 1000, 1),
    };
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, text);
    process.stdout.write(text);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
