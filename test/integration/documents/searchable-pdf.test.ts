// Searchable PDF export: a scanned PDF and a multi-page TIFF come out as PDFs whose pages carry
// the scan and, invisible over it, the text OCR read — `pdftotext` finds the Arabic and French
// words; a page with its own text layer is kept as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcrPool } from '../../../src/main/services/documents/ocr-pool';
import { exportSearchablePdf } from '../../../src/main/services/documents/searchable-pdf';
import { characterErrorRate, fixture, knownText, writeMultiPageTiff } from '../../helpers/ocr';
import { pdfInfo, pdfText } from '../../helpers/pdf';
import { execFileSync } from 'node:child_process';

let pool: OcrPool;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-export-'));
beforeAll(() => {
  pool = new OcrPool({ size: 2 });
});
afterAll(async () => {
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('searchable PDF export', () => {
  it('a scanned Arabic PDF: the scan with its text findable by pdftotext, page size kept', async () => {
    const out = path.join(dir, 'scan-searchable.pdf');
    const result = await exportSearchablePdf(pool, fixture('scanned-arabic.pdf'), out);
    expect(result.pages).toBe(1);
    expect(pdfText(fixture('scanned-arabic.pdf')).trim()).toBe('');
    const text = pdfText(out);
    expect(characterErrorRate(text, knownText('arabic-clean'))).toBeLessThan(0.1);
    // The same A4 page as the scan (595 × 842 pt), the scan itself as an image on it.
    const info = pdfInfo(out);
    expect(Math.round(info.widthPt)).toBeCloseTo(595, -1);
    expect(Math.round(info.heightPt)).toBeCloseTo(842, -1);
    expect(execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).trim().split('\n').length).toBe(3);
  });

  it('a two-page TIFF (French, then Arabic): two pages, each findable in its own script; no partial file left', async () => {
    const tiff = path.join(dir, 'two.tif');
    writeMultiPageTiff(tiff, [fixture('french-clean.png'), fixture('arabic-clean.png')]);
    const out = path.join(dir, 'two.pdf');
    const seen: number[] = [];
    await exportSearchablePdf(pool, tiff, out, { onPage: (i) => seen.push(i) });
    expect(seen.sort()).toEqual([0, 1]);
    expect(pdfInfo(out).pages).toBe(2);
    expect(characterErrorRate(pdfText(out, 1), knownText('french-clean'))).toBeLessThan(0.05);
    expect(characterErrorRate(pdfText(out, 2), knownText('arabic-clean'))).toBeLessThan(0.1);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('a PDF with its own text layer keeps it', async () => {
    const out = path.join(dir, 'layer.pdf');
    await exportSearchablePdf(pool, fixture('text-layer-french.pdf'), out);
    expect(pdfText(out).replace(/\s+/g, ' ')).toContain('Tribunal de première instance de Rabat');
  });
});
