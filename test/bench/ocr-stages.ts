// Where a page's OCR time goes, in CPU time (not wall clock: the machine is shared): the bench's
// pages read one at a time in this process — rasterize, prepare, script pass (the lines' guess, and
// OSD for comparison), read — beside native
// `tesseract` on the same file with the same model (its user + system time from /usr/bin/time),
// and tesseract.js on the same file as native reads it (no preprocessing), which is what bounds the
// app's read against native's. Prints one JSON document. Knobs: STAGES_PAGES (default 12).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createWorker, OEM, PSM } from 'tesseract.js';
import { defaultTessdataDir, OcrEngine } from '../../src/main/services/documents/ocr-engine';
import { openDocumentFile } from '../../src/main/services/documents/page-source';
import { preparePage, toTiff } from '../../src/main/services/documents/page-preprocess';
import { guessPageScript } from '../../src/main/services/documents/page-script';
import { characterErrorRate, fixture, knownText } from '../helpers/ocr';
import { greyToPng, readGreyPng, scanLike } from '../helpers/scan-like';
import { defectsFor } from './ocr-pages';

const run = promisify(execFile);
const N = Number(process.env.STAGES_PAGES ?? 12);
type Lang = 'ara' | 'fra' | 'eng';
const SOURCE = { ara: 'arabic-clean', fra: 'french-clean', eng: 'english-clean' } as const;

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function cpuOf<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const c0 = cpu();
  const out = await fn();
  return [out, cpu() - c0];
}

async function nativeCpu(file: string, lang: Lang): Promise<{ ms: number; text: string }> {
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', 'CPU %U %S', 'tesseract', file, 'stdout', '-l', lang, '--psm', '3', '--dpi', '300'], {
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    maxBuffer: 16 << 20,
  });
  const m = /CPU ([\d.]+) ([\d.]+)/.exec(stderr)!;
  return { ms: (Number(m[1]) + Number(m[2])) * 1000, text: stdout.trim() };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-stages-'));
  const engine = new OcrEngine();
  const raw: Record<string, Awaited<ReturnType<typeof createWorker>>> = {};
  const rows: Record<string, unknown>[] = [];
  try {
    const clean = Object.fromEntries((Object.keys(SOURCE) as Lang[]).map((l) => [l, readGreyPng(fixture(`${SOURCE[l]}.png`))]));
    // Warm-up: every worker started and its model loaded once.
    for (const l of ['ara', 'fra', 'eng'] as Lang[]) {
      await engine.readPage(toTiff(clean[l]!, 300), 'auto', 1, l === 'eng' ? 'eng' : 'fra');
      raw[l] = await createWorker(l, OEM.LSTM_ONLY, { langPath: defaultTessdataDir(), cacheMethod: 'none', gzip: false, logger: () => {}, errorHandler: () => {} });
      await raw[l].setParameters({ tessedit_pageseg_mode: PSM.AUTO, user_defined_dpi: '300' });
    }
    for (let i = 0; i < N; i++) {
      const lang = (['ara', 'fra', 'eng'] as const)[i % 3]!;
      const kind = Math.floor(i / 3) % 3 === 0 ? 'clean' : 'scan';
      const file = path.join(dir, `p${i}-${lang}-${kind}.png`);
      fs.writeFileSync(file, kind === 'scan' ? greyToPng(scanLike(clean[lang]!, defectsFor(i))) : fs.readFileSync(fixture(`${SOURCE[lang]}.png`)));
      const truth = knownText(SOURCE[lang]);
      const [doc, openMs] = await cpuOf(() => openDocumentFile(file, { dpi: 300 }));
      const [image, rasterMs] = await cpuOf(() => doc.rasterize(0));
      doc.close();
      const [prepared, prepareMs] = await cpuOf(() => preparePage(image.grey));
      const [tiff, tiffMs] = await cpuOf(() => toTiff(prepared.image, 300));
      const residual = prepared.steps.includes('deskew') ? 0 : prepared.skewDegrees;
      const [guess, guessMs] = await cpuOf(() => guessPageScript(prepared.image, residual).script);
      const [osd, osdMs] = await cpuOf(() => engine.detectScript(tiff));
      const latin = lang === 'eng' ? 'eng' : 'fra';
      const [text, readMs] = await cpuOf(() => engine.readPage(tiff, lang, 1, latin));
      const [rawRead, rawReadMs] = await cpuOf(async () => (await raw[lang]!.recognize(fs.readFileSync(file), {}, { text: true })).data.text);
      const native = await nativeCpu(file, lang);
      rows.push({
        page: path.basename(file),
        steps: prepared.steps,
        script: { guess, osd },
        ms: {
          open: Math.round(openMs),
          rasterize: Math.round(rasterMs),
          prepare: Math.round(prepareMs),
          tiff: Math.round(tiffMs),
          guess: Math.round(guessMs),
          osd: Math.round(osdMs),
          read: Math.round(readMs),
          jsRawTextOnly: Math.round(rawReadMs),
          native: Math.round(native.ms),
        },
        cer: {
          app: +characterErrorRate(text.text, truth).toFixed(4),
          jsRaw: +characterErrorRate(rawRead, truth).toFixed(4),
          native: +characterErrorRate(native.text, truth).toFixed(4),
        },
      });
      process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
    }
  } finally {
    await engine.close();
    await Promise.all(Object.values(raw).map((w) => w.terminate()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const keys = Object.keys((rows[0] as { ms: Record<string, number> }).ms);
  const mean = Object.fromEntries(keys.map((k) => [k, Math.round(rows.reduce((s, r) => s + (r as { ms: Record<string, number> }).ms[k]!, 0) / rows.length)]));
  process.stdout.write(`${JSON.stringify({ pages: rows.length, meanCpuMs: mean, rows }, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
