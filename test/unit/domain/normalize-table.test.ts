// The one normalization of search (issue 9, item 5), letter by letter: a table of what each rule
// folds, and properties over any text — what comes out holds none of the forms folded away, and a
// query typed as the index holds it finds the same words (index and query agree).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeForSearch, searchTokens } from '../../../src/shared/normalize';

const TABLE: readonly [string, string, string][] = [
  ['tashkeel', 'مُحَمَّدٌ', 'محمد'],
  ['superscript alef', 'رَحْمٰن', 'رحمن'],
  ['tatweel', 'محـــمد', 'محمد'],
  ['alef with hamza above / below, madda, wasla', 'أحمد إبراهيم آمنة ٱلقاضي', 'احمد ابراهيم امنه القاضي'],
  ['alef maqsura', 'مصطفى', 'مصطفي'],
  ['teh marbuta', 'فاطمة', 'فاطمه'],
  ['hamza on waw and yeh', 'مؤمن رئيس', 'مومن رييس'],
  ['Persian yeh and keheh', 'علی کريم', 'علي كريم'],
  ['Arabic-Indic digits', '٢٠٢٦/١١٠١/٥٧', '2026 1101 57'],
  ['Eastern Arabic-Indic digits', '۲۰۲۶/۱۱۰۱/۵۷', '2026 1101 57'],
  ['presentation forms B (FE70–FEFF)', 'ﻣﺤﻤﺪ ﺑﻨﺎﻧﻲ', 'محمد بناني'],
  ['presentation forms A (FB50–FDFF)', 'ﷲ ﭬ', 'الله ڤ'],
  ['lam-alef ligature', 'ﻻ', 'لا'],
  ['French accents and cedilla', 'Hélène Çà Noël', 'helene ca noel'],
  ['ligatures', 'Œuvre Æsop straße ﬁn', 'oeuvre aesop strasse fin'],
  ['NFKC: full-width and superscripts', 'ＡＢＣ x²', 'abc x2'],
  ['punctuation and hyphens are word breaks', 'Fatima-Zahra, (El Alaoui)', 'fatima zahra el alaoui'],
];

const FOLDED_AWAY =
  /[\u0610-\u061A\u064B-\u065F\u0670\u0640\u0622\u0623\u0625\u0671-\u0673\u0649\u0629\u0624\u0626\u06CC\u06D2\u06A9\u0660-\u0669\u06F0-\u06F9\uFB50-\uFDFF\uFE70-\uFEFF\p{M}\p{Lu}]/u;

const arabicBlock = fc.integer({ min: 0x0600, max: 0x06ff }).map((c) => String.fromCharCode(c));
const presentation = fc.oneof(fc.integer({ min: 0xfb50, max: 0xfdff }), fc.integer({ min: 0xfe70, max: 0xfeff })).map((c) => String.fromCharCode(c));
const text = fc.array(fc.oneof(arabicBlock, presentation, fc.string({ maxLength: 3, unit: 'grapheme' }), fc.constantFrom(' ', '-', 'é', 'Ç', 'ـ')), { maxLength: 20 }).map((a) => a.join(''));

describe('normalizeForSearch, rule by rule', () => {
  it.each(TABLE)('%s', (_rule, input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });

  it('leaves none of the folded forms, no capital and no combining mark, in anything', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(normalizeForSearch(t)).not.toMatch(FOLDED_AWAY);
      }),
      { numRuns: 3000 },
    );
  });

  it('every presentation form reads as the letters it stands for', () => {
    for (const [from, to] of [[0xfb50, 0xfdff], [0xfe70, 0xfeff]] as const) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCharCode(c);
        const base = ch.normalize('NFKC');
        if (base === ch) continue; // unassigned or a non-letter with no decomposition
        expect(normalizeForSearch(ch)).toBe(normalizeForSearch(base));
      }
    }
  });

  it('index and query agree: text typed as the index holds it gives the same words, in the same order', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(searchTokens(normalizeForSearch(t))).toEqual(searchTokens(t));
        expect(normalizeForSearch(t).split(' ').filter(Boolean)).toEqual(searchTokens(t));
      }),
      { numRuns: 3000 },
    );
  });
});
