// The search normalization of issue 3's first sessions, kept only as the reference for what stores
// hold from before migration 0019, and what 0019 does to that text (SQL on PostgreSQL: see
// src/store/postgres/migrations/0019-search-across-scripts.ts), written again here in JavaScript.
// Tests compare today's normalizeForSearch with the two composed.

export function firstNormalizeForSearch(text: string): string {
  let r = text.normalize('NFKC');
  r = r.replace(/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/g, '').replace(/\u0640/g, '');
  r = r
    .replace(/[\u0622\u0623\u0625\u0671\u0672\u0673]/g, '\u0627')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u0624/g, '\u0648')
    .replace(/\u0626/g, '\u064A')
    .replace(/[\u06CC\u06D2]/g, '\u064A')
    .replace(/\u06A9/g, '\u0643');
  r = r.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) >= 0x06f0 ? d.charCodeAt(0) - 0x06f0 : d.charCodeAt(0) - 0x0660));
  r = r.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  r = r.replace(/\u0153/g, 'oe').replace(/\u0152/g, 'OE').replace(/\u00E6/g, 'ae').replace(/\u00C6/g, 'AE').replace(/\u00DF/g, 'ss');
  return r.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Migration 0019 on stored text: the first version left ۓ as ے, ẞ as ß and kept glyph pieces of
 * the presentation forms; each comes only from those letters, so the text is corrected without its source.
 */
export function migration0019StoredText(stored: string): string {
  return stored
    .replace(/\u06D2/g, '\u064A')
    .replace(/\u00DF/g, 'ss')
    .replace(/[\uFB50-\uFDFF\uFE70-\uFEFF]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}
