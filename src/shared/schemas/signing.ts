// The signing screens' side of the IPC contract (ARCHITECTURE §6): the tokens present, the
// certificates a token offers to sign with, a judgment signed on a card, and the built-in
// verifier's verdict on a judgment's file. The PIN crosses once, in signJudgment's input, and is
// never part of any answer, event or log.
import { z } from 'zod';
import { LANGUAGES, type Role } from '../enums';
import { appErrorSchema } from '../errors';
import { tokenInfoSchema, tokenRefSchema } from '../signing/token-protocol';
import { idSchema, isoDateSchema, versionSchema } from './common';
import { DETACHED_LEVELS } from './document-signatures';
import { BASELINE_LEVELS, EXTENSION_LEVELS, sha256Schema, SIGNATURE_STEPS } from './judgment-signing';

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

/**
 * The card a signature is made with: which token, which key, and the PIN — null when the token
 * needs no login or its reader has a pinpad. Used once, never kept.
 */
const cardChoice = {
  token: tokenRefSchema,
  keyId: z.string().regex(/^(?:[0-9a-f]{2}){1,64}$/),
  pin: z.string().min(1).max(64).nullable(),
};

export const signJudgmentInputSchema = z.strictObject({
  judgmentId: idSchema,
  baseVersion: versionSchema,
  step: z.enum(SIGNATURE_STEPS),
  ...cardChoice,
  /** The language the judgment is printed in at the judge's signature. */
  language: z.enum(LANGUAGES),
});

export const verifyJudgmentInputSchema = z.strictObject({ judgmentId: idSchema });

/** Closing a court day (§6, the signed daily register): today by the court's clock unless a past day is named. */
export const closeCourtDayInputSchema = z.strictObject({ courtDate: isoDateSchema.optional(), ...cardChoice });

export const dayRegisterInputSchema = z.strictObject({ courtDate: isoDateSchema });

/** A court day's register as the desk holds it: closed (by whom, up to which entry) or not yet. */
export const dayRegisterViewSchema = z.object({
  courtDate: isoDateSchema,
  closed: z.boolean(),
  headSeq: z.number().int().nullable(),
  entryCount: z.number().int().nullable(),
  signerSubject: z.string().nullable(),
  /** The signer certificate's common names (Arabic and Latin on a Moroccan card), read from the signature. */
  signerNames: z.array(z.string()),
  /** Whether the kept signature still verifies over the kept register (false: altered since). */
  signatureValid: z.boolean().nullable(),
  /**
   * Whether the signer is one the court trusts (its certificate chained to the admin's trust
   * anchors and valid when it signed): a valid signature alone proves only that some key signed.
   * Null when there is no valid signature to ask about.
   */
  signerTrust: z.enum(['trusted', 'untrusted', 'notValidWhenSigned', 'noTrustAnchors']).nullable(),
  signedAt: z.string().nullable(),
});
export type DayRegisterView = z.infer<typeof dayRegisterViewSchema>;

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
  /** The three parts of integrity: the byte range sound, the CMS message digest matching the signed bytes, the CMS signature right for the signer's key. */
  byteRangeSound: z.boolean(),
  digestMatches: z.boolean(),
  signatureValid: z.boolean(),
  signerIssuer: z.string().nullable(),
  problems: z.array(z.string()),
  valid: z.boolean(),
  /** The PAdES baseline level the verifier finds for this signature. */
  level: z.enum(BASELINE_LEVELS),
  /** Its trusted time (B-T and up: its signature timestamp's, else the first document timestamp's over it) on the court's wall clock; null at B-B. */
  timestampCourt: z.string().nullable(),
  /**
   * What the file's DSS (B-LT and up) says of each certificate of the signer's chain: good, revoked
   * (and when), unknown to its responder, or nothing kept ('none'); empty when the chain was not
   * built to an anchor.
   */
  revocation: z.array(
    z.object({
      subject: z.string(),
      status: z.enum(['good', 'revoked', 'unknown', 'none']),
      source: z.enum(['ocsp', 'crl']).nullable(),
      revokedAt: z.string().nullable(),
    }),
  ),
});
export type SignatureVerdictView = z.infer<typeof signatureVerdictViewSchema>;

