// Pieces of the zod schemas that read settings from environment variables (the workstation's
// config and the server's): the same rules for a number or an empty value on both sides.
import { z } from 'zod';

/** A whole number in a range, given as text; "" counts as unset so the default applies. */
export function intSetting(min: number, max: number, fallback: number) {
  return z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? String(fallback) : s.trim()))
    .pipe(
      z
        .string()
        .regex(/^[0-9]+$/, { message: `must be a whole number between ${min} and ${max}` })
        .transform(Number)
        .pipe(z.number().int().min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` })),
    );
}

/** An empty or blank value counts as unset (for z.preprocess). */
export const emptyAsUnset = (s: unknown) => (typeof s === 'string' && s.trim() === '' ? undefined : s);
