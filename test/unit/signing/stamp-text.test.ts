// The stamp's text as HarfBuzz shapes it with the stamp's own fonts: joined forms checked against
// the Unicode presentation forms that Noto Naskh Arabic also maps (an independent source of the
// joined glyphs), harakat placed by the font's GPOS over or under their letter, lines put in visual
// order by the Unicode Bidirectional Algorithm; the subsetting and the placement of the stamp.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SfntFont } from '../../../src/main/services/signing/stamp/sfnt-font';
import { ShapingFont } from '../../../src/main/services/signing/stamp/shaper';
import { layoutLine, type FontChain, type StampFont } from '../../../src/main/services/signing/stamp/stamp-text';
import { placeStamp, type Rect } from '../../../src/main/services/signing/stamp/stamp-placement';

const fonts = path.resolve(import.meta.dirname, '../../../resources/fonts');
const naskhFile = SfntFont.fromFile('NotoNaskhArabic-Regular', path.join(fonts, 'NotoNaskhArabic-Regular.ttf'));
const sansFile = SfntFont.fromFile('NotoSans', path.join(fonts, 'noto-sans-latin-400-normal.woff'));
const sansExtFile = SfntFont.fromFile('NotoSansExt', path.join(fonts, 'noto-sans-latin-ext-400-normal.woff'));
let naskh: StampFont;
let sans: StampFont;
let sansExt: StampFont;
let chain: FontChain;

beforeAll(async () => {
  const open = async (file: SfntFont): Promise<StampFont> => ({ file, shaping: await ShapingFont.open(file.sfnt) });
  [naskh, sans, sansExt] = await Promise.all([open(naskhFile), open(sansFile), open(sansExtFile)]);
  chain = { arabic: naskh, ltr: [sans, sansExt, naskh], rtl: [naskh, sans, sansExt] };
}, 60_000);

/** The line's glyphs from the left, with their position on the line (ems) and their font. */
const glyphs = (text: string, dir: 'rtl' | 'ltr') =>
  layoutLine(text, dir, chain).runs.flatMap((r) => r.glyphs.map((g) => ({ ...g, x: r.x + g.x, font: r.font.file })));
const forms = (...cps: number[]) => cps.map((cp) => naskhFile.glyph(cp));
const SHADDA = 'ّ';
const KASRA = 'ِ';

