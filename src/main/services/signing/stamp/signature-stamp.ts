// The visible signature stamp: the appearance stream (/AP /N, a Form XObject) of the signature's
// widget, and its fonts, as PDF objects for the signer to append in the same revision. Two
// columns: Arabic on the right (right-to-left), Latin script on the left; each says who signed
// (name), as what (role), when (Gregorian date and court time, and the Hijri date) and in which
// case. Text is shaped by HarfBuzz (stamp-text.ts) and each glyph drawn where it placed it, harakat
// included. Fonts are Noto Naskh Arabic and Noto Sans (resources/fonts, OFL), embedded as subsets
// (CIDFontType2, Identity-H) with a ToUnicode map, so the stamp's text copies and searches as
// typed; a right-to-left letter with harakat, or a ligature, carries its text as an invisible copy
// on the baseline (see `drawRun`). It never reads the document: placement is stamp-placement.ts's.
import crypto from 'node:crypto';
import path from 'node:path';
import zlib from 'node:zlib';
import { formatHijri } from '../../../../shared/calendar-format';
import { wallClockAt, type WallClock } from '../../../../shared/court-time-zone';
import { AppError } from '../../../../shared/errors';
import { catalogueMessage } from '../../../../shared/i18n/message';
import { findResourcesDir } from '../../resources';
import { dict, name, num, ref, serialize, type PdfValue } from '../../../../signatures/pdf-objects';
import { SfntFont } from './sfnt-font';
import { ShapingFont } from './shaper';
import { layoutLine, type FontChain, type GlyphRun, type PlacedGlyph, type StampFont } from './stamp-text';
import type { PageRotation } from './stamp-placement';

/** What the stamp says. Names and roles are given in both scripts; the labels come from the catalogues. */
export interface StampContent {
  nameArabic: string;
  nameLatin: string;
  roleArabic: string;
  roleLatin: string;
  caseNumber?: string;
  /** Language of the Latin column's labels and Hijri month (default fr). */
  latinLanguage?: 'fr' | 'en';
}

export const STAMP_WIDTH = 300;
export const STAMP_HEIGHT = 84;

const FONT_FILES = {
  arabic: 'NotoNaskhArabic-Regular.ttf',
  arabicBold: 'NotoNaskhArabic-Bold.ttf',
  latin: 'noto-sans-latin-400-normal.woff',
  latinExt: 'noto-sans-latin-ext-400-normal.woff',
} as const;

export interface StampFonts {
  chain: FontChain;
  bold: FontChain;
}

let loading: Promise<StampFonts> | null = null;

/**
 * The fonts, read and opened by HarfBuzz once per process (tens of milliseconds, most of it
 * compiling HarfBuzz's WebAssembly; a stamp then costs about a millisecond). A failure is not kept:
 * the next signature tries again.
 */
