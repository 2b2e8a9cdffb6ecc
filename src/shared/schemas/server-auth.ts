// The server's auth and enrolment over HTTP (ARCHITECTURE §7): what a workstation sends to enrol,
// sign in, refresh and sign out, and what it gets back. Shared so the desk's sync client sends and
// parses exactly what the server validates and documents in its OpenAPI. Secrets here (passwords,
// device secrets, refresh tokens, enrolment codes) are never logged (src/server/logger.ts).
import { z } from 'zod';
import { ROLES } from '../enums';
import { LIMITS, idSchema, text } from './common';
import { courtViewSchema, userViewSchema } from './views';

/** 32 random bytes, base64url without padding: a device secret and a refresh token look like this. */
export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const secretTokenSchema = z.string().regex(SECRET_TOKEN_PATTERN);

/**
 * Enrolment codes: 16 characters of Crockford's base32 (80 random bits), shown as four groups of
 * four (`7KQ2-M9XD-4TNB-HC3W`) for a person to type into the desk. Read forgivingly: case, spaces
 * and dashes do not matter, O reads as 0, I and L as 1.
 */
export const ENROLMENT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ENROLMENT_CODE_LENGTH = 16;
export function normalizeEnrolmentCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}
export function formatEnrolmentCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
export const enrolmentCodeSchema = z
  .string()
  .max(64)
  .transform(normalizeEnrolmentCode)
  .pipe(z.string().regex(new RegExp(`^[${ENROLMENT_CODE_ALPHABET}]{${ENROLMENT_CODE_LENGTH}}$`)));

/** What a device proves itself with: its id and the secret it was given once, at enrolment. */
export const deviceCredentialSchema = z.strictObject({ id: idSchema, secret: secretTokenSchema });
export type DeviceCredential = z.infer<typeof deviceCredentialSchema>;

export const enrolRequestSchema = z.strictObject({
  code: enrolmentCodeSchema,
  /** The desk's own name for itself (its host name, say), shown beside the name the operator intended. */
  deviceName: text(LIMITS.name),
});
export type EnrolRequest = z.input<typeof enrolRequestSchema>;

export const enrolResponseSchema = z
  .object({
    deviceId: z.string(),
    /** What this desk's provisional case numbers carry (P-<tag>-<n>). */
    deviceTag: z.string(),
    /** Shown once: the server keeps only its hash. */
    deviceSecret: z.string(),
    courtId: z.string(),
    court: courtViewSchema,
  })
  .describe('The device is enrolled in the court of the code. Its secret is shown once: keep it.');
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

export const loginRequestSchema = z.strictObject({
  // Any case and spacing (the server folds them), but no control character: a NUL is no name, and
  // PostgreSQL cannot store one (the login's rate-limit bucket is keyed by the name).
  username: z
    .string()
    .min(1)
    .max(LIMITS.username)
    .regex(/^\P{Cc}*$/u),
  password: z.string().min(1).max(LIMITS.password.max),
  /** Sync needs a user AND a device: the tokens are bound to this device. */
  device: deviceCredentialSchema,
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

export const refreshRequestSchema = z.strictObject({ refreshToken: secretTokenSchema, device: deviceCredentialSchema });
export type RefreshRequest = z.input<typeof refreshRequestSchema>;

export const logoutRequestSchema = z.strictObject({ refreshToken: secretTokenSchema });
export type LogoutRequest = z.input<typeof logoutRequestSchema>;

export const tokenResponseSchema = z
  .object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string(),
    /** Seconds the access token is valid for. */
    expiresIn: z.number().int().positive(),
    /** Exchanged once at /v1/auth/refresh for the next pair; presenting it twice ends the session. */
    refreshToken: z.string(),
    refreshExpiresAt: z.string(),
    userId: z.string(),
    courtId: z.string(),
    deviceId: z.string(),
    roles: z.array(z.enum(ROLES)),
  })
  .describe('An access token (Bearer, short-lived) and the next refresh token, both bound to the user and the device.');
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** What an access token says: who (sub), of which court, with which roles, on which device. */
export const accessTokenClaimsSchema = z.object({
  sub: idSchema,
  court: idSchema,
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  device: idSchema,
  /** The session (refresh-token family) the token was issued for: it stops with the session. */
  sid: idSchema,
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

export const meResponseSchema = z
  .object({
    user: userViewSchema,
    court: courtViewSchema,
    device: z.object({ id: z.string(), tag: z.string(), name: z.string() }),
  })
  .describe('The signed-in user, their court and the device the token is bound to.');
export type MeResponse = z.infer<typeof meResponseSchema>;

export const courtParamsSchema = z.strictObject({ courtId: idSchema });
export const courtUsersResponseSchema = z.object({ users: z.array(userViewSchema) }).describe("The court's users (admins and the president).");
export type CourtUsersResponse = z.infer<typeof courtUsersResponseSchema>;