describe('stamp text (HarfBuzz)', () => {
  it('joins Arabic letters in their initial, medial and final forms, drawn right to left', () => {
    // محمد = meem initial, hah medial, meem medial, dal final; drawn from the left: dal first.
    expect(glyphs('محمد', 'rtl').map((g) => g.gid)).toEqual(forms(0xfeaa, 0xfee4, 0xfea4, 0xfee3));
    // A right-joining letter (alef) ends a join: العلوي = alef isolated, lam initial, ain medial, lam medial, waw final, yeh isolated.
    expect(glyphs('العلوي', 'rtl').map((g) => g.gid)).toEqual(forms(0xfef1, 0xfeee, 0xfee0, 0xfecc, 0xfedf, 0xfe8d));
  });

  it('makes lam-alef the font`s ligature (its lam and alef forms, no longer the isolated letters), each standing for its letter', () => {
    const salam = glyphs('سلام', 'rtl');
    expect(salam.map((g) => g.text)).toEqual(['م', 'ا', 'ل', 'س']);
    const [, alef, lam] = salam;
    expect(lam!.gid).not.toBe(naskhFile.glyph(0x0644));
    expect(lam!.gid).not.toBe(naskhFile.glyph(0xfedf));
    expect(alef!.gid).not.toBe(naskhFile.glyph(0x0627));
    expect(alef!.gid).not.toBe(naskhFile.glyph(0xfe8e));
  });

  it('places harakat by the font`s GPOS: the shadda over its letter, the kasra under it, with no advance of their own', () => {
    const line = glyphs('محمّد بنّاني', 'rtl');
    const shaddas = line.filter((g) => g.text === SHADDA);
    expect(shaddas).toHaveLength(2);
    for (const shadda of shaddas) {
      expect(shadda.gid).toBe(naskhFile.glyph(SHADDA.codePointAt(0)!));
      expect(shadda.advance).toBe(0);
      expect(shadda.y).toBeGreaterThan(0.05);
      // Over the letter it follows in the text, which in a right-to-left run is the next glyph drawn.
      const letter = line[line.indexOf(shadda) + 1]!;
      expect(['م', 'ن']).toContain(letter.text);
      expect(shadda.x).toBeGreaterThanOrEqual(letter.x);
      expect(shadda.x).toBeLessThan(letter.x + letter.advance);
    }
    // The letters stay joined across the shadda: the same letter glyphs as without it.
    expect(line.filter((g) => g.text !== SHADDA).map((g) => g.gid)).toEqual(glyphs('محمد بناني', 'rtl').map((g) => g.gid));
    const abdallah = glyphs('عبدُ اللهِ', 'rtl');
    const kasra = abdallah.find((g) => g.text === KASRA)!;
    expect(kasra.y).toBeLessThan(-0.05);
    // «الله» is the font's own ligature (one glyph for lam, lam, heh), the kasra under it.
    const allah = abdallah.find((g) => g.text === 'لله')!;
    expect(kasra.x).toBeGreaterThanOrEqual(allah.x);
    expect(kasra.x).toBeLessThan(allah.x + allah.advance);
  });

  it('keeps numbers left to right inside an Arabic line, and the label on the right', () => {
    const line = glyphs('رقم الملف: 2026/1201/345', 'rtl');
    expect(line.slice(0, 13).map((g) => g.text).join('')).toBe('2026/1201/345');
    expect(line[line.length - 1]!.text).toBe('ر');
    // The colon stays with the Arabic label it follows (left of it).
    expect(line.map((g) => g.text).join('')).toBe('2026/1201/345 :فلملا مقر');
  });

  it('mirrors brackets in a right-to-left run: drawn turned, standing for the bracket typed', () => {
    const line = glyphs('(القاضي)', 'rtl');
    expect(line[0]!.text).toBe(')');
    expect(line[0]!.gid).toBe(sansFile.glyph(0x28));
    expect(line[line.length - 1]!.text).toBe('(');
    expect(line[line.length - 1]!.gid).toBe(sansFile.glyph(0x29));
  });

  it('draws Latin names from Noto Sans glyph for glyph, falling back to its Latin Extended subset', () => {
    const alaoui = glyphs('Mohamed Alaoui', 'ltr');
    expect(alaoui.map((g) => g.gid)).toEqual([...'Mohamed Alaoui'].map((c) => sansFile.glyph(c.codePointAt(0)!)));
    expect(alaoui.every((g) => g.y === 0)).toBe(true);
    const line = glyphs('Öztürk Łukasz', 'ltr');
    expect(line.map((g) => g.text).join('')).toBe('Öztürk Łukasz');
    expect(line.every((g) => g.gid !== 0)).toBe(true);
    expect(line.find((g) => g.text === 'Ł')!.font).toBe(sansExtFile);
    expect(line.find((g) => g.text === 'Ö')!.font).toBe(sansFile);
  });

  it('subsets a font to the glyphs drawn, renumbered, with their advances, far smaller than the font', () => {
    const used = [...new Set(glyphs('محمّد العلوي', 'rtl').map((g) => g.gid))];
    const { font, glyphIds } = naskhFile.subset(used);
    const subset = new SfntFont('subset', font);
    expect(subset.numGlyphs).toBeGreaterThanOrEqual(used.length + 1);
    expect(subset.numGlyphs).toBeLessThan(used.length + 10);
    expect(font.length).toBeLessThan(8_000); // the font is 176 KB
    for (const g of used) expect(subset.advance(glyphIds.get(g)!)).toBe(naskhFile.advance(g));
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
