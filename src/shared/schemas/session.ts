// First-run setup, login/lock, personal settings, and what the desk's user management sends: the
// plain passwords here stop in main, which hashes them; only hashes reach the domain.
import { z } from 'zod';
import { LANGUAGES } from '../enums';
import { LIMITS, chambersInputSchema, courtInputSchema, idSchema, newPasswordSchema, text, usernameSchema, versionSchema } from './common';
import { rolesSchema } from './commands';

export const setupSchema = z.strictObject({
  language: z.enum(LANGUAGES),
  court: courtInputSchema,
  chambers: chambersInputSchema,
  user: z.strictObject({
    username: usernameSchema,
    displayName: text(LIMITS.name, { name: true }),
    password: newPasswordSchema,
  }),
});
export type SetupInput = z.infer<typeof setupSchema>;

export const createUserInputSchema = z.strictObject({
  username: usernameSchema,
  displayName: text(LIMITS.name, { name: true }),
  roles: rolesSchema,
  password: newPasswordSchema,
});

/** The new password must differ from the current one: a password an administrator gave is never kept. */
export const changeOwnPasswordInputSchema = z
  .strictObject({
    currentPassword: z.string().min(1).max(LIMITS.password.max),
    newPassword: newPasswordSchema,
  })
  .refine((p) => p.newPassword !== p.currentPassword, { path: ['newPassword'], params: { i18nKey: 'errors.auth.sameAsCurrentPassword' } });

export const resetUserPasswordInputSchema = z.strictObject({ userId: idSchema, baseVersion: versionSchema, newPassword: newPasswordSchema });

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(LIMITS.username),
  password: z.string().min(1).max(LIMITS.password.max),
});
export const unlockSchema = z.strictObject({ password: z.string().min(1).max(LIMITS.password.max) });
export const setLanguageSchema = z.strictObject({ language: z.enum(LANGUAGES) });
export const emptySchema = z.strictObject({});
