// Which OCR word boxes of a page are hits of a search, to draw them over the page image: the query
// normalized as search reads it (normalizeForSearch) and matched per word the way highlight.ts
// marks hits in text — a box is a hit when one of its normalized words begins with a query token —
// so the boxes drawn and the words marked in the text pane are the same words.
import { wordSpans } from './highlight';
import { normalizeForSearch } from './normalize';
import type { WordBox } from './schemas/documents';

/** The query's tokens as search reads them (empty for a query of no letters or digits). */
export function queryTokens(query: string | undefined): string[] {
  if (!query) return [];
  const n = normalizeForSearch(query);
  return n === '' ? [] : n.split(' ');
}

/** Indexes of the boxes whose word is a hit of one of `tokens`. */
export function hitBoxes(words: readonly WordBox[], tokens: readonly string[]): number[] {
  if (tokens.length === 0) return [];
  const out: number[] = [];
  words.forEach((w, i) => {
    if (wordSpans(w.text).some((s) => s.tokens.some((t) => tokens.some((q) => t.startsWith(q))))) out.push(i);
  });
  return out;
}
