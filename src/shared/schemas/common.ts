// Building blocks for every zod schema of the contract: ids, dates, bounded strings.
import { z } from 'zod';
import { ID_PATTERN } from '../ids';

export const LIMITS = {
  name: 200,
  shortText: 120,
  subject: 500,
  note: 2000,
  code: 16,
  password: { min: 10, max: 256 },
  username: 64,
  pageSize: 500,
  quickFind: 100,
} as const;

export const idSchema = z.string().regex(ID_PATTERN);
/** Calendar date `YYYY-MM-DD` that exists (rejects 2026-02-30). */
export const isoDateSchema = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, { params: { i18nKey: 'errors.field.badDate' } });
/** Time of day `HH:MM`, 24h. */
export const timeOfDaySchema = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/);
export const versionSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Trimmed, NFC-normalized text with a length bound; empty after trim counts as missing. */
export function text(max: number) {
  return z
    .string()
    .max(max * 4) // reject absurd payloads before normalizing them
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1).max(max));
}
export function optionalText(max: number) {
  return z
    .string()
    .max(max * 4)
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().max(max))
    .optional()
    .transform((s) => (s === undefined || s === '' ? undefined : s));
}

/** A court as entered at set-up; the code is what its case files and reports carry. */
export const courtInputSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9-]{2,16}$/),
  nameAr: text(LIMITS.name),
  nameFr: text(LIMITS.name),
});
export const chambersInputSchema = z
  .array(
    z.strictObject({
      code: z.string().regex(/^[A-Z0-9-]{1,16}$/),
      nameAr: text(LIMITS.name),
      nameFr: text(LIMITS.name),
    }),
  )
  .min(1)
  .max(100);
export const usernameSchema = z.string().regex(/^[a-z0-9._-]{3,64}$/);
/** What a person types; it never goes further than the main process, which hashes it. */
export const newPasswordSchema = z.string().min(LIMITS.password.min).max(LIMITS.password.max);
/** argon2id PHC string: the plain password never reaches the domain, the outbox or the audit. */
export const passwordHashSchema = z.string().startsWith('$argon2id$').max(512);
