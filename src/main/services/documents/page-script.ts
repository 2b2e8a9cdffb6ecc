// A page's script from the shape of its text lines, in a few milliseconds — the script pass that
// picks the model, before Tesseract's OSD (a fifth of a second and more a page, and unsure between
// Latin and mixed on scans). Arabic is written on a baseline: most of a line's ink lies on a few
// rows (the joining strokes), while Latin letters fill the band between baseline and x-height.
// Measured on each stretch of line, the share of its rows holding at least half of its densest
// row's ink tells them apart. Never a verdict on a page it cannot place: it answers null and the
// engine runs OSD, as before.
import type { PageScript } from '../../../shared/schemas/documents';
import { otsuThreshold, type GreyImage } from './page-preprocess';

/**
 * Thresholds of the line measure (the densest row more than a sixth of the line away from its
 * densest row, as a share of it). Measured at 300 dpi, each page clean and as a scan-like copy, on
 * the fixtures, the bench's pages and pages rendered in other faces — Arabic in Noto Naskh (and
 * bold), Amiri, Noto Kufi, Noto Sans Arabic, DejaVu Sans; Latin in Noto Sans (and bold), Noto
 * Serif, Liberation Sans and Serif, DejaVu Serif, DejaVu Sans Mono, capitals; 15–34 px text, two
 * columns: Arabic lines 0.26–0.69 (a few up to 0.76 on scans), Latin lines 0.72–1.0 (capitals and
 * a few serif lines down to 0.74). Between the two a line is not counted.
 */
export const ARABIC_LINE_MAX = 0.6;
export const LATIN_LINE_MIN = 0.78;

export interface ScriptGuess {
  /** The script, or null when the lines do not say clearly (then OSD decides). */
  script: Extract<PageScript, 'arabic' | 'latin' | 'mixed'> | null;
  arabicLines: number;
  latinLines: number;
}

/** Lines a page needs before its lines are trusted (a stamp, a signature, a few words: OSD's). */
const MIN_LINES = 4;
/** A page is one script when the other's lines are at most this share of its lines. */
const STRAY_SHARE = 0.1;
/**
 * A page is mixed when each script has at least this share of its lines. Pages of alternating lines
 * or side-by-side columns measured 35–55%; an Arabic page with a French heading, or Latin case
 * numbers and names at the end of some lines, 20–26% (left to OSD, which reads them as Arabic).
 */
const MIXED_SHARE = 0.3;

/**
 * Guesses a page's script. The page is cut into vertical strips about 600 px wide, so columns do
 * not blur the lines; in each strip, runs of rows with ink are lines, the rows followed along
 * `skewDegrees` (the page's measured skew, positive when lines rise to the right; 0 for a page
 * deskewed or straight) so that a line stays on its rows across the strip.
 */
export function guessPageScript(img: GreyImage, skewDegrees = 0): ScriptGuess {
  let arabicLines = 0;
  let latinLines = 0;
  for (const m of lineMeasures(img, skewDegrees)) {
    if (m <= ARABIC_LINE_MAX) arabicLines++;
    else if (m >= LATIN_LINE_MIN) latinLines++;
  }
  const lines = arabicLines + latinLines;
  let script: ScriptGuess['script'] = null;
  if (lines >= MIN_LINES) {
    if (latinLines <= lines * STRAY_SHARE) script = 'arabic';
    else if (arabicLines <= lines * STRAY_SHARE) script = 'latin';
    else if (Math.min(arabicLines, latinLines) >= lines * MIXED_SHARE) script = 'mixed';
  }
  return { script, arabicLines, latinLines };
}

/** Each line's measure: its densest row away from its densest row, as a share of it (see above). */
export function lineMeasures(img: GreyImage, skewDegrees = 0): number[] {
  const { width, pixels } = img;
  const tan = Math.tan((skewDegrees * Math.PI) / 180);
  const measures: number[] = [];
  const hist = new Uint32Array(256);
  for (let i = 0; i < pixels.length; i += 7) hist[pixels[i]!]!++;
  const threshold = otsuThreshold(hist);
  const strips = Math.max(1, Math.round(width / 600));
  // Each column's shift along the skew, from the strip's middle (a line rising to the right by
  // `skewDegrees` has y + x·tan constant on it); the profile is padded for the shifts.
  const pad = Math.ceil(Math.abs(tan) * (width / strips / 2 + 1));
  const height = img.height + 2 * pad;
  const shift = new Int32Array(width);
  const profile = new Uint32Array(height);
  for (let s = 0; s < strips; s++) {
    const x0 = Math.floor((s * width) / strips);
    const x1 = Math.floor(((s + 1) * width) / strips);
    const middle = (x0 + x1) / 2;
    for (let x = x0; x < x1; x++) shift[x] = pad + Math.round((x - middle) * tan);
    profile.fill(0);
    for (let y = 0; y < img.height; y++) {
      const row = y * width;
      for (let x = x0; x < x1; x++) if (pixels[row + x]! <= threshold) profile[y + shift[x]!]!++;
    }
    // A row with ink: a few dark pixels of a strip (1%), so grain left on the paper is not a line.
    const minInk = Math.max(3, Math.round((x1 - x0) * 0.01));
    let y = 0;
    while (y < height) {
      if (profile[y]! < minInk) {
        y++;
        continue;
      }
      // A line: rows with ink, gaps of up to 4 rows (dots, diacritics) closed.
      const top = y;
      let end = y;
      while (y < height && y - end <= 4) {
        if (profile[y]! >= minInk) end = y;
        y++;
      }
      const h = end - top + 1;
      if (h < 10 || h > 200) continue;
      let peak = 0;
      let ink = 0;
      for (let k = top; k <= end; k++) {
        peak = Math.max(peak, profile[k]!);
        ink += profile[k]!;
      }
      // Too little ink for a line of text (a few words at a strip's edge, a rule's end).
      if (ink < (x1 - x0) * h * 0.03) continue;
      // The densest row (the baseline of Arabic; the baseline or x-height line of Latin) and the
      // densest row away from it by more than a sixth of the line.
      let peakRow = top;
      while (profile[peakRow]! < peak) peakRow++;
      const apart = Math.max(3, Math.round(h * 0.15));
      let second = 0;
      for (let k = top; k <= end; k++) if (Math.abs(k - peakRow) > apart) second = Math.max(second, profile[k]!);
      measures.push(second / peak);
    }
  }
  return measures;
}
