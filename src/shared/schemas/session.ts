// First-run setup, login/lock and personal settings.
import { z } from 'zod';
import { LANGUAGES, ROLES } from '../enums';
import { LIMITS, text } from './common';

export const setupSchema = z.strictObject({
  language: z.enum(LANGUAGES),
  court: z.strictObject({
    code: z.string().regex(/^[A-Z0-9-]{2,16}$/),
    nameAr: text(LIMITS.name),
    nameFr: text(LIMITS.name),
  }),
  chambers: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[A-Z0-9-]{1,16}$/),
        nameAr: text(LIMITS.name),
        nameFr: text(LIMITS.name),
      }),
    )
    .min(1)
    .max(100),
  user: z.strictObject({
    username: z.string().regex(/^[a-z0-9._-]{3,64}$/),
    displayName: text(LIMITS.name),
    password: z.string().min(LIMITS.password.min).max(LIMITS.password.max),
  }),
});
export type SetupInput = z.infer<typeof setupSchema>;

export const createUserInputSchema = z.strictObject({
  username: z.string().regex(/^[a-z0-9._-]{3,64}$/),
  displayName: text(LIMITS.name),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  password: z.string().min(LIMITS.password.min).max(LIMITS.password.max),
});

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(LIMITS.username),
  password: z.string().min(1).max(LIMITS.password.max),
});
export const unlockSchema = z.strictObject({ password: z.string().min(1).max(LIMITS.password.max) });
export const setLanguageSchema = z.strictObject({ language: z.enum(LANGUAGES) });
export const emptySchema = z.strictObject({});
