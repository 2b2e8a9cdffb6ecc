// Building blocks for every zod schema of the contract: ids, dates, bounded texts and names. Each
// field's limit is defined once, here, and read by the forms too (their inputs stop typing at it),
// so the limit a clerk is told is the one that holds at every length.
import { z } from 'zod';
import { ID_PATTERN } from '../ids';
import { hasArabicLetter, hasInvisibleCharacters, hasLatinLetter, isNameText } from '../text-rules';

/** The one length limit of each kind of field (UTF-16 code units, as `maxLength` counts them). */
export const LIMITS = {
  name: 200,
  room: 120,
  subject: 500,
  note: 2000,
  nationalId: 16,
  barNumber: 8,
  address: 300,
  phone: 24,
  operativePart: 20_000,
  courtCode: 16,
  chamberCode: 16,
  password: { min: 10, max: 256 },
  username: 64,
  pageSize: 500,
  quickFind: 100,
  url: 2048,
  documentTitle: 300,
  fileName: 255,
  pageText: 100_000,
} as const;

export const idSchema = z.string().regex(ID_PATTERN);

/** A calendar date `YYYY-MM-DD` that exists (rejects 2026-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
export const isoDateSchema = z.string().refine(isCalendarDate, { params: { i18nKey: 'errors.field.badDate' } });
/** Time of day `HH:MM`, 24h. */
export const timeOfDaySchema = z.string().refine((s) => /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(s), { params: { i18nKey: 'errors.field.badTime' } });
export const versionSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

interface TextOptions {
  /** Line breaks and tabs allowed (notes, the operative part of a judgment). */
  multiline?: boolean;
  /** Only letters, digits, spaces and the punctuation of names (see text-rules). */
  name?: boolean;
}

/**
 * A string as typed, checked before anything else: never longer than `max` (a payload far beyond
 * it is refused before it is normalized, with the same limit in the message), and with no
 * invisible control or direction characters.
 */
function typedText(max: number, opts: TextOptions) {
  return z.string().superRefine((s, ctx) => {
    if (s.length > max * 4) {
      ctx.addIssue({ code: 'too_big', maximum: max, origin: 'string', inclusive: true, input: s });
    } else if (hasInvisibleCharacters(s, opts.multiline)) {
      ctx.addIssue({ code: 'custom', params: { i18nKey: 'errors.field.invisibleCharacters' }, input: s });
    }
  });
}

/**
 * NFC, trimmed; a one-line text has its runs of spaces — no-break and other widths included — made
 * one plain space (names are compared and searched; two that read the same must be the same).
 */
function tidy(s: string, opts: TextOptions): string {
  const t = s.normalize('NFC').trim();
  return opts.multiline ? t : t.replace(/\p{Zs}+/gu, ' ');
}

function bounded(max: number, opts: TextOptions, min: number) {
  let out = z.string().min(min).max(max);
  if (opts.name) out = out.refine(isNameText, { params: { i18nKey: 'errors.field.nameCharacters' } });
  return out;
}

/** Required text with a length bound; empty after trimming counts as missing. */
export function text(max: number, opts: TextOptions = {}) {
  return typedText(max, opts)
    .transform((s) => tidy(s, opts))
    .pipe(bounded(max, opts, 1));
}

/** Optional text: absent, or empty after trimming, is `undefined`. */
export function optionalText(max: number, opts: TextOptions = {}) {
  return typedText(max, opts)
    .transform((s) => tidy(s, opts))
    .pipe(bounded(max, opts, 0))
    .optional()
    .transform((s) => (s === undefined || s === '' ? undefined : s));
}

/** A name printed on the court's Arabic documents: in Arabic letters (a Latin one is a slip of the keyboard); empty is "required" alone. */
const arabicName = () => text(LIMITS.name, { name: true }).refine((s) => s === '' || hasArabicLetter(s), { params: { i18nKey: 'errors.field.notArabicLetters' } });
/** A name printed on the court's French documents: in Latin letters. */
const frenchName = () => text(LIMITS.name, { name: true }).refine((s) => s === '' || hasLatinLetter(s), { params: { i18nKey: 'errors.field.notLatinLetters' } });

/** A court as entered at set-up; the code is what its case files and reports carry. */
export const courtInputSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9-]{2,16}$/),
  nameAr: arabicName(),
  nameFr: frenchName(),
});
export const chamberInputSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9-]{1,16}$/),
  nameAr: arabicName(),
  nameFr: frenchName(),
});
export const chambersInputSchema = z.array(chamberInputSchema).min(1).max(100);
const USERNAME = /^[a-z0-9._-]{3,64}$/;
/** A user name as stored: said in words when wrong (the admin CLI and the users screen alike). */
export const usernameSchema = z.string().refine((s) => USERNAME.test(s), { params: { i18nKey: 'errors.field.usernameFormat' } });
/** What a person types; it never goes further than the main process, which hashes it. */
export const newPasswordSchema = z.string().min(LIMITS.password.min).max(LIMITS.password.max);
/** argon2id PHC string: the plain password never reaches the domain, the outbox or the audit. */
export const passwordHashSchema = z.string().startsWith('$argon2id$').max(512);
