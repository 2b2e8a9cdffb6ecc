// Preprocessing of scans, pixel by pixel and without Tesseract: the skew of generated scan-like
// pages is measured within a tenth of a degree in both directions and all three languages (and
// undone from 1.5°, on white paper from 3°), a clean page is left untouched, the median is the
// true median, a deskewed word box maps back onto the page as it came, and grey or shaded paper
// comes out white with the ink still dark.
import { describe, expect, it } from 'vitest';
import { flattenBackground, measureSkew, median3, paperStats, preparePage, rotate, toTiff, type GreyImage } from '../../src/main/services/documents/page-preprocess';
import { fixture } from '../helpers/ocr';
import { CLEAN, readGreyPng, scanLike } from '../helpers/scan-like';

const pages = { ara: readGreyPng(fixture('arabic-clean.png')), fra: readGreyPng(fixture('french-clean.png')), eng: readGreyPng(fixture('english-clean.png')) };

function blank(width: number, height: number, level = 255): GreyImage {
  return { width, height, pixels: new Uint8Array(width * height).fill(level) };
}

describe('a page scanned askew', () => {
  it.each([
    ['ara', 1.6],
    ['ara', -3.4],
    ['fra', 4.8],
    ['fra', -1.8],
    ['eng', 2.5],
    ['eng', -4.2],
  ] as const)('%s turned %s° on grey, noisy paper: the skew is measured within 0.1°, and the page is deskewed', (lang, angle) => {
    const scan = scanLike(pages[lang], { angle, paper: 215, shade: 50, ink: 0.75, blur: 1, grain: 12, specks: 150, seed: 9 });
    const prepared = preparePage(scan);
    expect(Math.abs(prepared.skewDegrees - angle)).toBeLessThan(0.1);
    expect(prepared.steps).toEqual(['denoise', 'flatten', 'deskew']);
    // Deskewed, the page measures straight.
    expect(Math.abs(measureSkew(prepared.image))).toBeLessThan(0.1);
  });

  it.each([
    ['ara', 1.2],
    ['fra', -1.0],
  ] as const)('%s turned %s° on grey, noisy paper: measured, but under 1.5° left to Tesseract (denoised and flattened only)', (lang, angle) => {
    const prepared = preparePage(scanLike(pages[lang], { angle, paper: 215, shade: 50, ink: 0.75, blur: 1, grain: 12, specks: 150, seed: 9 }));
    expect(Math.abs(prepared.skewDegrees - angle)).toBeLessThan(0.1);
    expect(prepared.steps).toEqual(['denoise', 'flatten']);
  });

  it('on white paper a noisy page is left as it came under 3°, denoised and deskewed from 3°', () => {
    const white = (angle: number) => scanLike(pages.eng, { angle, paper: 248, shade: 0, ink: 0.8, blur: 1, grain: 12, specks: 100, seed: 4 });
    const slight = white(2.5);
    const prepared = preparePage(slight);
    expect(prepared.steps).toEqual([]);
    expect(prepared.image).toBe(slight);
    expect(Math.abs(prepared.skewDegrees - 2.5)).toBeLessThan(0.1);
    const turned = preparePage(white(-3.5));
    expect(turned.steps).toEqual(['denoise', 'deskew']);
    expect(Math.abs(turned.skewDegrees + 3.5)).toBeLessThan(0.1);
  });

  it('a skew under 0.4° is left to Tesseract, and nothing over the largest looked for is invented', () => {
    expect(preparePage(scanLike(pages.fra, { ...CLEAN, angle: 0.2 })).steps).not.toContain('deskew');
    expect(measureSkew(blank(400, 300))).toBe(0);
    expect(measureSkew(blank(400, 300, 0))).toBe(0);
  });
});