/** A document timestamp of the file (each extension to B-LTA adds one over everything before it). */
export const documentTimestampViewSchema = z.object({
  index: z.number(),
  /** The time the timestamp authority certified, ISO 8601, and on the court's wall clock. */
  time: z.string().nullable(),
  timeCourt: z.string().nullable(),
  tsaSubject: z.string().nullable(),
  tsaCommonNames: z.array(z.string()),
  coversWholeFile: z.boolean(),
  problems: z.array(z.string()),
  valid: z.boolean(),
});
export type DocumentTimestampView = z.infer<typeof documentTimestampViewSchema>;

/** The judgment's extensions for long-term validation on this desk, and whether one is due. */
export const judgmentExtensionViewSchema = z.object({
  /** Extensions of the judgment's file, made on any desk or by the court's server (the archive chain's length). */
  count: z.number().int(),
  /** The last one; `byServer` when the court's server made it (it names no user). */
  last: z.object({ level: z.enum(EXTENSION_LEVELS), extendedAt: z.string(), extendedAtCourt: z.string(), byServer: z.boolean() }).nullable(),
  /** What an extension here reaches: B-LTA with a timestamp authority, B-LT without; null without trust anchors. */
  reachable: z.enum(EXTENSION_LEVELS).nullable(),
  /** Locked, its file here and valid, and below what an extension here reaches: the button is offered. */
  due: z.boolean(),
});
export type JudgmentExtensionView = z.infer<typeof judgmentExtensionViewSchema>;

/** The built-in verifier on the judgment's newest signed file; `file` null when it is not on this desk. */
export const judgmentVerificationSchema = z.object({
  judgmentId: z.string(),
  fileSha256: z.string().nullable(),
  fileOnDesk: z.boolean(),
  /** The signers' signatures, in the order they were made. */
  signatures: z.array(signatureVerdictViewSchema),
  documentTimestamps: z.array(documentTimestampViewSchema),
  /** The file's level: its lowest signature's (null without a signature checked). */
  level: z.enum(BASELINE_LEVELS).nullable(),
  /** Every signature and document timestamp valid. */
  allValid: z.boolean(),
  /** The desk's copy ends before a revision it holds is complete (pdf-verify's `truncated`): never valid. */
  truncated: z.boolean(),
  extension: judgmentExtensionViewSchema,
});
export type JudgmentVerification = z.infer<typeof judgmentVerificationSchema>;

export const extendJudgmentInputSchema = z.strictObject({ judgmentId: idSchema });

/** A judgment's newest file extended (and recorded): the level reached and the new file's verdict. */
export const extendedJudgmentSchema = z.object({
  judgmentId: z.string(),
  level: z.enum(EXTENSION_LEVELS),
  fileSha256: z.string(),
  verification: judgmentVerificationSchema,
});
export type ExtendedJudgment = z.infer<typeof extendedJudgmentSchema>;

export const signedJudgmentSchema = z.object({
  judgmentId: z.string(),
  signatureId: z.string(),
  version: z.number(),
  locked: z.boolean(),
  verification: judgmentVerificationSchema,
});

export const verifyDocumentInputSchema = z.strictObject({ documentId: idSchema });

/** The verifier's findings on one file, whatever record it belongs to (a document of a case, a judgment's signed file). */
export const fileVerificationSchema = z.object({
  fileName: z.string(),
  fileSha256: z.string(),
  size: z.number().int(),
  /** When this check ran (ISO 8601), and on the court's wall clock. */
  checkedAt: z.string(),
  checkedAtCourt: z.string(),
  /** The subjects of the admin's trust anchors (MAHKAMA_TRUST_ANCHORS) the chains were checked against; empty when none is configured. */
  trustAnchors: z.array(z.string()),
  signatures: z.array(signatureVerdictViewSchema),
  documentTimestamps: z.array(documentTimestampViewSchema),
  level: z.enum(BASELINE_LEVELS).nullable(),
  /** At least one signature, and every signature and document timestamp valid. */
  allValid: z.boolean(),
  /**
   * The file does not end with a whole revision, or holds a signature after the last whole one:
   * it was cut (in transit, on a full disk). Never all valid, and never to be read as "not signed".
   */
  truncated: z.boolean(),
});
export type FileVerification = z.infer<typeof fileVerificationSchema>;

