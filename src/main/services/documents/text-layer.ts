// The invisible text of one page of a searchable PDF, from what the desk holds for the page: the
// words OCR read with their boxes, or the text a person corrected. Pure (no MuPDF, no Node): the
// OCR worker turns these lines into PDF operators over the scan. It never reads the page again.
import type { WordBox } from '../../../shared/schemas/documents';

type Box = [number, number, number, number];

/** A word to lay over the page: its text, its box in pixels of the page's frame, its direction. */
export interface LaidWord {
  text: string;
  box: Box;
  rtl: boolean;
}

/** Words of one line, sharing its height and baseline (a PDF reader groups them by these). */
export interface LaidLine {
  box: Box;
  words: LaidWord[];
}

/** One page as the export lays it: the frame OCR read (pixels) and the lines over it. */
export interface PageTextLayer {
  pageIndex: number;
  /** The image OCR read, in pixels; 0 for a page whose PDF has its own text (kept as it is). */
  width: number;
  height: number;
  lines: LaidLine[];
}

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const ANY_LETTER = /\p{L}/u;

/** Right to left when its first letter is Arabic or Hebrew (digits and marks do not decide). */
export function isRightToLeft(text: string): boolean {
  for (const ch of text) {
    if (RTL_LETTER.test(ch)) return true;
    if (ANY_LETTER.test(ch)) return false;
  }
  return false;
}

const heightOf = (b: Box) => Math.max(1, b[3] - b[1]);
const union = (a: Box, b: Box): Box => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];

/**
 * OCR words into lines, in the order read: a word joins the line before it when they overlap on
 * at least half the smaller height (Tesseract gives words line by line in reading order).
 */
export function linesOfWords(words: readonly WordBox[]): LaidLine[] {
  const lines: LaidLine[] = [];
  for (const w of words) {
    const text = w.text.trim();
    const [x0, y0, x1, y1] = w.box;
    if (text === '' || !(x1 > x0) || !(y1 > y0)) continue;
    const word: LaidWord = { text, box: [x0, y0, x1, y1], rtl: isRightToLeft(text) };
    const last = lines.at(-1);
    if (last) {
      const overlap = Math.min(last.box[3], y1) - Math.max(last.box[1], y0);
      if (overlap >= 0.5 * Math.min(heightOf(last.box), y1 - y0)) {
        last.words.push(word);
        last.box = union(last.box, word.box);
        continue;
      }
    }
    lines.push({ box: word.box, words: [word] });
  }
  return lines;
}

/**
 * Words of `text` spread over `box` in proportion to their length, from the line's start side,
 * each letter at most twice the page's usual letter width (`charWidth`): a short line stretched
 * over a wide box would give letters so wide that readers take each word for a column of its own.
 */
function spreadOver(text: string, box: Box, charWidth: number): LaidLine {
  const words = text.split(/\s+/u).filter((w) => w !== '');
  const rtlLine = isRightToLeft(text);
  // Each word counts its letters and the space after it.
  const total = words.reduce((n, w) => n + [...w].length + 1, 0) - 1;
  const unit = Math.min((box[2] - box[0]) / Math.max(1, total), 2 * charWidth);
  let at = 0;
  const laid = words.map((w) => {
    const len = [...w].length;
    const from = at * unit;
    const to = (at + len) * unit;
    at += len + 1;
    const x: [number, number] = rtlLine ? [box[2] - to, box[2] - from] : [box[0] + from, box[0] + to];
    return { text: w, box: [x[0], box[1], x[1], box[3]] as Box, rtl: isRightToLeft(w) };
  });
  const used = at > 0 ? (at - 1) * unit : 0;
  return { box: rtlLine ? [box[2] - used, box[1], box[2], box[3]] : [box[0], box[1], box[0] + used, box[3]], words: laid };
}

/** The page's usual letter width in pixels: the median of its OCR words' (width / letters); half a line height without any. */
function usualLetterWidth(ocrLines: readonly LaidLine[], lineHeight: number): number {
  const widths = ocrLines
    .flatMap((l) => l.words)
    .map((w) => (w.box[2] - w.box[0]) / Math.max(1, [...w.text].length))
    .sort((a, b) => a - b);
  return widths.length > 0 ? widths[Math.floor(widths.length / 2)]! : lineHeight / 2;
}

