// One line of stamp text as glyph runs in visual order: Arabic shaped (joined forms, lam-alef),
// right-to-left runs reversed, each glyph in the first font of the line's chain that has it.
//
// Why by hand, and why this little: no shaping engine is in the project (harfbuzz is not installed;
// MuPDF.js 1.28 exposes no shaping call, and its PDFs lose Arabic on extraction, §5a; Chromium
// costs a browser start per stamp and is not in the CLI). A stamp holds names, a role, dates and a
// case number, which Arabic shaping covers with: the Unicode joining types (ArabicShaping.txt,
// the Arabic and Arabic Supplement blocks), the font's own `init`/`medi`/`fina` single
// substitutions, and the lam-alef ligatures the font maps at U+FEF5–FEFC. Not done: marks
// (harakat) are dropped, since placing them needs GPOS anchors (the signature dictionary's /Name
// keeps the name as typed); the font's contextual and discretionary ligatures are not applied.
// Direction is a simplified bidi: neutrals between two runs of one direction take it, others the
// line's; Western and Arabic-Indic numbers read left to right; brackets mirrored in RTL runs.
import type { SfntFont } from './sfnt-font';

type Joining = 'R' | 'D' | 'C' | 'T' | 'U';

const JOINING_RANGES: [number, number, Joining][] = [
  [0x0610, 0x061a, 'T'],
  [0x0620, 0x0620, 'D'],
  [0x0622, 0x0625, 'R'],
  [0x0626, 0x0626, 'D'],
  [0x0627, 0x0627, 'R'],
  [0x0628, 0x0628, 'D'],
  [0x0629, 0x0629, 'R'],
  [0x062a, 0x062e, 'D'],
  [0x062f, 0x0632, 'R'],
  [0x0633, 0x063f, 'D'],
  [0x0640, 0x0640, 'C'],
  [0x0641, 0x0647, 'D'],
  [0x0648, 0x0648, 'R'],
  [0x0649, 0x064a, 'D'],
  [0x064b, 0x065f, 'T'],
  [0x066e, 0x066f, 'D'],
  [0x0670, 0x0670, 'T'],
  [0x0671, 0x0673, 'R'],
  [0x0675, 0x0677, 'R'],
  [0x0678, 0x0687, 'D'],
  [0x0688, 0x0699, 'R'],
  [0x069a, 0x06bf, 'D'],
  [0x06c0, 0x06c0, 'R'],
  [0x06c1, 0x06c2, 'D'],
  [0x06c3, 0x06cb, 'R'],
  [0x06cc, 0x06cc, 'D'],
  [0x06cd, 0x06cd, 'R'],
  [0x06ce, 0x06ce, 'D'],
  [0x06cf, 0x06cf, 'R'],
  [0x06d0, 0x06d1, 'D'],
  [0x06d2, 0x06d3, 'R'],
  [0x06d5, 0x06d5, 'R'],
  [0x06d6, 0x06dc, 'T'],
  [0x06df, 0x06e4, 'T'],
  [0x06e7, 0x06e8, 'T'],
  [0x06ea, 0x06ed, 'T'],
  [0x06ee, 0x06ef, 'R'],
  [0x06fa, 0x06fc, 'D'],
  [0x06ff, 0x06ff, 'D'],
  [0x0750, 0x0758, 'D'],
  [0x0759, 0x075b, 'R'],
  [0x075c, 0x076a, 'D'],
  [0x076b, 0x076c, 'R'],
  [0x076d, 0x0770, 'D'],
  [0x0771, 0x0771, 'R'],
  [0x0772, 0x0772, 'D'],
  [0x0773, 0x0774, 'R'],
  [0x0775, 0x0777, 'D'],
  [0x0778, 0x0779, 'R'],
  [0x077a, 0x077f, 'D'],
  [0x200d, 0x200d, 'C'],
];

const JOINING_TABLE_START = 0x0600;
const JOINING_TABLE: Joining[] = [];
for (const [a, b, j] of JOINING_RANGES) for (let cp = a; cp <= b && cp < 0x0800; cp++) JOINING_TABLE[cp - JOINING_TABLE_START] = j;

export function joiningType(cp: number): Joining {
  if (cp === 0x200d) return 'C';
  return JOINING_TABLE[cp - JOINING_TABLE_START] ?? 'U';
}

/** Lam followed by alef madda, hamza above, hamza below, alef: the isolated ligature (the final one is +1). */
const LAM_ALEF: Record<number, number> = { 0x0622: 0xfef5, 0x0623: 0xfef7, 0x0625: 0xfef9, 0x0627: 0xfefb };
const MIRRORED: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«' };

function isRtl(cp: number): boolean {
  if (cp >= 0x0660 && cp <= 0x0669) return false; // Arabic-Indic digits: a number, read left to right
  if (cp >= 0x06f0 && cp <= 0x06f9) return false;
  return (cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefc);
}
function isStrongLtr(ch: string): boolean {
  return /[\p{L}\p{N}]/u.test(ch) && !isRtl(ch.codePointAt(0)!);
}
function isArabicScript(cp: number): boolean {
  return (cp >= 0x0600 && cp <= 0x08ff) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefc);
}

export interface StampGlyph {
  gid: number;
  /** The characters this glyph stands for, in logical order (for ToUnicode: copy and search give the text). */
  text: string;
}

