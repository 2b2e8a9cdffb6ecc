// A document's detached signature as the court records it (ARCHITECTURE §6, "Detached signatures of
// any file"): the command's arguments — which file of which document it covers, the .p7s kept in
// the store by its SHA-256, the signer's certificate, the level and the signing time — and what the
// viewer shows of each recorded signature. Pure data, shared by the domain, main and the renderer.
import { z } from 'zod';
import { appErrorSchema } from '../errors';
import { idSchema } from './common';
import { sha256Schema, signerCertificateArgsSchema } from './judgment-signing';

/** A detached signature is made B-B, or B-T with the workstation's timestamp authority. */
export const DETACHED_LEVELS = ['B-B', 'B-T'] as const;
export type DetachedLevel = (typeof DETACHED_LEVELS)[number];

/** A .p7s larger than this is no detached signature (the verifier's MAX_DETACHED_SIGNATURE_BYTES). */
export const MAX_DETACHED_SIGNATURE_SIZE = 1 << 20;

export const recordDocumentSignatureArgsSchema = z.strictObject({
  documentId: idSchema,
  /** The document's file the signature covers: must be the document's file. */
  documentSha256: sha256Schema,
  /** The .p7s (DER CMS), kept in the store under its SHA-256 and travelling as a blob. */
  signature: z.strictObject({ sha256: sha256Schema, size: z.number().int().min(1).max(MAX_DETACHED_SIGNATURE_SIZE) }),
  certificate: signerCertificateArgsSchema,
  level: z.enum(DETACHED_LEVELS),
  /** The signing-time signed attribute of the CMS: a date of this court's era, not year 0 or 9999. */
  signedAt: z.iso
    .datetime({ offset: false })
    .refine((s) => s >= '2000-01-01T00:00:00' && s < '2200-01-01T00:00:00', { params: { i18nKey: 'errors.field.badDate' } }),
});
export type RecordDocumentSignatureArgs = z.infer<typeof recordDocumentSignatureArgsSchema>;

export const documentSignaturesInputSchema = z.strictObject({ documentId: idSchema });
export const saveDocumentSignatureInputSchema = z.strictObject({ signatureId: idSchema });

/**
 * The verifier's reading of a recorded .p7s over the document's file, made when the list is asked
 * for: `checked` (the verdict, against the admin's trust anchors), or `notHere` when the document's
 * file or the .p7s is on neither this desk nor a reachable server.
 */
export const documentSignatureCheckSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('checked'),
    valid: z.boolean(),
    /** The record's signer, signing time and level are those the .p7s carries (never valid otherwise). */
    recordAgrees: z.boolean(),
    chain: z.enum(['trusted', 'untrusted', 'noTrustAnchors']),
    digestMatches: z.boolean(),
    signatureValid: z.boolean(),
    problems: z.array(z.string()),
  }),
  z.object({ outcome: z.literal('notHere') }),
  z.object({ outcome: z.literal('unreadable'), problem: appErrorSchema }),
]);
export type DocumentSignatureCheck = z.infer<typeof documentSignatureCheckSchema>;

export const documentSignatureViewSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  documentSha256: z.string(),
  signatureSha256: z.string(),
  signatureSize: z.number().int(),
  signerId: z.string(),
  signerDisplayName: z.string().nullable(),
  /** The role the signer signed in (enums.role.*). */
  signerRole: z.string(),
  certificateSubject: z.string(),
  certificateIssuer: z.string(),
  level: z.enum(DETACHED_LEVELS),
  signedAt: z.string(),
  /** signedAt on the court's wall clock (YYYY-MM-DD HH:MM), read in main. */
  signedAtCourtTime: z.string(),
  check: documentSignatureCheckSchema,
});
export type DocumentSignatureView = z.infer<typeof documentSignatureViewSchema>;

export const documentSignaturesViewSchema = z.object({ documentId: z.string(), signatures: z.array(documentSignatureViewSchema) });
export type DocumentSignaturesView = z.infer<typeof documentSignaturesViewSchema>;

/** A recorded .p7s saved again: as an export is (saved by the dialog, cancelled, or a download in the browser shell). */
export const savedDocumentSignatureSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('saved'), fileName: z.string(), bytes: z.number().int().min(1) }),
  z.object({ outcome: z.literal('cancelled') }),
  z.object({ outcome: z.literal('download'), url: z.string().regex(/^\/download\/[0-9a-f-]{36}$/), fileName: z.string(), bytes: z.number().int().min(1) }),
]);
export type SavedDocumentSignature = z.infer<typeof savedDocumentSignatureSchema>;
