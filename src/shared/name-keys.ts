// Sound keys of names, so a name typed in Arabic script finds its Maghrebi French spelling and the
// other way round («محمد العلوي» ⇄ "Mohamed El Alaoui", "Mohammed Alaoui"). Each word becomes a
// skeleton of consonant classes both scripts share (ح and ه → h, ق and ك → k, ش and ch → c…);
// where one script cannot say what the other wrote (a ي that is a vowel or a consonant, a final ة
// that French drops or writes "t"), the word gets several keys and two words match when any key
// agrees. The keys feed an index beside the exact one; never show them, never store them as data.
// These are the conventions of French civil-status spellings in Morocco, not a romanization.

import { boundedMemo } from './bounded-memo';

/** A word's keys: every reading of it, at most MAX_VARIANTS, never empty strings. */
export type WordKeys = readonly string[];

const MAX_VARIANTS = 8;

/** The ways one letter (or digraph) may sound; [] is silent. */
type Choice = readonly string[];

// ---- Arabic script -------------------------------------------------------------------------

const AR_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/g;
const AR_FOLD: Record<string, string> = {
  '\u0622': 'ا', '\u0623': 'ا', '\u0625': 'ا', '\u0671': 'ا', '\u0672': 'ا', '\u0673': 'ا',
  '\u0626': 'ي', '\u06CC': 'ي', '\u06D2': 'ي', '\u0624': 'و', '\u06A9': 'ك',
};
/** Consonants and the class both scripts share. */
const AR_CONSONANT: Record<string, string> = {
  ب: 'b', پ: 'b', ت: 't', ث: 't', ج: 'j', ژ: 'j', ح: 'h', خ: 'x', د: 'd', ذ: 'd', ر: 'r', ز: 'z',
  س: 's', ش: 'c', چ: 'c', ص: 's', ض: 'd', ط: 't', ظ: 'd', غ: 'g', ڭ: 'g', ڨ: 'g', گ: 'g', ف: 'f',
  ڤ: 'f', ق: 'k', ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: 'h',
};
/** Letters French writes as a vowel or not at all: alef, alef maqsura, ain, hamza. */
const AR_SILENT = new Set(['ا', 'ى', 'ع', 'ء']);
const AR_VOWEL_LETTER = new Set(['ا', 'ى', 'ع', 'ء', 'و', 'ي', 'ة']);
/**
 * How a word's last letter ends its key: 'a' for the final vowel French writes a ("Fatima",
 * "Salma", "Sanaa", "Abdellah"), 'i' for a final ي ("Alaoui"), so Rachid/Rachida and
 * Driss/Idrissi stay apart. ي and ى are typed for one another, and a final ه is silent
 * ("Wajih"), a ("Abdellah"), ha ("Taha") or h.
 */
const AR_FINAL: Record<string, Choice> = {
  ي: ['i', 'a'], ى: ['a', 'i'], ا: ['a'], ء: ['a'], ة: ['a', 't'], ه: ['', 'a', 'ha', 'h'], و: [], ع: [],
};
/** Letters the article's lam is assimilated to ("Abderrahim", "Noureddine"). */
const SUN_LETTERS = new Set('تثدذرزسشصضطظلن');
/** Particles that make one name with the next word: عبد القادر, بن علي, ولد إبراهيم, أيت الحاج. */
const AR_JOIN_NEXT = new Set(['عبد', 'ابو', 'ابن', 'بن', 'بنت', 'ولد', 'ايت', 'اولاد']);
/** Second halves that make one name with the word before: نور الدين, عبد الله. */
const AR_JOIN_PREVIOUS = new Set(['الدين', 'الله', 'الاله']);

function arabicLetters(word: string): string {
  return word.replace(AR_MARKS, '').replace(/[\u0622\u0623\u0625\u0671\u0672\u0673\u0626\u06CC\u06D2\u0624\u06A9]/g, (c) => AR_FOLD[c]!);
}

/** The word after its article, the way French joins it to what comes before: sun letters absorb the lam. */
function withoutArticle(word: string, keepMoonLam: boolean): string {
  if (!word.startsWith('ال') || word.length < 4) return word;
  const rest = word.slice(2);
  return keepMoonLam && !SUN_LETTERS.has(rest[0]!) ? `ل${rest}` : rest;
}

