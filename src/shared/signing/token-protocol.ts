// The message protocol between main and the token service (the process that holds the PKCS#11
// module: a Node child process in tests and the browser shell, Electron's utilityProcess in the
// desktop app). Both sides validate every message with these schemas; binary values travel as
// base64 (hex for CKA_ID, as people read it). A request carries everything it needs (module path,
// token, PIN), so a restarted service has no state to recover and never keeps a PIN.
import { z } from 'zod';
import { appErrorSchema } from '../errors';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const hex = z.string().regex(/^(?:[0-9a-f]{2})+$/);

/** A token is named by its label and, when several share one, its serial: never by slot number. */
export const tokenRefSchema = z.object({ label: z.string().min(1).max(32), serial: z.string().min(1).max(16).optional() });
export type TokenRef = z.infer<typeof tokenRefSchema>;

export const moduleRefSchema = z.object({
  path: z.string().min(1),
  /** CKF_OS_LOCKING_OK at C_Initialize; some modules answer CKR_CANT_LOCK to it (PITFALLS). */
  osLocking: z.boolean(),
});
export type ModuleRef = z.infer<typeof moduleRefSchema>;

export const SIGNATURE_ALGORITHMS = ['RSA_PKCS1_SHA256', 'RSA_PSS_SHA256', 'ECDSA_SHA256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

/** The PIN's state as the token's flags tell it (read again after every failed login). */
export const PIN_STATES = ['ok', 'countLow', 'finalTry', 'locked'] as const;
export type PinState = (typeof PIN_STATES)[number];

export const tokenRequestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('listTokens'), module: moduleRefSchema }),
  z.object({ op: z.literal('listCertificates'), module: moduleRefSchema, token: tokenRefSchema }),
  z.object({
    op: z.literal('sign'),
    module: moduleRefSchema,
    token: tokenRefSchema,
    keyId: hex,
    algorithm: z.enum(SIGNATURE_ALGORITHMS),
    /** SHA-256 of what is signed (CMS signed attributes); the token never sees the document. */
    digest: base64,
    /** null: no PIN typed (the token needs no login, or has a pinpad). */
    pin: z.string().min(1).max(64).nullable(),
  }),
]);
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const tokenInfoSchema = z.object({
  label: z.string(),
  serial: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  loginRequired: z.boolean(),
  /** A pinpad reader: the PIN is typed on the reader, never in the app. */
  protectedAuthPath: z.boolean(),
  pinState: z.enum(PIN_STATES),
});
export type TokenInfo = z.infer<typeof tokenInfoSchema>;

export const tokenCertificateSchema = z.object({
  keyId: hex,
  label: z.string(),
  certificate: base64,
  /** A private key with this CKA_ID is on the token (seen directly or through its public key). */
  hasKey: z.boolean(),
  /** CKA_ALWAYS_AUTHENTICATE, when the private key is visible before login. */
  alwaysAuthenticate: z.boolean(),
});
export type TokenCertificate = z.infer<typeof tokenCertificateSchema>;

export const tokenCertificatesSchema = z.object({ token: tokenInfoSchema, certificates: z.array(tokenCertificateSchema) });
export type TokenCertificates = z.infer<typeof tokenCertificatesSchema>;

/** The token's raw signature: PKCS#1/PSS bytes for RSA, r||s for ECDSA (DER-encoded by main). */
export const tokenSignatureSchema = z.object({ signature: base64 });

export const tokenReplyValueSchemas = {
  listTokens: z.array(tokenInfoSchema),
  listCertificates: tokenCertificatesSchema,
  sign: tokenSignatureSchema,
} as const;
export type TokenReplyValue<Op extends TokenRequest['op']> = z.infer<(typeof tokenReplyValueSchemas)[Op]>;

export const tokenEnvelopeSchema = z.object({ id: z.number().int().nonnegative(), request: tokenRequestSchema });
export type TokenEnvelope = z.infer<typeof tokenEnvelopeSchema>;

export const tokenReplySchema = z.union([
  z.object({ id: z.number().int().nonnegative(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.number().int().nonnegative(), ok: z.literal(false), error: appErrorSchema }),
]);
export type TokenReply = z.infer<typeof tokenReplySchema>;
