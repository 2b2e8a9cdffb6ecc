// Property tests of name normalization for quick find: normalizing twice changes nothing, and the
// ways a name can be typed differently (tashkeel, tatweel, alef forms, Latin accents) never change
// what it is found by.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeForSearch, searchTokens } from '../../../src/shared/normalize';
import { firstNormalizeForSearch, migration0019StoredText } from '../../helpers/first-normalization';

const ARABIC_BASE = 'ابتثجحخدذرزسشصضطظعغفقكلمنهويءة'.split('');
const TASHKEEL = ['\u064B', '\u064C', '\u064D', '\u064E', '\u064F', '\u0650', '\u0651', '\u0652'];
const ALEF_FORMS = ['\u0627', '\u0623', '\u0625', '\u0622'];
const LATIN_BASE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const LATIN_ACCENTS = ['\u0301', '\u0300', '\u0302', '\u0308', '\u0327'];

const arabicWord = fc.array(fc.constantFrom(...ARABIC_BASE, 'ا'), { minLength: 2, maxLength: 8 }).map((a) => a.join(''));
const latinWord = fc.array(fc.constantFrom(...LATIN_BASE), { minLength: 2, maxLength: 10 }).map((a) => a.join(''));
const name = fc.array(fc.oneof(arabicWord, latinWord), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));

/** Decorates a name the way people and keyboards do: harakat, shadda, tatweel, hamza on alef, accents. */
function decorate(text: string, choices: number[]): string {
  let i = 0;
  const pick = () => choices[i++ % choices.length]!;
  return [...text]
    .map((ch) => {
      if (ch === 'ا') return ALEF_FORMS[pick() % ALEF_FORMS.length]!;
      if (ARABIC_BASE.includes(ch)) {
        const k = pick() % 4;
        return k === 0 ? ch : k === 1 ? ch + TASHKEEL[pick() % TASHKEEL.length]! : k === 2 ? ch + '\u0640' : ch + '\u0651' + TASHKEEL[pick() % 3]!;
      }
      if (LATIN_BASE.includes(ch) && pick() % 3 === 0) return (ch + LATIN_ACCENTS[pick() % LATIN_ACCENTS.length]!).normalize('NFC');
      return ch;
    })
    .join('');
}

describe('normalizeForSearch', () => {
  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => {
      expect(normalizeForSearch(normalizeForSearch(s))).toBe(normalizeForSearch(s));
    }));
    fc.assert(fc.property(name, (s) => {
      expect(normalizeForSearch(normalizeForSearch(s))).toBe(normalizeForSearch(s));
    }));
  });

  it('tashkeel, tatweel, alef forms and Latin accents never change the result', () => {
    fc.assert(
      fc.property(name, fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (plain, choices) => {
        expect(normalizeForSearch(decorate(plain, choices))).toBe(normalizeForSearch(plain));
      }),
    );
  });

  it('case and letters written as Arabic presentation forms do not matter either', () => {
    expect(normalizeForSearch('ﻣﺤﻤﺪ')).toBe(normalizeForSearch('محمد'));
    expect(normalizeForSearch('BENNANI')).toBe('bennani');
    expect(normalizeForSearch('Hélène Œuvre')).toBe('helene oeuvre');
  });

  it('query tokens are the normalized words', () => {
    expect(searchTokens('  مُحَمَّد   بِنّاني ')).toEqual(['محمد', 'بناني']);
    expect(searchTokens('!!!')).toEqual([]);
  });

  it('gives what the first, one-replace-per-letter version gave, with the changes of migration 0019 (the party_search column must not drift)', () => {
    const folded = fc.constantFrom(...'آأإٱٲٳىةؤئیےکœŒæÆß٠١٢٣۴۵ـًّۓﮰﹳẞ'.split(''));
    const text = fc.array(fc.oneof(fc.string({ maxLength: 4, unit: 'grapheme' }), folded, arabicWord, latinWord), { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(normalizeForSearch(t)).toBe(migration0019StoredText(firstNormalizeForSearch(t)));
      }),
      { numRuns: 3000 },
    );
  });
});