function arabicChoices(word: string): Choice[] {
  const letters = [...word];
  const out: Choice[] = [];
  letters.forEach((ch, i) => {
    const last = i === letters.length - 1;
    if (last && i > 0) {
      const end = AR_FINAL[ch];
      if (end) {
        out.push(end);
        return;
      }
    }
    if (AR_SILENT.has(ch)) return;
    if (ch === 'و' || ch === 'ي') {
      const c = ch === 'و' ? 'w' : 'y';
      if (i === 0) out.push([c]);
      else if (last) return;
      else if (AR_VOWEL_LETTER.has(letters[i + 1]!)) out.push([c]);
      else out.push(['', c]); // a long vowel French writes as one, or a consonant with its vowel unwritten
      return;
    }
    if (ch === 'ة') {
      out.push(['a', 't']);
      return;
    }
    // Moroccan speech says many a ق and some ك as g, and French writes it so: "Guermi" (الكرمي).
    if (ch === 'ق' || ch === 'ك') {
      out.push(['k', 'g']);
      return;
    }
    const k = AR_CONSONANT[ch];
    if (k !== undefined) out.push([k]);
  });
  return out;
}

// ---- Latin script --------------------------------------------------------------------------

const LATIN_VOWELS = new Set('aeiouy');
/** Articles written apart ("El Alaoui", "Es-Sebti"): French spells the name without them too. */
const LATIN_ARTICLES = new Set(['el', 'al', 'l', 'ed', 'ad', 'es', 'as', 'er', 'ar', 'ez', 'az', 'et', 'at', 'en', 'an', 'ech', 'ach', 'ej', 'eth', 'ou']);
const LATIN_JOIN_NEXT = new Set(['ben', 'bent', 'ibn', 'ould', 'ait', 'oulad', 'abd', 'abdel', 'abdal', 'abdoul', 'abou', 'abu', 'bou']);
const LATIN_JOIN_PREVIOUS = new Set(['eddine', 'eddin', 'dine', 'din', 'allah', 'ellah', 'illah', 'ullah', 'llah']);

function latinLetters(word: string): string {
  return word
    .toLowerCase()
    .replace(/ç/g, 's')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

/** The final vowel French writes, as the Arabic keys end ('a', 'i' or nothing); see AR_FINAL. */
function latinEnd(word: string): Choice {
  if (/(?:a+h?|ae)$/.test(word)) return ['a'];
  if (/(?:i|y|ie)$/.test(word)) return ['i'];
  return [];
}

function latinChoices(word: string): Choice[] {
  const s = word;
  const out: Choice[] = [];
  const isVowel = (i: number) => i >= 0 && i < s.length && LATIN_VOWELS.has(s[i]!);
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    const next = s[i + 1];
    const two = s.slice(i, i + 2);
    // Doubled letters are one sound (the shadda Arabic leaves unwritten).
    if (next === ch && !LATIN_VOWELS.has(ch)) {
      i++;
      continue;
    }
    if (two === 'ou') {
      const after = i + 2;
      if (after >= s.length) out.push([]);
      else if (i === 0) out.push(isVowel(after) ? ['w'] : ['', 'w']); // "Ouazzani", "Ould", "Oufkir"
      else out.push(isVowel(after) ? ['w'] : []);
      i += 2;
      continue;
    }
    const digraph: Record<string, Choice> = { kh: ['x'], ch: ['c'], sh: ['c', 'sh'], gh: ['g'], dj: ['j'], th: ['t', 'th'], dh: ['d', 'dh'], ph: ['f'], qu: ['k'] };
    const d = digraph[two];
    if (d) {
      out.push(d);
      i += 2;
      continue;
    }
    const last = i === s.length - 1;
    if (ch === 'y' || ch === 'i') {
      if (last) out.push([]);
      else if (ch === 'y' && i === 0) out.push(['y']);
      else if (isVowel(i + 1) || isVowel(i - 1)) out.push(['y']); // "Ziad", "Meryem", "Saïd", "Hussein"
      else out.push([]);
      i++;
      continue;
    }
    if (LATIN_VOWELS.has(ch)) {
      out.push([]);
      i++;
      continue;
    }
    switch (ch) {
      case 'c':
        out.push(next === 'e' || next === 'i' || next === 'y' ? ['s'] : ['k']);
        break;
      case 'g':
        if (next === 'u' && (s[i + 2] === 'e' || s[i + 2] === 'i')) {
          out.push(['g']);
          i++;
        } else out.push(next === 'e' || next === 'i' || next === 'y' ? ['j'] : ['g']);
        break;
      case 'h':
        out.push(last ? [] : ['h']); // a final h is silent: "Fatimah", "Abdellah"
        break;
      case 'p':
        out.push(['b']);
        break;
      case 'q':
        out.push(['k']);
        break;
      case 'v':
        out.push(['f']);
        break;
      case 'x':
        out.push(['ks']);
        break;
      default:
        if (/[a-z]/.test(ch)) out.push([ch]);
    }
    i++;
  }
  out.push(latinEnd(s));
  return out;
}

