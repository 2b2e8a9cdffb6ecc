// What a signature of a judgment is, as the command records it and the screens show it
// (ARCHITECTURE §6): the required steps in order — the judge signs, then a clerk (or chief clerk)
// countersigns the same file — and which roles may sign at each step. Pure data, shared by the
// domain's rule and the renderer's buttons, so the two never disagree.
import { z } from 'zod';
import type { Role } from '../enums';
import { idSchema, versionSchema } from './common';
import { SHA256_PATTERN } from './documents';

/** The signatures a judgment needs, in the order they are made; the last one locks it. */
export const SIGNATURE_STEPS = ['judge', 'clerk'] as const;
export type SignatureStep = (typeof SIGNATURE_STEPS)[number];

/** Who may sign at each step (any one of the roles). */
export const SIGNATURE_STEP_ROLES: Readonly<Record<SignatureStep, readonly Role[]>> = {
  judge: ['judge'],
  clerk: ['clerk', 'chief_clerk'],
};

/**
 * The judgment's keepers, who extend its signed file for long-term validation: the clerks (and the
 * president, who may all a chief clerk may). The role matrix grants them recordSignatureExtension;
 * a unit test holds the two together, and the renderer shows the button by this list.
 */
export const JUDGMENT_KEEPERS: readonly Role[] = ['clerk', 'chief_clerk', 'president'];

export const sha256Schema = z.string().regex(SHA256_PATTERN);
/** A certificate's text fields: printable, bounded (a distinguished name rarely passes 300 characters). */
const certificateText = z
  .string()
  .min(1)
  .max(1024)
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), { params: { i18nKey: 'errors.field.invisibleCharacters' } });

/** The signer's certificate as a signature's record keeps it (a judgment's, a document's detached one). */
export const signerCertificateArgsSchema = z.strictObject({
  subject: certificateText,
  issuer: certificateText,
  serialNumber: z.string().regex(/^[0-9a-f]{1,64}$/),
  sha256: sha256Schema,
});

export const signJudgmentArgsSchema = z.strictObject({
  judgmentId: idSchema,
  baseVersion: versionSchema,
  step: z.enum(SIGNATURE_STEPS),
  /** The signed file: SHA-256 of the whole file and its size. */
  file: z.strictObject({ sha256: sha256Schema, size: z.number().int().min(1).max(2 ** 40) }),
  /** SHA-256 of the file the signature was appended to (the printed judgment, or the judge's signed file). */
  signedOverSha256: sha256Schema,
  certificate: signerCertificateArgsSchema,
  /** The signing time written in the signature (/M). */
  signedAt: z.iso.datetime({ offset: false }),
});
export type SignJudgmentArgs = z.infer<typeof signJudgmentArgsSchema>;

export const judgmentSignatureViewSchema = z.object({
  id: z.string(),
  step: z.enum(SIGNATURE_STEPS),
  signerId: z.string(),
  signerDisplayName: z.string().nullable(),
  signerRole: z.string(),
  certificateSubject: z.string(),
  certificateIssuer: z.string(),
  certificateSerial: z.string(),
  certificateSha256: z.string(),
  fileSha256: z.string(),
  fileSize: z.number(),
  signedAt: z.string(),
  /** signedAt on the court's wall clock (YYYY-MM-DD HH:MM), read in main. */
  signedAtCourtTime: z.string(),
});
export type JudgmentSignatureView = z.infer<typeof judgmentSignatureViewSchema>;

/**
 * PAdES baseline levels, lowest first (ETSI EN 319 142-1): B-B a signature; B-T with a trusted
 * time; B-LT with the validation data (certificates, OCSP, CRLs) in the file; B-LTA with a
 * document timestamp over all of it.
 */
export const BASELINE_LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
export type BaselineLevel = (typeof BASELINE_LEVELS)[number];
/** What extending a signed file adds: the validation data alone, or with a document timestamp. */
export const EXTENSION_LEVELS = ['B-LT', 'B-LTA'] as const satisfies readonly BaselineLevel[];
export type ExtensionLevel = (typeof EXTENSION_LEVELS)[number];

/** Orders levels (and "none", -1), so that "below" is one comparison. */
export function levelRank(level: BaselineLevel | null): number {
  return level === null ? -1 : BASELINE_LEVELS.indexOf(level);
}

/**
 * A judgment's newest signed file extended for long-term validation (recordSignatureExtension):
 * the new file is the old one with one revision appended, so it is longer; `fromSha256` names the
 * file it was appended to, which must be the judgment's newest.
 */
export const recordSignatureExtensionArgsSchema = z.strictObject({
  judgmentId: idSchema,
  fromSha256: sha256Schema,
  file: z.strictObject({ sha256: sha256Schema, size: z.number().int().min(1).max(2 ** 40) }),
  level: z.enum(EXTENSION_LEVELS),
  /** When the extension was made (the document timestamp's /M with a TSA). */
  extendedAt: z.iso.datetime({ offset: false }),
});
export type RecordSignatureExtensionArgs = z.infer<typeof recordSignatureExtensionArgsSchema>;

/** The step a judgment waits for, given the signatures it has (null: every one is made). */
export function nextSignatureStep(signed: readonly SignatureStep[]): SignatureStep | null {
  return SIGNATURE_STEPS.find((s) => !signed.includes(s)) ?? null;
}