/**
 * documents.verifySignatures: `notPdf` for a scan or image (nothing to verify), `fileNotHere`
 * while the document's file is not on this desk, `unreadable` for a PDF the verifier cannot read
 * (its reason as an i18n key), else `checked` — with no signatures when the PDF is not signed.
 */
export const documentVerificationSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('notPdf'), documentId: z.string() }),
  z.object({ outcome: z.literal('fileNotHere'), documentId: z.string() }),
  z.object({ outcome: z.literal('unreadable'), documentId: z.string(), problem: appErrorSchema }),
  z.object({ outcome: z.literal('checked'), documentId: z.string(), verification: fileVerificationSchema }),
]);
export type DocumentVerification = z.infer<typeof documentVerificationSchema>;

export const VERIFICATION_REPORT_FORMATS = ['pdf', 'json'] as const;

/** A verification report of a document's file or of a judgment's newest signed file, in the language asked. */
export const exportVerificationReportInputSchema = z.strictObject({
  of: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('document'), documentId: idSchema }), z.strictObject({ kind: z.literal('judgment'), judgmentId: idSchema })]),
  format: z.enum(VERIFICATION_REPORT_FORMATS),
  language: z.enum(LANGUAGES),
});
export type ExportVerificationReportInput = z.infer<typeof exportVerificationReportInputSchema>;

/** Where the report went: as a searchable PDF export does (saved by the dialog, cancelled, or a download in the browser shell). */
export const verificationReportExportSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('saved'), fileName: z.string(), bytes: z.number().int().min(1), allValid: z.boolean() }),
  z.object({ outcome: z.literal('cancelled') }),
  z.object({ outcome: z.literal('download'), url: z.string().regex(/^\/download\/[0-9a-f-]{36}$/), fileName: z.string(), bytes: z.number().int().min(1), allValid: z.boolean() }),
]);
export type VerificationReportExport = z.infer<typeof verificationReportExportSchema>;

/**
 * Who may sign a document of a case with a detached signature (a scanned expert report, an image, a
 * PDF left as it is): those who sign on a card at the court — the judge, the clerks and the chief
 * clerk (and the president, who may all a chief clerk may). Not an administrator.
 */
export const DOCUMENT_SIGNERS: readonly Role[] = ['judge', 'clerk', 'chief_clerk', 'president'];

export const signDocumentDetachedInputSchema = z.strictObject({ documentId: idSchema, ...cardChoice });
export type SignDocumentDetachedInput = z.infer<typeof signDocumentDetachedInputSchema>;

/**
 * Where the .p7s went (as an export does), with the signed file's SHA-256, the level made (B-T with
 * the workstation's TSA) and the record the court keeps of it (recordDocumentSignature: its id and
 * the .p7s's SHA-256 in the store). Cancelled at the save dialog: nothing was signed or recorded.
 */
const detachedSigned = {
  fileName: z.string(),
  bytes: z.number().int().min(1),
  sha256: sha256Schema,
  level: z.enum(DETACHED_LEVELS),
  signatureId: z.string(),
  signatureSha256: sha256Schema,
};
export const detachedSignatureExportSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('saved'), ...detachedSigned }),
  z.object({ outcome: z.literal('cancelled') }),
  z.object({ outcome: z.literal('download'), url: z.string().regex(/^\/download\/[0-9a-f-]{36}$/), ...detachedSigned }),
]);
export type DetachedSignatureExport = z.infer<typeof detachedSignatureExportSchema>;
