// Hits of a search in the ORIGINAL text a person wrote (with its tashkeel, accents, tatweel and
// presentation forms), for snippets: each word of the text is normalized on its own, the way
// normalizeForSearch reads it, and a word is a hit when one of its normalized words begins with a
// query token. The offsets are the original's, so what is shown is what was written, never the
// normalized form. Also the cut of a long text around its hits.
import { normalizeForSearch } from './normalize';
import { boundedMemo } from './bounded-memo';

/** A word as written and the normalized words it reads as (a ligature may read as two). */
export interface WordSpan {
  start: number;
  end: number;
  tokens: string[];
}

// Letters, digits and the marks and tatweel that sit inside words; anything else parts words, as
// it does for normalizeForSearch.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

// Court text repeats its words page after page: each word's normalized form is remembered (a
// bounded map, emptied when full), so marking the hits of a page of 300 words costs lookups, not
// 300 normalizations (measured: most of a page search's time without it).
const WORD_MEMO_MAX = 20_000;
const normalizedWord = boundedMemo(WORD_MEMO_MAX, normalizeForSearch);

export function wordSpans(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  for (const m of text.matchAll(WORD)) {
    const n = normalizedWord(m[0]);
    if (n !== '') out.push({ start: m.index, end: m.index + m[0].length, tokens: n.split(' ') });
  }
  return out;
}

// A search scores the same short fields (names, lawyers, subjects) again and again, hundreds of
// candidates a query: their spans are remembered too, in a bounded map (long texts, pages, are not).
const SHORT_TEXT = 400;
const spansOfShortText = boundedMemo<string, readonly WordSpan[]>(WORD_MEMO_MAX, wordSpans);

function spansOf(text: string): readonly WordSpan[] {
  return text.length > SHORT_TEXT ? wordSpans(text) : spansOfShortText(text);
}

/** [start, end) of each word of `text` one of whose normalized words begins with a query token, in order. */
export function hitsOf(text: string, queryTokens: readonly string[]): [number, number][] {
  if (queryTokens.length === 0) return [];
  return spansOf(text)
    .filter((w) => w.tokens.some((t) => queryTokens.some((q) => t.startsWith(q))))
    .map((w) => [w.start, w.end]);
}

/**
 * A text cut to about `max` characters around its first hit (an ellipsis where cut), with the hits
 * moved to the cut's offsets. Never cuts inside a hit; a short text comes back whole.
 */
export function snippetAround(text: string, hits: readonly [number, number][], max = 160): { text: string; hits: [number, number][] } {
  if (text.length <= max) return { text, hits: [...hits] };
  const first = hits[0] ?? [0, 0];
  let start = Math.max(0, Math.min(first[0] - Math.floor(max / 3), text.length - max));
  // Start at a word: back up to the space before.
  const space = text.lastIndexOf(' ', start);
  start = start === 0 ? 0 : space >= 0 && start - space < 20 ? space + 1 : start;
  const end = Math.min(text.length, Math.max(start + max, first[1]));
  const head = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  const shift = head.length - start;
  const kept = hits.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s + shift, e + shift] as [number, number]);
  return { text: head + text.slice(start, end) + tail, hits: kept };
}