// ---- Both ----------------------------------------------------------------------------------

/** Every combination of the choices (at most MAX_VARIANTS, first choices first). */
function expand(choices: readonly Choice[]): string[] {
  let acc = [''];
  for (const c of choices) {
    if (c.length === 0) continue;
    const next: string[] = [];
    for (const a of acc) for (const x of c) if (next.length < MAX_VARIANTS) next.push(a + x);
    acc = next;
  }
  // A word of vowels only ("A", «عا») says nothing: its key would be the bare end mark.
  return [...new Set(acc.filter((k) => k !== '' && k !== 'a' && k !== 'i'))];
}

type Script = 'ar' | 'latin';
interface Unit {
  script: Script;
  text: string;
  /** Other spellings of the same word that are indexed too (e.g. the article kept: "Lahcen"). */
  also: string[];
  /** Where the word (with its joined particles) stands in the text given: [start, end). */
  start: number;
  end: number;
}

type Word = { script: Script; text: string; start: number; end: number };

const ARABIC_LETTERS = '\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF';
/** A run of one script as written: Arabic with its presentation forms, or Latin with its marks. */
const WORD_RUN = new RegExp(`[${ARABIC_LETTERS}\\uFB50-\\uFDFF\\uFE70-\\uFEFF]+|[\\p{Script=Latin}\\u0300-\\u036F]+`, 'gu');
const PIECE = new RegExp(`[${ARABIC_LETTERS}]+|[\\p{Script=Latin}\\u0300-\\u036F]+`, 'gu');
const ARABIC = new RegExp(`[${ARABIC_LETTERS}]`, 'u');

/** Words of one script each, with where they stand in `text`: a word mixing scripts is cut where the script changes. */
function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD_RUN)) {
    const start = m.index;
    const end = start + m[0].length;
    // Presentation forms and full-width letters become plain letters (a ligature may become two words).
    for (const piece of m[0].normalize('NFKC').match(PIECE) ?? []) {
      const isArabic = ARABIC.test(piece);
      const w = isArabic ? arabicLetters(piece) : latinLetters(piece);
      if (w !== '') out.push({ script: isArabic ? 'ar' : 'latin', text: w, start, end });
    }
  }
  return out;
}

/** Joins particles to their names and drops articles written apart, as French and Arabic spellings differ there. */
function units(text: string): Unit[] {
  const ws = words(text);
  const out: Unit[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w.script === 'ar') {
      if (w.text === 'ال') continue;
      const nextWord = ws[i + 1];
      if (AR_JOIN_NEXT.has(w.text) && nextWord?.script === 'ar' && nextWord.text !== 'ال') {
        const rest = withoutArticle(nextWord.text, true);
        out.push({ script: 'ar', text: w.text + rest, also: w.text === 'عبد' ? [] : [withoutArticle(nextWord.text, false)], start: w.start, end: nextWord.end });
        i++;
        continue;
      }
      const prev = out[out.length - 1];
      if (AR_JOIN_PREVIOUS.has(w.text) && prev?.script === 'ar') {
        prev.text += withoutArticle(w.text, true);
        prev.also = [];
        prev.end = w.end;
        continue;
      }
      const also = w.text.startsWith('ال') && w.text.length >= 4 ? [`ل${w.text.slice(2)}`] : [];
      out.push({ script: 'ar', text: withoutArticle(w.text, false), also, start: w.start, end: w.end });
      continue;
    }
    if (LATIN_ARTICLES.has(w.text) && i + 1 < ws.length) continue;
    if (LATIN_JOIN_NEXT.has(w.text) && ws[i + 1]?.script === 'latin') {
      let j = i + 1;
      let joined = w.text;
      // "Abd El Kader", "Ben El Hassan": the article stays inside the joined name, as in "Abdelkader".
      while (j < ws.length - 1 && ws[j]!.script === 'latin' && LATIN_ARTICLES.has(ws[j]!.text)) joined += ws[j++]!.text;
      const rest = ws[j];
      if (rest && rest.script === 'latin') {
        out.push({ script: 'latin', text: joined + rest.text, also: w.text.startsWith('abd') ? [] : [rest.text], start: w.start, end: rest.end });
        i = j;
        continue;
      }
    }
    const prev = out[out.length - 1];
    if (LATIN_JOIN_PREVIOUS.has(w.text) && prev?.script === 'latin') {
      prev.text += w.text;
      prev.also = [];
      prev.end = w.end;
      continue;
    }
    out.push({ script: 'latin', text: w.text, also: [], start: w.start, end: w.end });
  }
  return out;
}

