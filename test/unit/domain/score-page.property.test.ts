// A page's score read off its normalized text without splitting it: the same as reading it word
// by word (the reading kept here as the reference), for pages and queries drawn from a small
// vocabulary so words, beginnings and phrases all occur.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scorePage } from '../../../src/domain/queries/page-hits';
import { PHRASE_BONUS, WEIGHT } from '../../../src/domain/queries/search-weights';

function byWords(normalized: string, tokens: readonly string[]): number | null {
  const words = normalized === '' ? [] : normalized.split(' ');
  let whole = 0;
  for (const t of tokens) {
    if (words.includes(t)) whole++;
    else if (!words.some((w) => w.startsWith(t))) return null;
  }
  let phrase = 0;
  if (tokens.length >= 2) {
    outer: for (let i = 0; i + tokens.length <= words.length; i++) {
      for (let k = 0; k < tokens.length; k++) {
        const w = words[i + k]!;
        if (k === tokens.length - 1 ? !w.startsWith(tokens[k]!) : w !== tokens[k]) continue outer;
      }
      phrase = PHRASE_BONUS;
      break;
    }
  }
  return WEIGHT.pageText * (1 + (0.5 * whole) / tokens.length) + phrase;
}

const VOCABULARY = ['المدعي', 'المدعيه', 'عليه', 'علي', 'وحيث', 'حيث', 'دره', 'درهم', 'paiement', 'pai', 'des', 'de', 'd', '12', '120'];
const word = fc.constantFrom(...VOCABULARY);
const prefix = word.chain((w) => fc.integer({ min: 1, max: w.length }).map((n) => w.slice(0, n)));

describe('scorePage', () => {
  it('scores as the word-by-word reading does', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), fc.array(fc.oneof(word, prefix), { minLength: 1, maxLength: 4 }), (page, tokens) => {
        const normalized = page.join(' ');
        expect(scorePage(normalized, tokens)).toBe(byWords(normalized, tokens));
      }),
      { numRuns: 3000 },
    );
  });

  it('whole words, beginnings, order and absence', () => {
    const page = 'وحيث ان المدعي عليه لم يؤد مبلغ 120 درهم';
    expect(scorePage(page, ['المدعي', 'عليه'])).toBe(WEIGHT.pageText * 1.5 + PHRASE_BONUS);
    expect(scorePage(page, ['عليه', 'المدعي'])).toBe(WEIGHT.pageText * 1.5);
    // Before the last word, a phrase needs whole words; the last may be a beginning.
    expect(scorePage(page, ['المدعي', 'علي'])).toBe(WEIGHT.pageText * 1.25 + PHRASE_BONUS);
    expect(scorePage(page, ['المد', 'علي'])).toBe(WEIGHT.pageText);
    expect(scorePage(page, ['دعي'])).toBeNull();
    expect(scorePage('', ['a'])).toBeNull();
  });
});