/**
 * A corrected page's text as lines over the page. A correction has no word boxes: a person typed
 * the page's text, not where each word stands. So its lines go where OCR found lines when there
 * are as many (the usual correction: words mended within their lines), each line's words spread
 * along the line in proportion to their length; otherwise (lines added, joined or removed) they are
 * spread evenly down the area OCR found text in (the whole page within margins when it found
 * none), one line height each. Either way a reader finds and copies the corrected words, in order,
 * on the right page, and a selection lands on or near the line it came from; what it cannot show
 * is each word's exact place, which the desk does not know.
 */
export function linesOfCorrection(text: string, ocrLines: readonly LaidLine[], frame: { width: number; height: number }): LaidLine[] {
  const rows = text
    .split(/\r?\n/u)
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (rows.length === 0) return [];
  const heights = ocrLines.map((l) => heightOf(l.box)).sort((a, b) => a - b);
  const typical = heights.length > 0 ? heights[Math.floor(heights.length / 2)]! : frame.height / 50;
  const letter = usualLetterWidth(ocrLines, typical);
  if (rows.length === ocrLines.length) return rows.map((row, i) => spreadOver(row, ocrLines[i]!.box, letter));
  const area: Box =
    ocrLines.length > 0
      ? ocrLines.map((l) => l.box).reduce(union)
      : [frame.width * 0.08, frame.height * 0.08, frame.width * 0.92, frame.height * 0.92];
  const step = (area[3] - area[1]) / rows.length;
  const lineHeight = Math.max(1, Math.min(typical, step));
  return rows.map((row, i) => {
    const top = area[1] + i * step;
    return spreadOver(row, [area[0], top, area[2], top + lineHeight], letter);
  });
}

/** What the export lays over one page: the correction when a person made one, else the OCR words. */
export function pageTextLayer(page: {
  pageIndex: number;
  width: number | null;
  height: number | null;
  words: readonly WordBox[];
  correctedText: string | null;
}): PageTextLayer {
  const width = page.width ?? 0;
  const height = page.height ?? 0;
  if (width <= 0 || height <= 0) return { pageIndex: page.pageIndex, width: 0, height: 0, lines: [] };
  const ocrLines = linesOfWords(page.words);
  const lines = page.correctedText !== null ? linesOfCorrection(page.correctedText, ocrLines, { width, height }) : ocrLines;
  return { pageIndex: page.pageIndex, width, height, lines };
}

/** The resource name of the invisible font in a page's /Font dictionary. */
export const TEXT_LAYER_FONT = 'MahkamaOcrText';
/** Glyph advance of the glyphless font, in thousandths of the font size (its /DW). */
export const GLYPH_ADVANCE = 500;

const num = (n: number) => {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
};

/** UTF-16 code units in hex: the font's Identity-H codes, mapped back to Unicode by its ToUnicode. */
function hexOf(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0');
  return hex;
}

/**
 * The page's invisible text as PDF operators. `toUser` maps the frame's pixels (origin top left, y
 * down) to the page's user space. Each line has one font size (its height) and one baseline (its
 * bottom), so the reader sees one line; each word is stretched (Tz) over its box and, when another
 * follows on the line, the gap to it with a space, so words are found apart. A right-to-left word
 * is written in its logical order from its right edge leftwards (a mirrored text matrix, as
 * Tesseract's own PDF renderer does): readers then give its letters back in reading order.
 * Text render mode 3: drawn nowhere, found and selected everywhere.
 */
export function textLayerContent(lines: readonly LaidLine[], toUser: readonly number[]): string {
  if (lines.every((l) => l.words.length === 0)) return '';
  const out: string[] = ['q', `${toUser.map(num).join(' ')} cm`, 'BT', '3 Tr', `/${TEXT_LAYER_FONT} 1 Tf`];
  for (const line of lines) {
    const size = heightOf(line.box);
    const baseline = line.box[3];
    line.words.forEach((word, i) => {
      const next = line.words[i + 1];
      // The span a word's letters (and the space after it) are stretched over.
      let span = word.box[2] - word.box[0];
      let text = word.text;
      if (next && next.rtl === word.rtl) {
        const gapSpan = word.rtl ? word.box[2] - next.box[2] : next.box[0] - word.box[0];
        if (gapSpan > span) {
          span = gapSpan;
          text += ' ';
        }
      }
      const chars = text.length;
      const stretch = (100 * span) / (chars * (GLYPH_ADVANCE / 1000) * size);
      const x = word.rtl ? word.box[2] : word.box[0];
      out.push(`${num(word.rtl ? -size : size)} 0 0 ${num(-size)} ${num(x)} ${num(baseline)} Tm`, `${num(stretch)} Tz`, `<${hexOf(text)}> Tj`);
    });
  }
  out.push('ET', 'Q');
  return `${out.join('\n')}\n`;
}