describe('a clean page', () => {
  it.each(['ara', 'fra', 'eng'] as const)('%s: white paper, straight lines, no noise: returned as it came', (lang) => {
    const prepared = preparePage(pages[lang]);
    expect(prepared.steps).toEqual([]);
    expect(prepared.image).toBe(pages[lang]);
    expect(prepared.toSource([1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
  });
});

describe('the pieces', () => {
  it('median3 is the median of each 3 × 3 neighbourhood (against a sort), edges copied', () => {
    const width = 37;
    const height = 23;
    let seed = 7;
    const pixels = Uint8Array.from({ length: width * height }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 255);
    const out = median3({ width, height, pixels }).pixels;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (x === 0 || y === 0 || x === width - 1 || y === height - 1) {
          expect(out[y * width + x]).toBe(pixels[y * width + x]);
          continue;
        }
        const around: number[] = [];
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) around.push(pixels[(y + dy) * width + x + dx]!);
        around.sort((a, b) => a - b);
        expect(out[y * width + x]).toBe(around[4]);
      }
    }
  });

  it('a box on the deskewed image maps back onto the box of the page as it came', () => {
    const page = blank(600, 400);
    // A dark bar where a word would be.
    for (let y = 150; y < 180; y++) for (let x = 200; x < 380; x++) page.pixels[y * 600 + x] = 0;
    const { image, toSource } = rotate(page, -3, 255);
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        if (image.pixels[y * image.width + x]! < 128) {
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x + 1);
          y1 = Math.max(y1, y + 1);
        }
      }
    }
    const back = toSource([x0, y0, x1, y1]);
    // The bounding box of a turned box is larger than the box: it must contain the bar, loosely.
    expect(back[0]).toBeLessThanOrEqual(201);
    expect(back[1]).toBeLessThanOrEqual(151);
    expect(back[2]).toBeGreaterThanOrEqual(379);
    expect(back[3]).toBeGreaterThanOrEqual(179);
    expect(back[2] - back[0]).toBeLessThan(180 + 30);
    expect(back[3] - back[1]).toBeLessThan(30 + 30);
  });

  it('grey, shaded paper comes out white and the ink stays dark', () => {
    const scan = scanLike(pages.ara, { ...CLEAN, paper: 200, shade: 80, ink: 0.7 });
    const before = paperStats(scan);
    expect(before.level).toBeLessThan(235);
    const flat = flattenBackground(scan);
    const after = paperStats(flat);
    expect(after.level).toBe(255);
    expect(after.unevenness).toBeLessThan(10);
    // The darkest ink is still black-ish, so nothing was thresholded away.
    expect(flat.pixels.reduce((m, v) => Math.min(m, v), 255)).toBeLessThan(40);
  });

  it('noise is seen on a grainy page and not on a clean one', () => {
    expect(paperStats(pages.fra).noise).toBeLessThan(1);
    expect(paperStats(scanLike(pages.fra, { ...CLEAN, paper: 230, grain: 12 })).noise).toBeGreaterThan(6);
  });

  it('toTiff writes a little-endian grey TIFF with its resolution, then the pixels', () => {
    const tiff = toTiff({ width: 3, height: 2, pixels: Uint8Array.from([0, 1, 2, 3, 4, 5]) }, 300);
    const view = new DataView(tiff.buffer);
    expect(String.fromCharCode(tiff[0]!, tiff[1]!)).toBe('II');
    expect(view.getUint16(2, true)).toBe(42);
    const ifd = view.getUint32(4, true);
    const tags = new Map<number, number>();
    for (let i = 0; i < view.getUint16(ifd, true); i++) {
      const at = ifd + 2 + i * 12;
      tags.set(view.getUint16(at, true), view.getUint16(at + 2, true) === 3 ? view.getUint16(at + 8, true) : view.getUint32(at + 8, true));
    }
    expect([tags.get(256), tags.get(257), tags.get(258), tags.get(296)]).toEqual([3, 2, 8, 2]);
    expect(view.getUint32(tags.get(282)!, true) / view.getUint32(tags.get(282)! + 4, true)).toBe(300);
    expect([...tiff.subarray(tags.get(273)!)]).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
