// Text normalization for finding things again: the same function runs when a name (later, an
// OCR page) is indexed and when a person types a query, so "محمّد" finds "محمد", "Benani" finds
// "Bennani"'s neighbour "BENANI", and "Hélène" finds "Helene". It must never be used to change
// what is stored and shown: only the search column.
import { toAsciiDigits } from './case-number';

// Tashkeel (harakat, tanween, shadda, sukun), superscript alef, Quranic marks.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/g;
const TATWEEL = /\u0640/g;
const LATIN_MARKS = /\p{M}/gu;

// One character for another, each in one pass (none of the results is itself replaced again).
const ARABIC_LETTER_FOLDS: Record<string, string> = {
  '\u0622': '\u0627', // آ → ا
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0672': '\u0627',
  '\u0673': '\u0627',
  '\u0649': '\u064A', // ى → ي
  '\u0629': '\u0647', // ة → ه
  '\u0624': '\u0648', // ؤ → و
  '\u0626': '\u064A', // ئ → ي
  '\u06CC': '\u064A', // Persian yeh → ي
  '\u06D2': '\u064A', // Urdu yeh barree → ي
  '\u06A9': '\u0643', // keheh → ك
};
const ARABIC_LETTERS_TO_FOLD = /[\u0622\u0623\u0625\u0671\u0672\u0673\u0649\u0629\u0624\u0626\u06CC\u06D2\u06A9]/g;
const LATIN_LIGATURES: Record<string, string> = { '\u0153': 'oe', '\u0152': 'OE', '\u00E6': 'ae', '\u00C6': 'AE', '\u00DF': 'ss' };
const LATIN_LIGATURE = /[\u0153\u0152\u00E6\u00C6\u00DF]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

// The letters NFKC leaves among the presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) are glyph
// pieces, such as the tail fragment U+FE73, not letters of a word; the signs there part words.
const PRESENTATION_LEFTOVERS = /(?=\p{L})[\uFB50-\uFDFF\uFE70-\uFEFF]/gu;

export function normalizeForSearch(text: string): string {
  let s = text.normalize('NFKC'); // folds Arabic presentation forms (U+FB50–U+FEFF) to base letters
  s = s.replace(ARABIC_MARKS, '').replace(TATWEEL, '');
  // Marks go before the letter folds, so a letter whose base is itself folded (ۓ → ے → ي) folds
  // in one pass: normalizing twice must change nothing.
  s = s.normalize('NFD').replace(LATIN_MARKS, '').normalize('NFC');
  s = s.replace(ARABIC_LETTERS_TO_FOLD, (ch) => ARABIC_LETTER_FOLDS[ch]!);
  s = s.replace(PRESENTATION_LEFTOVERS, '');
  s = toAsciiDigits(s);
  // Lower case before the ligatures: ẞ lowers to ß, which must still become ss.
  s = s.toLowerCase();
  s = s.replace(LATIN_LIGATURE, (ch) => LATIN_LIGATURES[ch]!);
  s = s.replace(NOT_LETTER_OR_DIGIT, ' ').trim();
  return s;
}

/** Words of a query after normalization, for prefix matching. */
export function searchTokens(text: string): string[] {
  const n = normalizeForSearch(text);
  return n === '' ? [] : n.split(' ');
}
