// Reading one page image with tesseract.js: a script pass picks the model — the caller's guess from
// the page's lines (page-script.ts, a few milliseconds) when it has one, else Tesseract's
// orientation-and-script detection (legacy `osd` model, about a fifth of a second a page). The page
// is then read with that one model — `ara` for Arabic, `fra` (or `eng`) for Latin — since a combined
// `ara+fra` costs clean Arabic pages about 10 CER points; the combined model only reads pages the
// script pass cannot place. Language data comes from resources/tessdata only: langPath is that
// folder, nothing is cached or fetched (PITFALLS: cacheMethod none, read-only data shared by
// workers). Tesseract workers grow in memory over time and are recycled every N pages.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createWorker, OEM, PSM, type Worker as TesseractWorker } from 'tesseract.js';
import type { OcrLanguageChoice, OcrModel, PageScript, WordBox } from '../../../shared/schemas/documents';
import { findResourcesDir } from '../resources';
import { documentFault } from './document-fault';

let quietScript: URL | undefined;

/**
 * tesseract.js's own worker script, started by a two-line module that first silences the thread's
 * console.error. Tesseract's C++ writes its diagnostics ("Too few characters. Skipping this page",
 * "Estimating resolution as …") to stderr through Emscripten's printErr, which is that console in
 * the thread; they reached the clerk's terminal from `npm run cli -- ocr` and the desk's log as
 * unlabelled lines. What matters of them is in the page's result (no text, confidence 0), and a
 * failure still comes back as a rejected job (an abort throws after printing). The real script is
 * resolved from this module's own place, which the package keeps unpacked (electron-builder.yml),
 * so the thread loads a plain file, as PITFALLS asks of workerPath.
 */
function quietWorkerScript(): URL {
  if (!quietScript) {
    const real = pathToFileURL(createRequire(import.meta.url).resolve('tesseract.js/src/worker-script/node/index.js')).href;
    const source = `console.error = () => {};\nawait import(${JSON.stringify(real)});\n`;
    quietScript = new URL(`data:text/javascript,${encodeURIComponent(source)}`);
  }
  return quietScript;
}

export interface PageText {
  model: string;
  script: PageScript;
  text: string;
  confidence: number;
  words: WordBox[];
  ms: { detect: number; read: number };
}

export interface OcrEngineOptions {
  /** Folder with ara/fra/eng/osd.traineddata; default resources/tessdata. */
  tessdataDir?: string;
  /** Pages a Tesseract worker reads before it is replaced (memory growth, naptha/tesseract.js#977). */
  recycleAfterPages?: number;
}

/**
 * OSD's script confidence below which a page counts as mixed (read with `ara+fra`). Measured on the
 * fixtures (test/fixtures/documents): Arabic page 35, French 15.8, English 22.9, a page of
 * alternating Arabic and French lines 3.8.
 */
export const MIXED_SCRIPT_CONFIDENCE = 8;

export function defaultTessdataDir(): string {
  const resources = findResourcesDir(path.join('tessdata', 'ara.traineddata'));
  if (!resources) throw new Error('resources/tessdata/ara.traineddata not found');
  return path.join(resources, 'tessdata');
}

interface PooledWorker {
  worker: Promise<TesseractWorker>;
  pages: number;
}

/** The model for a page from the script pass: one model unless the script is mixed or unknown. */
export function modelForScript(script: PageScript, latinModel: 'fra' | 'eng'): string {
  if (script === 'arabic') return 'ara';
  if (script === 'latin') return latinModel;
  return `ara+${latinModel}`;
}

/** The script OSD names, judged by its confidence. */
export function pageScriptOf(script: string | null, confidence: number | null): PageScript {
  if (!script || confidence === null) return 'unknown';
  if (confidence < MIXED_SCRIPT_CONFIDENCE) return 'mixed';
  if (script === 'Arabic') return 'arabic';
  if (script === 'Latin') return 'latin';
  return 'mixed';
}

export class OcrEngine {
  private readonly tessdataDir: string;
  private readonly recycleAfter: number;
  private readonly workers = new Map<string, PooledWorker>();

  constructor(opts: OcrEngineOptions = {}) {
    this.tessdataDir = opts.tessdataDir ?? defaultTessdataDir();
    this.recycleAfter = opts.recycleAfterPages ?? 50;
  }

