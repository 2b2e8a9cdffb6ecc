// Text normalization for finding things again: the same function runs when a name (later, an
// OCR page) is indexed and when a person types a query, so "محمّد" finds "محمد", "Benani" finds
// "Bennani"'s neighbour "BENANI", and "Hélène" finds "Helene". It must never be used to change
// what is stored and shown: only the search column.
import { toAsciiDigits } from './case-number';

// Tashkeel (harakat, tanween, shadda, sukun), superscript alef, Quranic marks.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/g;
const TATWEEL = /\u0640/g;
const LATIN_MARKS = /\p{M}/gu;

export function normalizeForSearch(text: string): string {
  let s = text.normalize('NFKC'); // folds Arabic presentation forms (U+FB50–U+FEFF) to base letters
  s = s.replace(ARABIC_MARKS, '').replace(TATWEEL, '');
  s = s
    .replace(/[\u0622\u0623\u0625\u0671\u0672\u0673]/g, '\u0627') // آ أ إ ٱ → ا
    .replace(/\u0649/g, '\u064A') // ى → ي
    .replace(/\u0629/g, '\u0647') // ة → ه
    .replace(/\u0624/g, '\u0648') // ؤ → و
    .replace(/\u0626/g, '\u064A') // ئ → ي
    .replace(/[\u06CC\u06D2]/g, '\u064A') // Persian/Urdu yeh → ي
    .replace(/\u06A9/g, '\u0643'); // keheh → ك
  s = toAsciiDigits(s);
  s = s.normalize('NFD').replace(LATIN_MARKS, '').normalize('NFC');
  s = s.replace(/\u0153/g, 'oe').replace(/\u0152/g, 'OE').replace(/\u00E6/g, 'ae').replace(/\u00C6/g, 'AE').replace(/\u00DF/g, 'ss');
  s = s.toLowerCase();
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return s;
}

/** Words of a query after normalization, for prefix matching. */
export function searchTokens(text: string): string[] {
  const n = normalizeForSearch(text);
  return n === '' ? [] : n.split(' ');
}