export function loadStampFonts(): Promise<StampFonts> {
  loading ??= openStampFonts().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

async function openStampFonts(): Promise<StampFonts> {
  const dir = findResourcesDir(path.join('fonts', FONT_FILES.arabic));
  const load = async (file: string): Promise<StampFont> => {
    if (!dir) throw new AppError('SIGNING_FAILED', 'signing.errors.stampNoFont', { params: { font: file } });
    let sfnt: SfntFont;
    try {
      sfnt = SfntFont.fromFile(path.parse(file).name, path.join(dir, 'fonts', file));
    } catch (err) {
      throw new AppError('SIGNING_FAILED', 'signing.errors.stampNoFont', { params: { font: file }, cause: err });
    }
    try {
      return { file: sfnt, shaping: await ShapingFont.open(sfnt.sfnt) };
    } catch (err) {
      throw new AppError('SIGNING_FAILED', 'signing.errors.stampNoShaper', { params: { reason: err instanceof Error ? err.message : String(err) }, cause: err });
    }
  };
  const [arabic, arabicBold, latin, latinExt] = await Promise.all([load(FONT_FILES.arabic), load(FONT_FILES.arabicBold), load(FONT_FILES.latin), load(FONT_FILES.latinExt)]);
  return {
    chain: { arabic, ltr: [latin, latinExt, arabic], rtl: [arabic, latin, latinExt] },
    bold: { arabic: arabicBold, ltr: [latin, latinExt, arabicBold], rtl: [arabicBold, latin, latinExt] },
  };
}

export interface StampObject {
  num: number;
  bytes: Buffer;
}

export interface BuiltStamp {
  /** The Form XObject to name in the widget's /AP /N. */
  appearance: number;
  objects: StampObject[];
}

interface Line {
  text: string;
  size: number;
  bold?: boolean;
}

function columnLines(content: StampContent, lang: 'ar' | 'fr' | 'en', clock: WallClock): Line[] {
  const iso = `${clock.year}-${clock.month}-${clock.day}`;
  const t = (key: string) => catalogueMessage(lang, key);
  const ar = lang === 'ar';
  // French sets a no-break space before a colon.
  const colon = lang === 'fr' ? '\u00a0: ' : ': ';
  const lines: Line[] = [
    { text: t('signing.stamp.signedBy'), size: 6.5 },
    { text: ar ? content.nameArabic : content.nameLatin, size: 10, bold: true },
    { text: ar ? content.roleArabic : content.roleLatin, size: 8 },
    { text: `${t('signing.stamp.date')}${colon}${clock.day}/${clock.month}/${clock.year} ${clock.hour}:${clock.minute}`, size: 7 },
    { text: formatHijri(iso, lang), size: 7 },
  ];
  if (content.caseNumber) lines.push({ text: `${t('signing.stamp.caseNumber')}${colon}${content.caseNumber}`, size: 7 });
  return lines;
}

function pdfNumber(n: number, digits = 2): string {
  const f = 10 ** digits;
  return String(Math.round(n * f) / f);
}

function streamObject(objNum: number, entries: [string, PdfValue][], data: Buffer, compress: boolean): StampObject {
  // Level 1: the subsets are a few kilobytes, and a zlib stream's set-up at the default level was
  // most of a stamp's cost (bench:sign); the small text streams are left uncompressed.
  const body = compress ? zlib.deflateSync(data, { level: 1 }) : data;
  const d = dict([...entries, ...(compress ? ([['Filter', name('FlateDecode')]] as [string, PdfValue][]) : []), ['Length', num(body.length)]]);
  return { num: objNum, bytes: Buffer.concat([serialize(d), Buffer.from('\nstream\n'), body, Buffer.from('\nendstream')]) };
}

function plainObject(objNum: number, value: PdfValue): StampObject {
  return { num: objNum, bytes: serialize(value) };
}

function utf16Hex(s: string): string {
  return Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase();
}

function toUnicodeCMap(glyphs: Map<number, string>): Buffer {
  const entries = [...glyphs].filter(([, text]) => text !== '').sort((a, b) => a[0] - b[0]);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    blocks.push(`${part.length} beginbfchar\n${part.map(([g, text]) => `<${g.toString(16).padStart(4, '0').toUpperCase()}> <${utf16Hex(text)}>`).join('\n')}\nendbfchar`);
  }
  return Buffer.from(
    `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n${blocks.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n`,
    'latin1',
  );
}

