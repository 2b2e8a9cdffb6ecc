// What text a person may store: no invisible control or direction-override characters (a
// right-to-left override turned "abc" into "cba" on screen while "abc" was stored), names made of
// letters and a few marks, and which script a text is written in. Pure; used by the contract's
// schemas (main and renderer alike) and by the forms that clean what is typed or pasted.

/**
 * Invisible characters never stored: C0/C1 controls (tab and line feed are allowed only in
 * multi-line text), format characters (bidi embeddings, overrides, isolates and marks, zero-width
 * characters, soft hyphen, BOM), private-use code points, line/paragraph separators,
 * noncharacters (U+FFFF and the like: no text has them) and variation selectors (they change an
 * emoji's look, and make two names that read the same compare different). A lone UTF-16
 * surrogate is refused separately (`isWellFormed`): SQLite would store U+FFFD instead.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\u2028\u2029\p{Noncharacter_Code_Point}\p{Variation_Selector}]/u;
const INVISIBLE_ALL = /[\p{Cc}\p{Cf}\p{Co}\u2028\u2029\p{Noncharacter_Code_Point}\p{Variation_Selector}]/gu;
const LINE_BREAK_OR_TAB = /[\t\n]/g;

export function hasInvisibleCharacters(text: string, multiline = false): boolean {
  return !text.isWellFormed() || INVISIBLE.test(multiline ? text.replace(LINE_BREAK_OR_TAB, '') : text);
}

/**
 * What a form keeps of typed or pasted text: the invisible characters above removed (a line
 * break in a one-line field becomes a space), so a clerk never meets a refusal for a character
 * they cannot see. The schemas still refuse them from any other caller.
 */
export function withoutInvisibleCharacters(text: string, multiline = false): string {
  const wellFormed = text.toWellFormed();
  if (multiline) return wellFormed.replace(/\r\n?/g, '\n').replace(INVISIBLE_ALL, (ch) => (ch === '\n' || ch === '\t' ? ch : ''));
  return wellFormed.replace(/[\r\n\t]+/g, ' ').replace(INVISIBLE_ALL, '');
}

/**
 * A file's own name as it is filed: its direction marks and other invisible characters dropped (a
 * name as Windows gives it often carries them, Arabic ones especially), never refused on a field
 * the filing dialog does not show; a name left empty reads "document".
 */
export function fileNameShown(name: string): string {
  return withoutInvisibleCharacters(name).trim() || 'document';
}

/**
 * A name (of a person, an organisation, a lawyer, a court or chamber): letters of any script with
 * their marks, digits (company names), spaces and the punctuation names carry. No emoji, symbols or
 * markup characters.
 */
const NAME = /^[\p{L}\p{M}\p{Nd} '’\-.,&()/]*$/u;

export function isNameText(text: string): boolean {
  return NAME.test(text);
}

const ARABIC_LETTER = /(?=\p{L})\p{Script=Arabic}/u;
const LATIN_LETTER = /(?=\p{L})\p{Script=Latin}/u;

export function hasArabicLetter(s: string): boolean {
  return ARABIC_LETTER.test(s);
}
export function hasLatinLetter(s: string): boolean {
  return LATIN_LETTER.test(s);
}
