// Snippets of search hits in the text as written: the offsets found by the normalized words fall on
// the original words, tashkeel, tatweel, accents and presentation forms included, and a long text
// is cut around its first hit without losing it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hitsOf, snippetAround, wordSpans } from '../../../src/shared/highlight';
import { normalizeForSearch, searchTokens } from '../../../src/shared/normalize';

const shown = (text: string, hits: readonly [number, number][]) => hits.map(([s, e]) => text.slice(s, e));

describe('hits in the original text', () => {
  it('marks the words as written, whatever was folded to find them', () => {
    const text = 'دعوى مُحَمَّد بنّـــاني ضد شركة ﻣﺤﻤﺪ — Hélène BENANI, 2026/1101/57';
    expect(shown(text, hitsOf(text, searchTokens('محمد بناني')))).toEqual(['مُحَمَّد', 'بنّـــاني', 'ﻣﺤﻤﺪ']);
    expect(shown(text, hitsOf(text, searchTokens('helene ben')))).toEqual(['Hélène', 'BENANI']);
    expect(shown(text, hitsOf(text, searchTokens('١١٠١')))).toEqual(['1101']);
    expect(hitsOf(text, [])).toEqual([]);
  });

  it('every hit is a word whose normalized form begins with a query token, and every such word is a hit', () => {
    const word = fc.constantFrom('مُحَمَّد', 'محمد', 'بناني', 'Hélène', 'helene', 'ﻣﺤﻤﺪ', 'x', 'أحمد', 'ال', 'فاطمة', 'Œuvre');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.constantFrom(' ', ' - ', '، ', '\n'), fc.array(word, { minLength: 1, maxLength: 2 }), (ws, sep, q) => {
        const text = ws.join(sep);
        const tokens = searchTokens(q.join(' '));
        const hits = hitsOf(text, tokens);
        for (const [s, e] of hits) expect(normalizeForSearch(text.slice(s, e)).split(' ').some((t) => tokens.some((k) => t.startsWith(k)))).toBe(true);
        const expected = wordSpans(text).filter((w) => w.tokens.some((t) => tokens.some((k) => t.startsWith(k)))).length;
        expect(hits).toHaveLength(expected);
      }),
    );
  });

  it('a long text is cut around its first hit, the hits moved with it', () => {
    const long = `${'كلام '.repeat(80)}المدعي محمد بناني ${'كلام '.repeat(80)}`;
    const hits = hitsOf(long, ['محمد']);
    const cut = snippetAround(long, hits, 120);
    expect(cut.text.length).toBeLessThanOrEqual(122);
    expect(cut.text.startsWith('…') && cut.text.endsWith('…')).toBe(true);
    expect(shown(cut.text, cut.hits)).toEqual(['محمد']);
    expect(snippetAround('قصير', [[0, 4]])).toEqual({ text: 'قصير', hits: [[0, 4]] });
  });
});
