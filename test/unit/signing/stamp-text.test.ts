// The stamp's Arabic shaping and line direction, checked against the Unicode presentation forms
// that Noto Naskh Arabic also maps (an independent source of the joined glyphs), and its placement.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SfntFont } from '../../../src/main/services/signing/stamp/sfnt-font';
import { layoutLine, type FontChain } from '../../../src/main/services/signing/stamp/stamp-text';
import { placeStamp, type Rect } from '../../../src/main/services/signing/stamp/stamp-placement';

const fonts = path.resolve(import.meta.dirname, '../../../resources/fonts');
const naskh = SfntFont.fromFile('NotoNaskhArabic-Regular', path.join(fonts, 'NotoNaskhArabic-Regular.ttf'));
const sans = SfntFont.fromFile('NotoSans', path.join(fonts, 'noto-sans-latin-400-normal.woff'));
const sansExt = SfntFont.fromFile('NotoSansExt', path.join(fonts, 'noto-sans-latin-ext-400-normal.woff'));
const chain: FontChain = { arabic: naskh, ltr: [sans, sansExt, naskh], rtl: [naskh, sans, sansExt] };

const glyphs = (text: string, dir: 'rtl' | 'ltr') => layoutLine(text, dir, chain).flatMap((r) => r.glyphs.map((g) => ({ gid: g.gid, text: g.text, font: r.font })));
const forms = (...cps: number[]) => cps.map((cp) => naskh.glyph(cp));

describe('stamp text', () => {
  it('joins Arabic letters in their initial, medial and final forms, drawn right to left', () => {
    // محمد = meem initial, hah medial, meem medial, dal final; drawn from the left: dal first.
    expect(glyphs('محمد', 'rtl').map((g) => g.gid)).toEqual(forms(0xfeaa, 0xfee4, 0xfea4, 0xfee3));
    // A right-joining letter (alef) ends a join: العلوي = alef isolated, lam initial, ain medial, lam medial, waw final, yeh isolated.
    expect(glyphs('العلوي', 'rtl').map((g) => g.gid)).toEqual(forms(0xfef1, 0xfeee, 0xfee0, 0xfecc, 0xfedf, 0xfe8d));
  });

  it('makes lam-alef one ligature, isolated or final, that copies out as the two letters', () => {
    const salam = glyphs('سلام', 'rtl');
    expect(salam.map((g) => g.gid)).toEqual(forms(0xfee1, 0xfefc, 0xfeb3));
    expect(salam.map((g) => g.text)).toEqual(['م', 'لا', 'س']);
    expect(glyphs('لآ', 'rtl').map((g) => g.gid)).toEqual(forms(0xfef5));
  });

  it('drops harakat (no mark positioning) and keeps the letters joined across them', () => {
    expect(glyphs('بنّاني', 'rtl').map((g) => g.gid)).toEqual(glyphs('بناني', 'rtl').map((g) => g.gid));
  });

  it('keeps numbers left to right inside an Arabic line, and the label on the right', () => {
    const line = glyphs('رقم الملف: 2026/1201/345', 'rtl');
    expect(line.slice(0, 13).map((g) => g.text).join('')).toBe('2026/1201/345');
    expect(line[line.length - 1]!.text).toBe('ر');
    // The colon stays with the Arabic label it follows (left of it).
    expect(line.map((g) => g.text).join('')).toBe('2026/1201/345 :فلملا مقر');
  });

  it('draws Latin names from Noto Sans, falling back to its Latin Extended subset', () => {
    const line = glyphs('Öztürk Łukasz', 'ltr');
    expect(line.map((g) => g.text).join('')).toBe('Öztürk Łukasz');
    expect(line.every((g) => g.gid !== 0)).toBe(true);
    expect(line.find((g) => g.text === 'Ł')!.font).toBe(sansExt);
    expect(line.find((g) => g.text === 'Ö')!.font).toBe(sans);
  });

  it('subsets a font to the glyphs drawn, renumbered, with their advances, far smaller than the font', () => {
    const used = [...new Set(glyphs('محمد العلوي', 'rtl').map((g) => g.gid))];
    const { font, glyphIds } = naskh.subset(used);
    const subset = new SfntFont('subset', font);
    expect(subset.numGlyphs).toBeGreaterThanOrEqual(used.length + 1);
    expect(subset.numGlyphs).toBeLessThan(used.length + 10);
    expect(font.length).toBeLessThan(8_000); // the font is 176 KB
    for (const g of used) expect(subset.advance(glyphIds.get(g)!)).toBe(naskh.advance(g));
    expect(glyphIds.get(0)).toBe(0);
  });
});

describe('stamp placement', () => {
  const a4: Rect = [0, 0, 595.28, 841.89];
  it('goes bottom right, then above the earlier stamps, then in the left column', () => {
    const first = placeStamp(a4, [], 300, 84);
    expect(first).toEqual([595.28 - 36 - 300, 36, 595.28 - 36, 120]);
    const second = placeStamp(a4, [first], 300, 84);
    expect(second[1]).toBeGreaterThanOrEqual(first[3]);
    expect(second[0]).toBe(first[0]);
    // A column full up to the top: the next goes to the left column.
    const full: Rect = [364, 36, 664, 800];
    const left = placeStamp([0, 0, 700, 841.89], [full], 300, 84);
    expect(left).toEqual([36, 36, 336, 120]);
    expect(left[2]).toBeLessThanOrEqual(full[0]);
  });

  it('refuses a page too small for a stamp, with PDF_UNSUPPORTED', () => {
    expect(() => placeStamp([0, 0, 200, 200], [], 300, 84)).toThrow(expect.objectContaining({ code: 'PDF_UNSUPPORTED', i18nKey: 'signing.errors.stampTooLarge' }));
  });
});
