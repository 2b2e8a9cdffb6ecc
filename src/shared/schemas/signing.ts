// The signing screens' side of the IPC contract (ARCHITECTURE §6): the tokens present, the
// certificates a token offers to sign with, a judgment signed on a card, and the built-in
// verifier's verdict on a judgment's file. The PIN crosses once, in signJudgment's input, and is
// never part of any answer, event or log.
import { z } from 'zod';
import { LANGUAGES } from '../enums';
import { appErrorSchema } from '../errors';
import { tokenInfoSchema, tokenRefSchema } from '../signing/token-protocol';
import { idSchema, versionSchema } from './common';
import { SIGNATURE_STEPS } from './judgment-signing';

/** A token as the signing dialog shows it: what the token service reports of it. */
export const tokenViewSchema = tokenInfoSchema;
export type TokenView = z.infer<typeof tokenViewSchema>;

/** The tokens present now; `problem` when the module could not be asked (not configured, not loadable). */
export const tokenListSchema = z.object({
  configured: z.boolean(),
  tokens: z.array(tokenViewSchema),
  problem: appErrorSchema.nullable(),
});
export type TokenList = z.infer<typeof tokenListSchema>;

export const certificateViewSchema = z.object({
  keyId: z.string(),
  label: z.string(),
  subject: z.string(),
  /** The subject's common names: a Moroccan card may carry one in Arabic letters and one in Latin. */
  commonNames: z.array(z.string()),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  keyType: z.enum(['RSA', 'EC', 'other']),
});
export type CertificateView = z.infer<typeof certificateViewSchema>;

export const tokenCertificatesViewSchema = z.object({ token: tokenViewSchema, certificates: z.array(certificateViewSchema) });
export type TokenCertificatesView = z.infer<typeof tokenCertificatesViewSchema>;

export const watchTokensInputSchema = z.strictObject({ watching: z.boolean() });
export const listCertificatesInputSchema = z.strictObject({ token: tokenRefSchema });

export const signJudgmentInputSchema = z.strictObject({
  judgmentId: idSchema,
  baseVersion: versionSchema,
  step: z.enum(SIGNATURE_STEPS),
  token: tokenRefSchema,
  keyId: z.string().regex(/^(?:[0-9a-f]{2}){1,64}$/),
  /** null: the token needs no login, or its reader has a pinpad. Used once, never kept. */
  pin: z.string().min(1).max(64).nullable(),
  /** The language the judgment is printed in at the judge's signature. */
  language: z.enum(LANGUAGES),
});

export const verifyJudgmentInputSchema = z.strictObject({ judgmentId: idSchema });

export const signatureVerdictViewSchema = z.object({
  index: z.number(),
  fieldName: z.string(),
  signerSubject: z.string().nullable(),
  signerCommonNames: z.array(z.string()),
  signingTime: z.string().nullable(),
  /** signingTime on the court's wall clock, read in main. */
  signingTimeCourt: z.string().nullable(),
  coversWholeFile: z.boolean(),
  bytesAfter: z.number(),
  chain: z.enum(['trusted', 'untrusted', 'noTrustAnchors']),
  integrity: z.boolean(),
  problems: z.array(z.string()),
  valid: z.boolean(),
});
export type SignatureVerdictView = z.infer<typeof signatureVerdictViewSchema>;

/** The built-in verifier on the judgment's newest signed file; `file` null when it is not on this desk. */
export const judgmentVerificationSchema = z.object({
  judgmentId: z.string(),
  fileSha256: z.string().nullable(),
  fileOnDesk: z.boolean(),
  signatures: z.array(signatureVerdictViewSchema),
  allValid: z.boolean(),
});
export type JudgmentVerification = z.infer<typeof judgmentVerificationSchema>;

export const signedJudgmentSchema = z.object({
  judgmentId: z.string(),
  signatureId: z.string(),
  version: z.number(),
  locked: z.boolean(),
  verification: judgmentVerificationSchema,
});
