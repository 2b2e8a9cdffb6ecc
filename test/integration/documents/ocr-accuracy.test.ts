// Real tesseract.js on pages with known text: a clean Arabic page is read with the Arabic model
// alone (the script pass picks it) and a clean French page with the French model, each within a
// character error rate bound; a scanned PDF is rasterized by MuPDF and read the same way, a PDF with
// its own text layer is taken as it is, and a multi-page TIFF gives one reading per page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcrPool } from '../../../src/main/services/documents/ocr-pool';
import { readDocument } from '../../../src/main/services/documents/read-document';
import { characterErrorRate, fixture, knownText, writeMultiPageTiff } from '../../helpers/ocr';

let pool: OcrPool;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-ocr-'));
beforeAll(() => {
  pool = new OcrPool({ size: 2 });
});
afterAll(async () => {
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('reading clean pages', () => {
  it('an Arabic page: the script pass picks ara alone, and the character error rate stays under 2%', async () => {
    const { mime, pages } = await readDocument(pool, fixture('arabic-clean.png'));
    expect(mime).toBe('image/png');
    expect(pages).toHaveLength(1);
    const [page] = pages;
    expect(page).toMatchObject({ source: 'ocr', script: 'arabic', model: 'ara' });
    const cer = characterErrorRate(page!.text, knownText('arabic-clean'));
    expect(cer).toBeLessThan(0.02);
    expect(page!.confidence).toBeGreaterThan(80);
    // Word boxes lie on the page image.
    expect(page!.words.length).toBeGreaterThan(40);
    for (const w of page!.words) {
      expect(w.box[0]).toBeGreaterThanOrEqual(0);
      expect(w.box[2]).toBeLessThanOrEqual(page!.width);
      expect(w.box[3]).toBeLessThanOrEqual(page!.height);
    }
  });

  it('a French page: read with fra, the character error rate under 1%', async () => {
    const { pages } = await readDocument(pool, fixture('french-clean.png'));
    expect(pages[0]).toMatchObject({ script: 'latin', model: 'fra' });
    expect(characterErrorRate(pages[0]!.text, knownText('french-clean'))).toBeLessThan(0.01);
  });

  it('a page mixing Arabic and French lines: the combined model, each line in its own script', async () => {
    const { pages } = await readDocument(pool, fixture('mixed-clean.png'));
    expect(pages[0]).toMatchObject({ script: 'mixed', model: 'ara+fra' });
    expect(characterErrorRate(pages[0]!.text, knownText('mixed-clean'))).toBeLessThan(0.03);
  });

  it('the clerk\'s choice of model overrides the script pass', async () => {
    const { pages } = await readDocument(pool, fixture('english-clean.png'), { language: 'eng' });
    expect(pages[0]).toMatchObject({ model: 'eng', ms: { detect: expect.any(Number) } });
    expect(pages[0]!.ms.detect).toBeLessThan(5);
    expect(characterErrorRate(pages[0]!.text, knownText('english-clean'))).toBeLessThan(0.03);
  });
});

describe('pages scanned askew (3°, grey paper, a little blur)', () => {
  // Our preprocessing deskews them and flattens the grey paper (ARCHITECTURE §5); the scan-like
  // pages of ocr-preprocess.test.ts compare with and without it.
  it('are deskewed and flattened, and read within 3% (French) and 1% (Arabic)', async () => {
    for (const [file, truth, model, bound] of [
      ['french-askew.png', 'french-clean', 'fra', 0.03],
      ['arabic-askew.png', 'arabic-clean', 'ara', 0.01],
    ] as const) {
      const { pages } = await readDocument(pool, fixture(file));
      expect(pages[0]).toMatchObject({ model, preprocess: ['flatten', 'deskew'] });
      expect(characterErrorRate(pages[0]!.text, knownText(truth))).toBeLessThan(bound);
    }
  });
});

describe('PDFs and TIFFs', () => {
  it('a scanned PDF is rasterized page by page and read; a PDF with a text layer is taken as it is', async () => {
    const scanned = await readDocument(pool, fixture('scanned-arabic.pdf'));
    expect(scanned.mime).toBe('application/pdf');
    expect(scanned.pages[0]).toMatchObject({ source: 'ocr', model: 'ara' });
    expect(characterErrorRate(scanned.pages[0]!.text, knownText('arabic-clean'))).toBeLessThan(0.08);
    const layered = await readDocument(pool, fixture('text-layer-french.pdf'));
    expect(layered.pages[0]).toMatchObject({ source: 'textLayer', model: null, confidence: 100 });
    expect(characterErrorRate(layered.pages[0]!.text, knownText('french-clean'))).toBeLessThan(0.01);
  });

  it('a multi-page TIFF gives one reading per page, each in its own script', async () => {
    const tiff = path.join(dir, 'two-pages.tif');
    writeMultiPageTiff(tiff, [fixture('french-clean.png'), fixture('arabic-clean.png')]);
    const { mime, pages } = await readDocument(pool, tiff);
    expect(mime).toBe('image/tiff');
    expect(pages.map((p) => [p.pageIndex, p.model])).toEqual([
      [0, 'fra'],
      [1, 'ara'],
    ]);
    expect(characterErrorRate(pages[1]!.text, knownText('arabic-clean'))).toBeLessThan(0.05);
  });
});