/** The Type0 font and what hangs from it, for the glyphs the stamp draws with `font`. */
function fontObjects(font: SfntFont, used: Map<number, string>, alloc: () => number): { type0: number; glyphIds: Map<number, number>; objects: StampObject[] } {
  const [type0, cidFont, descriptor, file, toUnicode] = [alloc(), alloc(), alloc(), alloc(), alloc()];
  const { font: fontFile, glyphIds } = font.subset(used.keys());
  // Widths and ToUnicode by the subset's glyph ids, which are the CIDs the content stream shows.
  const glyphs = new Map([...used].map(([g, text]) => [glyphIds.get(g)!, text]));
  const originalOf = new Map([...glyphIds].map(([original, id]) => [id, original]));
  const gids = [...glyphs.keys()].sort((a, b) => a - b);
  // A subset's name starts with six capital letters of its own (ISO 32000-1 §9.6.4).
  const hash = crypto.createHash('sha256').update(font.name).update(Buffer.from(Uint16Array.from(gids).buffer)).digest();
  const prefix = [...hash.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
  const baseFont = name(`${prefix}+${font.name.replace(/[^A-Za-z0-9-]/g, '')}`);
  const scale = 1000 / font.unitsPerEm;
  const widths: PdfValue[] = [];
  for (const g of gids) widths.push(num(g), { kind: 'arr', items: [num(Math.round(font.advance(originalOf.get(g)!) * scale))] });
  return {
    type0,
    glyphIds,
    objects: [
      plainObject(
        type0,
        dict([
          ['Type', name('Font')],
          ['Subtype', name('Type0')],
          ['BaseFont', baseFont],
          ['Encoding', name('Identity-H')],
          ['DescendantFonts', { kind: 'arr', items: [ref(cidFont)] }],
          ['ToUnicode', ref(toUnicode)],
        ]),
      ),
      plainObject(
        cidFont,
        dict([
          ['Type', name('Font')],
          ['Subtype', name('CIDFontType2')],
          ['BaseFont', baseFont],
          ['CIDSystemInfo', dict([['Registry', { kind: 'str', raw: Buffer.from('(Adobe)') }], ['Ordering', { kind: 'str', raw: Buffer.from('(Identity)') }], ['Supplement', num(0)]])],
          ['FontDescriptor', ref(descriptor)],
          ['DW', num(0)],
          ['W', { kind: 'arr', items: widths }],
          ['CIDToGIDMap', name('Identity')],
        ]),
      ),
      plainObject(
        descriptor,
        dict([
          ['Type', name('FontDescriptor')],
          ['FontName', baseFont],
          ['Flags', num(4)],
          ['FontBBox', { kind: 'arr', items: font.bbox.map((v) => num(Math.round(v * scale))) }],
          ['ItalicAngle', num(0)],
          ['Ascent', num(Math.round(font.ascent * scale))],
          ['Descent', num(Math.round(font.descent * scale))],
          ['CapHeight', num(Math.round(font.capHeight * scale))],
          ['StemV', num(80)],
          ['FontFile2', ref(file)],
        ]),
      ),
      streamObject(file, [['Length1', num(fontFile.length)]], fontFile, true),
      streamObject(toUnicode, [], toUnicodeCMap(glyphs), false),
    ],
  };
}

/** A quarter turn counterclockwise per quarter the page is turned clockwise when shown. */
const ROTATION_MATRIX: Record<Exclude<PageRotation, 0>, number[]> = {
  90: [0, 1, -1, 0, 0, 0],
  180: [-1, 0, 0, -1, 0, 0],
  270: [0, -1, 1, 0, 0, 0],
};

const MARK = /^\p{M}$/u;

/** The content-stream operators that draw `run` at (x, y) in `size` points. */
function drawRun(run: GlyphRun, fontName: string, glyphIds: Map<number, number>, size: number, x: number, y: number, ink: string): string {
  const { file } = run.font;
  const ops: string[] = [`BT /${fontName} ${pdfNumber(size)} Tf ${ink} rg`];
  let hex = '';
  let pen: [number, number] | null = null;
  let scale = 100;
  const flush = () => {
    if (hex) ops.push(`<${hex}> Tj`);
    hex = '';
  };
  const width = (gid: number) => (Math.round((file.advance(gid) * 1000) / file.unitsPerEm) / 1000) * size;
  // A glyph goes where HarfBuzz put it: a new text matrix only where the PDF's own advance (its /W
  // width, rounded as /W is) would not bring the pen there — marks, kerning, cursive joins.
  const show = (gid: number, gx: number, gy: number, horizontalScale = 100) => {
    if (horizontalScale !== scale) {
      flush();
      ops.push(`${pdfNumber(horizontalScale, 3)} Tz`);
      scale = horizontalScale;
    }
    if (!pen || Math.abs(pen[0] - gx) > 0.01 || Math.abs(pen[1] - gy) > 0.01) {
      flush();
      ops.push(`1 0 0 1 ${pdfNumber(gx, 3)} ${pdfNumber(gy, 3)} Tm`);
    }
    hex += glyphIds.get(gid)!.toString(16).padStart(4, '0');
    pen = [gx + (width(gid) * horizontalScale) / 100, gy];
  };
  /**
   * The text of a right-to-left cluster (a letter, or a ligature, with its harakat) as invisible
   * glyphs (render mode 3) on the baseline over the cluster's box [left, right]: one slot per
   * letter from the right, each mark with no width at its letter's left edge, drawn left to right.
   * Position-ordered extractors (poppler) then read it right to left as typed; drawn where GPOS
   * puts it, a mark would sit on a baseline of its own (another line, or before its letter), and a
   * ligature's several characters would be spread left to right (reversed).
   */
  const ghost = (text: string, left: number, right: number, gy: number) => {
    const letters: { base: string; marks: string[] }[] = [];
    for (const ch of text) {
      if (MARK.test(ch) && letters.length) letters[letters.length - 1]!.marks.push(ch);
      else letters.push({ base: ch, marks: [] });
    }
    const slot = (right - left) / letters.length;
    flush();
    ops.push('3 Tr');
    letters.reverse().forEach((letter, k) => {
      const slotLeft = left + k * slot;
      for (const m of [...letter.marks].reverse()) {
        const gid = file.glyph(m.codePointAt(0)!);
        show(gid, slotLeft, gy, width(gid) > 0 ? 0 : 100);
      }
      const gid = file.glyph(letter.base.codePointAt(0)!);
      show(gid, slotLeft, gy, width(gid) > 0 ? (100 * slot) / width(gid) : 100);
    });
    flush();
    if (scale !== 100) ops.push('100 Tz');
    scale = 100;
    ops.push('0 Tr');
  };
  const at = (g: PlacedGlyph): [number, number] => [x + (run.x + g.x) * size, y + g.y * size];
  // In a right-to-left run a letter's marks come just before it (HarfBuzz's visual order).
  let marks: PlacedGlyph[] = [];
  for (const g of run.glyphs) {
    const [gx, gy] = at(g);
    if (!run.rtl) {
      show(g.gid, gx, gy);
      continue;
    }
    if (isMarkGlyph(g)) {
      marks.push(g);
      continue;
    }
    const text = g.text + marks.map((m) => m.text).reverse().join('');
    if (marks.length === 0 && [...text].length <= 1) {
      show(g.gid, gx, gy);
      continue;
    }
    // What is drawn is no text (an empty /ActualText); the invisible copy is.
    flush();
    ops.push('/Span <</ActualText <FEFF>>> BDC');
    for (const m of marks) show(m.gid, ...at(m));
    show(g.gid, gx, gy);
    flush();
    ops.push('EMC');
    ghost(text, gx, gx + g.advance * size, y);
    marks = [];
  }
  if (marks.length) {
    flush();
    ops.push('/Span <</ActualText <FEFF>>> BDC');
    for (const m of marks) show(m.gid, ...at(m));
    flush();
    ops.push('EMC');
    const end = x + (run.x + run.width) * size;
    ghost(marks.map((m) => m.text).reverse().join(''), end, end, y);
  }
  flush();
  ops.push('ET');
  return ops.join(' ');
}

const isMarkGlyph = (g: PlacedGlyph) => g.advance === 0 && g.text !== '' && [...g.text].every((c) => MARK.test(c));

/** The glyphs the invisible text of a right-to-left run needs (see `drawRun`), with their characters. */
function ghostGlyphs(run: GlyphRun): [number, string][] {
  if (!run.rtl) return [];
  const out: [number, string][] = [];
  let marks = false;
  for (const g of run.glyphs) {
    if (isMarkGlyph(g)) marks = true;
    else if (marks || [...g.text].length > 1) marks = false;
    else continue;
    for (const c of g.text) out.push([run.font.file.glyph(c.codePointAt(0)!), c]);
  }
  return out;
}

/**
 * The stamp's objects, numbered by `alloc`, for a widget of `width` × `height` points, with the
 * fonts of `loadStampFonts`. The text shrinks to fit a long name in its column rather than run
 * over the border.
 */
export function buildStamp(fonts: StampFonts, content: StampContent, signingTime: Date, alloc: () => number, width = STAMP_WIDTH, height = STAMP_HEIGHT, rotate: PageRotation = 0): BuiltStamp {
  const latinLanguage = content.latinLanguage ?? 'fr';
  const pad = 6;
  const column = width / 2 - pad * 1.5;
  const used = new Map<SfntFont, Map<number, string>>();
  const ops: string[] = [];
  const ink = '0.08 0.2 0.45';
  // No background: a stamp placed over text must not hide what was signed (the judgment's layout
  // leaves the room; a caller that knows better passes the rectangle).
  ops.push(`q ${ink} RG 0.8 w 0.4 0.4 ${pdfNumber(width - 0.8)} ${pdfNumber(height - 0.8)} re S 0.4 w ${pdfNumber(width / 2)} ${pad} m ${pdfNumber(width / 2)} ${pdfNumber(height - pad)} l S Q`);
  // First the layout (which glyphs of which font, where), then the subsets, then the content stream
  // in the subsets' glyph ids.
  const placed: { run: GlyphRun; size: number; x: number; y: number }[] = [];
  const clock = wallClockAt(signingTime);
  for (const side of ['ar', latinLanguage] as const) {
    const rtl = side === 'ar';
    const lines = columnLines(content, side, clock);
    const lineHeight = (height - 2 * pad) / lines.length;
    lines.forEach((line, i) => {
      const layout = layoutLine(line.text, rtl ? 'rtl' : 'ltr', line.bold ? fonts.bold : fonts.chain);
      const natural = layout.width * line.size;
      const size = natural > column ? (line.size * column) / natural : line.size;
      const x = rtl ? width - pad - layout.width * size : pad;
      const y = height - pad - lineHeight * (i + 1) + lineHeight * 0.3;
      for (const run of layout.runs) {
        placed.push({ run, size, x, y });
        const glyphs = used.get(run.font.file) ?? new Map<number, string>();
        used.set(run.font.file, glyphs);
        // The invisible copies first: their glyphs are the characters' own (cmap), one character each.
        for (const [gid, text] of ghostGlyphs(run)) if (!glyphs.get(gid)) glyphs.set(gid, text);
        for (const g of run.glyphs) if (g.text && !glyphs.get(g.gid)) glyphs.set(g.gid, g.text);
        // A glyph that stands for no text of its own (a further glyph of one cluster) is still drawn.
        for (const g of run.glyphs) if (!glyphs.has(g.gid)) glyphs.set(g.gid, '');
      }
    });
  }
  const objects: StampObject[] = [];
  const fontDict: [string, PdfValue][] = [];
  const appearance = alloc();
  const embedded = new Map<SfntFont, { name: string; glyphIds: Map<number, number> }>();
  for (const [font, glyphs] of used) {
    const built = fontObjects(font, glyphs, alloc);
    objects.push(...built.objects);
    const fontName = `F${embedded.size}`;
    embedded.set(font, { name: fontName, glyphIds: built.glyphIds });
    fontDict.push([fontName, ref(built.type0)]);
  }
  for (const { run, size, x, y } of placed) {
    const { name: fontName, glyphIds } = embedded.get(run.font.file)!;
    ops.push(drawRun(run, fontName, glyphIds, size, x, y, ink));
  }
  objects.unshift(
    streamObject(
      appearance,
      [
        ['Type', name('XObject')],
        ['Subtype', name('Form')],
        ['BBox', { kind: 'arr', items: [num(0), num(0), num(width), num(height)] }],
        // On a turned page the widget turns with it: the form is turned back as far, so the stamp
        // reads upright as the page is shown (its /Rect then has width and height swapped for 90 and 270).
        ...(rotate === 0 ? [] : ([['Matrix', { kind: 'arr', items: ROTATION_MATRIX[rotate].map(num) }]] as [string, PdfValue][])),
        ['Resources', dict([['Font', dict(fontDict)]])],
      ],
      Buffer.from(`${ops.join('\n')}\n`, 'latin1'),
      false,
    ),
  );
  return { appearance, objects };
}
