// First-run setup, login/lock and personal settings.
import { z } from 'zod';
import { LANGUAGES, ROLES } from '../enums';
import { LIMITS, chambersInputSchema, courtInputSchema, newPasswordSchema, text, usernameSchema } from './common';

export const setupSchema = z.strictObject({
  language: z.enum(LANGUAGES),
  court: courtInputSchema,
  chambers: chambersInputSchema,
  user: z.strictObject({
    username: usernameSchema,
    displayName: text(LIMITS.name),
    password: newPasswordSchema,
  }),
});
export type SetupInput = z.infer<typeof setupSchema>;

export const createUserInputSchema = z.strictObject({
  username: usernameSchema,
  displayName: text(LIMITS.name),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  password: newPasswordSchema,
});

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(LIMITS.username),
  password: z.string().min(1).max(LIMITS.password.max),
});
export const unlockSchema = z.strictObject({ password: z.string().min(1).max(LIMITS.password.max) });
export const setLanguageSchema = z.strictObject({ language: z.enum(LANGUAGES) });
export const emptySchema = z.strictObject({});
