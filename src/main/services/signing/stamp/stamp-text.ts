// One line of stamp text laid out: the Unicode Bidirectional Algorithm (bidi-js) gives each
// character its level, each character its font (Arabic script from the Arabic font, others from the
// first font of the line's chain that has them, marks with their base), HarfBuzz shapes each run of
// one level and one font (shaper.ts: joined forms, lam-alef and the font's other ligatures, harakat
// placed by the font's GPOS anchors, brackets mirrored in right-to-left runs), and the runs are
// put in visual order (UAX #9 rule L2). It never draws: signature-stamp.ts writes the PDF.
import bidiFactory from 'bidi-js';
import type { SfntFont } from './sfnt-font';
import type { ShapingFont } from './shaper';

const bidi = bidiFactory();

/** A font of the stamp: its file (subsetting, widths, cmap) and HarfBuzz's view of it (shaping). */
export interface StampFont {
  file: SfntFont;
  shaping: ShapingFont;
}

export interface FontChain {
  /** The Arabic font: Arabic letters always come from it. */
  arabic: StampFont;
  /** Others in the order tried, for a left-to-right and a right-to-left line. */
  ltr: StampFont[];
  rtl: StampFont[];
}

export interface PlacedGlyph {
  gid: number;
  /** Where the glyph's origin is, in ems from the run's start and the baseline (GPOS offsets included). */
  x: number;
  y: number;
  /** The characters this glyph stands for, in logical order; '' for the further glyphs of one cluster. */
  text: string;
  /** Advance in ems (HarfBuzz's: 0 for a mark). */
  advance: number;
}

export interface GlyphRun {
  font: StampFont;
  /** Left to right, as drawn. */
  glyphs: PlacedGlyph[];
  /** The run's start from the line's left, and its advance, in ems (multiply by the size in points). */
  x: number;
  width: number;
  /** The run's characters as typed (logical order): what copying the run must give. */
  text: string;
  rtl: boolean;
}

export interface LineLayout {
  /** In visual order, left to right. */
  runs: GlyphRun[];
  width: number;
}

function isArabicScript(cp: number): boolean {
  return (cp >= 0x0600 && cp <= 0x08ff) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefc);
}

/** Combining marks and format characters (bidi controls, joiners) stay in their base's font. */
const FOLLOWS_BASE = /[\p{M}\p{Cf}]/u;

interface Item {
  start: number;
  end: number;
  level: number;
  font: StampFont;
}

/** Maximal ranges of one bidi level and one font, in logical order. */
function itemize(text: string, levels: Uint8Array, direction: 'rtl' | 'ltr', fonts: FontChain): Item[] {
  const chain = direction === 'rtl' ? fonts.rtl : fonts.ltr;
  const items: Item[] = [];
  let previous: StampFont | null = null;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const size = cp > 0xffff ? 2 : 1;
    const ch = String.fromCodePoint(cp);
    const font: StampFont = FOLLOWS_BASE.test(ch) && previous ? previous : isArabicScript(cp) ? fonts.arabic : (chain.find((f) => f.file.has(cp)) ?? chain[0]!);
    const level = levels[i]!;
    const last = items[items.length - 1];
    if (last && last.font === font && last.level === level) last.end = i + size;
    else items.push({ start: i, end: i + size, level, font });
    previous = font;
    i += size;
  }
  return items;
}

/** UAX #9 L2: from the highest level down to the lowest odd one, reverse every sequence at that level or above. */
function visualOrder<T extends { level: number }>(items: T[]): T[] {
  const out = [...items];
  if (out.length === 0) return out;
  const highest = Math.max(...out.map((r) => r.level));
  const lowestOdd = Math.min(...out.map((r) => (r.level % 2 === 1 ? r.level : r.level + 1)));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < out.length; ) {
      if (out[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < out.length && out[j]!.level >= level) j++;
      out.splice(i, j - i, ...out.slice(i, j).reverse());
      i = j;
    }
  }
  return out;
}

/**
 * The line as glyph runs from left to right. `direction` is the paragraph's base direction (Arabic
 * lines rtl, Latin lines ltr); within it, numbers, Latin words and neutrals go as UAX #9 says.
 */
export function layoutLine(text: string, direction: 'rtl' | 'ltr', fonts: FontChain): LineLayout {
  const typed = text.normalize('NFC');
  const { levels } = bidi.getEmbeddingLevels(typed, direction);
  const runs: GlyphRun[] = [];
  let cursor = 0;
  for (const item of visualOrder(itemize(typed, levels, direction, fonts))) {
    const rtl = item.level % 2 === 1;
    const shaped = item.font.shaping.shape(typed, item.start, item.end - item.start, rtl);
    // A cluster's text runs from its first character to the next cluster's (or the run's end).
    const starts = [...new Set(shaped.map((g) => g.cluster))].sort((a, b) => a - b);
    const textOf = new Map(starts.map((c, k) => [c, typed.slice(c, starts[k + 1] ?? item.end)]));
    const upem = item.font.file.unitsPerEm;
    const glyphs: PlacedGlyph[] = [];
    let pen = 0;
    for (const g of shaped) {
      const text = textOf.get(g.cluster) ?? '';
      textOf.delete(g.cluster);
      glyphs.push({ gid: g.gid, x: (pen + g.xOffset) / upem, y: g.yOffset / upem, text, advance: g.xAdvance / upem });
      pen += g.xAdvance;
    }
    const width = pen / upem;
    runs.push({ font: item.font, glyphs, x: cursor, width, text: typed.slice(item.start, item.end), rtl });
    cursor += width;
  }
  return { runs, width: cursor };
}