export interface GlyphRun {
  font: SfntFont;
  glyphs: StampGlyph[];
  /** Advance of the run in font units per em = 1 (multiply by the size in points). */
  width: number;
}

export interface FontChain {
  /** The Arabic font: Arabic letters always come from it. */
  arabic: SfntFont;
  /** Others in the order tried, for a left-to-right and a right-to-left line. */
  ltr: SfntFont[];
  rtl: SfntFont[];
}

interface Shaped extends StampGlyph {
  font: SfntFont;
}

/** Shapes a run of text in logical order (Arabic joined; others glyph for glyph). */
function shapeLogical(chars: string[], fonts: FontChain, chain: SfntFont[]): Shaped[] {
  const cps = chars.map((c) => c.codePointAt(0)!);
  const types = cps.map(joiningType);
  const out: Shaped[] = [];
  const prevJoining = (i: number) => {
    for (let k = i - 1; k >= 0; k--) if (types[k] !== 'T') return types[k]!;
    return 'U';
  };
  const nextJoining = (i: number) => {
    for (let k = i + 1; k < types.length; k++) if (types[k] !== 'T') return types[k]!;
    return 'U';
  };
  const arabic = fonts.arabic;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    const t = types[i]!;
    if (t === 'T') continue; // harakat: dropped (no GPOS placement), see the header
    if (cp === 0x200d) continue;
    const joinsPrev = (t === 'D' || t === 'R' || t === 'C') && (prevJoining(i) === 'D' || prevJoining(i) === 'C');
    if (cp === 0x0644) {
      let k = i + 1;
      while (k < cps.length && types[k] === 'T') k++;
      const lig = LAM_ALEF[cps[k] ?? -1];
      if (lig !== undefined && arabic.has(lig)) {
        out.push({ font: arabic, gid: arabic.glyph(joinsPrev ? lig + 1 : lig), text: chars[i]! + chars[k]! });
        i = k;
        continue;
      }
    }
    if (t === 'U' && !isArabicScript(cp)) {
      const font = chain.find((f) => f.has(cp)) ?? chain[0]!;
      out.push({ font, gid: font.glyph(cp), text: chars[i]! });
      continue;
    }
    const joinsNext = (t === 'D' || t === 'C') && ['D', 'R', 'C'].includes(nextJoining(i));
    const form = joinsPrev && joinsNext ? 'medi' : joinsPrev ? 'fina' : joinsNext ? 'init' : null;
    const base = arabic.glyph(cp);
    const gid = form ? (arabic.singleSubstitutions(form).get(base) ?? base) : base;
    out.push({ font: arabic, gid, text: chars[i]! });
  }
  return out;
}

/**
 * The line as glyph runs from left to right: what a content stream draws with one Tj per run.
 * `direction` is the line's base direction (Arabic lines rtl, Latin lines ltr).
 */
export function layoutLine(text: string, direction: 'rtl' | 'ltr', fonts: FontChain): GlyphRun[] {
  // Bidi controls and marks from formatters (RLM, ALM, isolates) carry no glyph.
  const chars = [...text.normalize('NFC').replace(/[\u200e\u200f\u061c\u2066-\u2069\u202a-\u202e]/g, '')];
  const strong = chars.map((c): 'rtl' | 'ltr' | null => (isRtl(c.codePointAt(0)!) && joiningType(c.codePointAt(0)!) !== 'T' ? 'rtl' : isStrongLtr(c) ? 'ltr' : null));
  const resolved = strong.map((s, i) => {
    if (s) return s;
    if (joiningType(chars[i]!.codePointAt(0)!) === 'T') return 'rtl';
    let before: 'rtl' | 'ltr' = direction;
    for (let k = i - 1; k >= 0; k--) if (strong[k]) {
      before = strong[k]!;
      break;
    }
    let after: 'rtl' | 'ltr' = direction;
    for (let k = i + 1; k < chars.length; k++) if (strong[k]) {
      after = strong[k]!;
      break;
    }
    return before === after ? before : direction;
  });
  const runs: { dir: 'rtl' | 'ltr'; chars: string[] }[] = [];
  chars.forEach((c, i) => {
    const last = runs[runs.length - 1];
    if (last && last.dir === resolved[i]) last.chars.push(c);
    else runs.push({ dir: resolved[i]!, chars: [c] });
  });
  if (direction === 'rtl') runs.reverse();
  const chain = direction === 'rtl' ? fonts.rtl : fonts.ltr;
  const visual: Shaped[] = [];
  for (const run of runs) {
    if (run.dir === 'ltr') visual.push(...shapeLogical(run.chars, fonts, chain));
    else {
      // Brackets are drawn mirrored but copy out as typed.
      const shaped = shapeLogical(run.chars.map((c) => MIRRORED[c] ?? c), fonts, chain).reverse();
      visual.push(...shaped.map((g) => ({ ...g, text: [...g.text].map((c) => MIRRORED[c] ?? c).join('') })));
    }
  }
  const out: GlyphRun[] = [];
  for (const g of visual) {
    const last = out[out.length - 1];
    const advance = g.font.advance(g.gid) / g.font.unitsPerEm;
    if (last && last.font === g.font) {
      last.glyphs.push({ gid: g.gid, text: g.text });
      last.width += advance;
    } else out.push({ font: g.font, glyphs: [{ gid: g.gid, text: g.text }], width: advance });
  }
  return out;
}

export function lineWidth(runs: GlyphRun[]): number {
  return runs.reduce((w, r) => w + r.width, 0);
}