  private async worker(model: string): Promise<TesseractWorker> {
    let pooled = this.workers.get(model);
    if (pooled && pooled.pages >= this.recycleAfter) {
      this.workers.delete(model);
      await (await pooled.worker).terminate();
      pooled = undefined;
    }
    if (!pooled) {
      const osd = model === 'osd';
      const worker = createWorker(model, osd ? OEM.TESSERACT_ONLY : OEM.LSTM_ONLY, {
        langPath: this.tessdataDir,
        cacheMethod: 'none',
        gzip: false,
        ...(osd ? { legacyCore: true, legacyLang: true } : {}),
        // Node's Worker takes a data: URL only as a URL object; tesseract.js hands workerPath to it
        // untouched, though its types say string.
        workerPath: quietWorkerScript() as unknown as string,
        logger: () => {},
        errorHandler: () => {},
      });
      pooled = { worker, pages: 0 };
      this.workers.set(model, pooled);
      // A worker that failed to start is not kept: the next page tries a fresh one.
      worker.catch(() => this.workers.get(model) === pooled && this.workers.delete(model));
    }
    pooled.pages += 1;
    return pooled.worker;
  }

  /** The script of a page image (PNG or TIFF bytes). */
  async detectScript(image: Uint8Array): Promise<PageScript> {
    const osd = await this.worker('osd');
    try {
      const { data } = await osd.detect(Buffer.from(image));
      return pageScriptOf(data.script, data.script_confidence);
    } catch {
      // OSD finds too few characters on sparse pages (a stamp, a signature): let the combined model read it.
      return 'unknown';
    }
  }

  /**
   * Reads a page image (PNG, or TIFF as the pipeline passes it after preprocessing): `auto` runs the
   * script pass first, else the model asked for. Latin pages under `auto` are read with
   * `latinModel` (the document's language: eng for English, else fra).
   */
  async readPage(
    png: Uint8Array,
    choice: OcrLanguageChoice,
    pageNumber = 1,
    latinModel: 'fra' | 'eng' = 'fra',
    opts: { dpi?: number; script?: PageScript | null } = {},
  ): Promise<PageText> {
    const t0 = performance.now();
    // Under `auto`, the script the caller found from the page's lines (page-script.ts) spares OSD.
    // A chosen model names the script it was chosen for: the combined one, a page mixing both.
    const script: PageScript = choice === 'auto' ? (opts.script ?? (await this.detectScript(png))) : choice === 'ara' ? 'arabic' : choice === 'ara+fra' ? 'mixed' : 'latin';
    const model = choice === 'auto' ? modelForScript(script, latinModel) : choice;
    const t1 = performance.now();
    try {
      const reader = await this.worker(model);
      const read = async (psm: PSM) => {
        // The DPI of the image (Tesseract assumes 70 without it). Not
        // preserve_interword_spaces: with it, Tesseract glued the last two words of Arabic lines.
        await reader.setParameters({ tessedit_pageseg_mode: psm, user_defined_dpi: String(opts.dpi ?? 300) });
        return (await reader.recognize(Buffer.from(png), {}, { text: true, blocks: true })).data;
      };
      // Automatic page segmentation reads columns and blocks in order; on a scan of grey paper
      // askew (test/fixtures/documents/french-askew.png) it found no text at all, where reading
      // the page as one block reads it (CER 1.9%): that is the second try, for such pages only.
      let data = await read(PSM.AUTO);
      if (data.text.trim() === '') data = await read(PSM.SINGLE_BLOCK);
      const words: WordBox[] = [];
      for (const block of data.blocks ?? []) {
        for (const para of block.paragraphs) {
          for (const line of para.lines) {
            for (const w of line.words) words.push({ text: w.text, confidence: Math.round(w.confidence), box: [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1] });
          }
        }
      }
      return {
        model,
        script,
        text: data.text.trim(),
        confidence: Math.round(data.confidence),
        words,
        ms: { detect: Math.round(t1 - t0), read: Math.round(performance.now() - t1) },
      };
    } catch (err) {
      throw documentFault('ocrFailed', { page: pageNumber }, err);
    }
  }

  async close(): Promise<void> {
    const all = [...this.workers.values()];
    this.workers.clear();
    await Promise.allSettled(all.map(async (w) => (await w.worker).terminate()));
  }
}

export type { OcrModel };