// Names repeat (a court has thousands of Mohameds): each word's keys are computed once. The cache
// holds pure results only, and is emptied when full rather than grown without bound.
const KEYS_CACHE_SIZE = 20_000;
const keysOfWord = boundedMemo(
  KEYS_CACHE_SIZE,
  ({ script, text }: { script: Script; text: string }) => expand(script === 'ar' ? arabicChoices(text) : latinChoices(text)),
  ({ script, text }) => `${script}:${text}`,
);

function keysOf(script: Script, text: string): string[] {
  return keysOfWord({ script, text });
}

/** A word of a name (particles joined to it, as shared/name-keys reads names) and its keys. */
export interface KeyedWord {
  /** The word's letters, normalized for keying (not for display). */
  text: string;
  keys: WordKeys;
  /** Where it stands in the text given (UTF-16 offsets, [start, end)), particles joined to it included. */
  start: number;
  end: number;
}

/** The words of a text in order, each with its keys; words that give no key (a lone vowel) are left out. */
export function keyedWords(text: string): KeyedWord[] {
  return units(text)
    .map((u) => ({ text: u.text, keys: [...new Set([...keysOf(u.script, u.text), ...u.also.flatMap((a) => keysOf(u.script, a))])], start: u.start, end: u.end }))
    .filter((w) => w.keys.length > 0);
}

/**
 * The keys of each word of a name as typed in a query: two names match when, word by word, some
 * key of the one is a key of the other.
 */
export function nameQueryKeys(text: string): WordKeys[] {
  return keyedWords(text).map((w) => w.keys);
}

// Whole names repeat even more than words do; a registration or a pull keys each party it writes.
const NAME_CACHE_SIZE = 20_000;
const keysOfName = boundedMemo<string, readonly string[]>(NAME_CACHE_SIZE, (name) => nameQueryKeys(name).flat());

/** `keyedWords` of a party's name, kept: a search reads the same parties' names again and again. */
export const keyedWordsOfName: (name: string) => readonly KeyedWord[] = boundedMemo(NAME_CACHE_SIZE, keyedWords);

/** Every key of a party's names, space-separated: what the index of sound keys holds for the party. */
export function nameIndexKeys(...names: readonly (string | null | undefined)[]): string {
  const all = new Set<string>();
  for (const n of names) if (n) for (const k of keysOfName(n)) all.add(k);
  return [...all].join(' ');
}

/**
 * Does the name (either script) have, for each query word, a word with a common key? With
 * `lastIsPrefix`, the query's last word (still being typed) needs only begin a key of the name.
 */
export function nameMatchesKeys(name: string | null | undefined, query: readonly WordKeys[], opts: { lastIsPrefix?: boolean } = {}): boolean {
  if (!name || query.length === 0) return false;
  const own = [...new Set(nameQueryKeys(name).flat())];
  const ownSet = new Set(own);
  return query.every((word, i) =>
    opts.lastIsPrefix && i === query.length - 1 ? word.some((k) => own.some((o) => o.startsWith(k))) : word.some((k) => ownSet.has(k)),
  );
}

/**
 * An FTS5 query over an index of keys (terms are ASCII letters, so each is quoted as is): a
 * party's keys must hold a key of every query word, the last word as a prefix.
 */
export function nameKeysMatchExpression(query: readonly WordKeys[]): string {
  return query.map((word, i) => `(${word.map((k) => `"${k}"${i === query.length - 1 ? '*' : ''}`).join(' OR ')})`).join(' AND ');
}
