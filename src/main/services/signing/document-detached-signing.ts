// A document of a case signed on the card with a detached CAdES signature (the viewer's "Sign this
// document (detached signature)"), recorded as a court act (ARCHITECTURE §6, "Detached signatures of
// any file"). In this order, so nothing is half done: the card signs the document's stored file (the
// CMS in memory, then written whole into the desk's store under its SHA-256); the domain command
// recordDocumentSignature records it (audited, in the outbox, synced; the .p7s then travels as a
// blob like the document's file); only then is the .p7s delivered where the clerk asked. A refused
// record takes back the .p7s it stored and delivers nothing; a delivery that fails after the record
// leaves the signature recorded, listed in the viewer and saved again from there.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { runCommand, type Actor, type CommandEnv, type Db } from '../../../domain';
import { courtWallClockText } from '../../../shared/court-time-zone';
import { AppError, forbidden, notFound, toAppError } from '../../../shared/errors';
import type { DetachedLevel, DocumentSignatureCheck, DocumentSignaturesView } from '../../../shared/schemas/document-signatures';
import { DOCUMENT_SIGNERS, type SignDocumentDetachedInput } from '../../../shared/schemas/signing';
import { summarizeCertificate } from '../../../signatures/cert-info';
import { verifyDetached } from '../../../signatures/cades-verify';
import { addSignatureTimestamp } from '../../../signatures/timestamp-client';
import { readTrustAnchorsDir } from '../../../signatures/trust-anchors';
import type { WorkstationConfig } from '../config';
import type { DocumentFileStore } from '../documents/file-store';
import { writeWhole } from '../write-whole';
import { signFileDetachedCms } from './cades-sign';
import type { CardChoice } from './judgment-signing';
import { storedFileHere } from './judgment-verification';
import type { Signer } from './token-signer';

export interface DocumentDetachedSigningDeps {
  db: Db;
  config: Pick<WorkstationConfig, 'pkcs11Module' | 'tsaUrl' | 'trustAnchorsDir'>;
  store: DocumentFileStore;
  openCardSigner(choice: CardChoice): Promise<Signer>;
  /** Brings a file of a synced record from the court's server when it is not here (no server: nothing happens). */
  fetchFile(sha256: string): Promise<void>;
}

export interface DocumentToSign {
  documentId: string;
  file: string;
  /** The .p7s's suggested name: the document's file name with `.p7s` added. */
  signatureName: string;
}

export interface RecordedDocumentSignature {
  /** The signed file's SHA-256 (as hashed for the signature) and the .p7s's size. */
  sha256: string;
  bytes: number;
  level: DetachedLevel;
  signatureId: string;
  signatureSha256: string;
  /** The .p7s in the store: what is delivered. */
  cms: Buffer;
}

const mayMakeOne = (actor: Actor) => actor.roles.some((r) => DOCUMENT_SIGNERS.includes(r));

/**
 * Everything that can be refused before the clerk is asked where to save and before the card is
 * touched: the role, the document (of this court), its file on this desk, a PKCS#11 module.
 */
export async function documentToSign(deps: DocumentDetachedSigningDeps, actor: Actor, courtId: string, documentId: string): Promise<DocumentToSign> {
  if (!mayMakeOne(actor)) throw forbidden('signDocumentDetached');
  const doc = await deps.db.selectFrom('documents').select(['court_id', 'sha256', 'file_name']).where('id', '=', documentId).executeTakeFirst();
  if (!doc || doc.court_id !== courtId) throw notFound('document', documentId);
  const file = deps.store.pathOf(doc.sha256);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', 'errors.documents.signFileNotHere');
  if (!deps.config.pkcs11Module) throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.moduleNotConfigured');
  return { documentId, file, signatureName: `${doc.file_name}.p7s` };
}

/**
 * Signs the document's file on the card and records the signature, the .p7s kept in the store. The
 * file's SHA-256 recorded is the one hashed for the signature, so a stored file that no longer
 * matches its name is refused by the command (documentSignatureOverOtherFile), nothing kept.
 */
export async function signAndRecord(
  deps: DocumentDetachedSigningDeps,
  found: DocumentToSign,
  card: Pick<SignDocumentDetachedInput, 'token' | 'keyId' | 'pin'>,
  actor: Actor,
  env: CommandEnv,
): Promise<RecordedDocumentSignature> {
  const signer = await deps.openCardSigner({ token: card.token, keyId: card.keyId, pin: card.pin });
  const tsaUrl = deps.config.tsaUrl;
  const level: DetachedLevel = tsaUrl ? 'B-T' : 'B-B';
  // Whole seconds, as the CMS's signing-time carries it: the record says exactly what the .p7s says.
  const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
  const signed = await signFileDetachedCms(found.file, signer, { signingTime, ...(tsaUrl ? { completeCms: (cms: Buffer) => addSignatureTimestamp(cms, tsaUrl) } : {}) });
  const summary = summarizeCertificate(signer.certificate);
  const { stored, recorded } = await deps.store.putBytesRecorded(signed.cms, (p7s) =>
    runCommand(deps.db, env, actor, 'recordDocumentSignature', {
      documentId: found.documentId,
      documentSha256: signed.sha256,
      signature: { sha256: p7s.sha256, size: p7s.size },
      certificate: {
        subject: summary.subject,
        issuer: summary.issuer,
        serialNumber: summary.serialNumber,
        sha256: createHash('sha256').update(signer.certificate).digest('hex'),
      },
      level,
      signedAt: signed.signingTime.toISOString(),
    }),
  );
  return { sha256: signed.sha256, bytes: stored.size, level, signatureId: recorded.signatureId, signatureSha256: stored.sha256, cms: signed.cms };
}

/**
 * The recorded signature delivered to `destination` (written whole). A failure here is said as
 * such: the signature stands recorded and can be saved again from the viewer.
 */
export async function deliverRecorded(recorded: RecordedDocumentSignature, destination: string, fileName: string): Promise<void> {
  try {
    await writeWhole(destination, recorded.cms);
  } catch (err) {
    throw new AppError('INTERNAL', 'errors.documents.signatureRecordedNotDelivered', { params: { fileName }, cause: err });
  }
}

/** What a record says of its signature, to be checked against what the .p7s itself carries. */
interface RecordedClaims {
  document_sha256: string;
  signature_sha256: string;
  certificate_subject: string;
  signed_at: string;
  level: string;
}

async function checkOne(deps: DocumentDetachedSigningDeps, r: RecordedClaims, anchors: Buffer[], digests: Map<string, Promise<Buffer>>): Promise<DocumentSignatureCheck> {
  const documentFile = await storedFileHere(deps, r.document_sha256);
  const signatureFile = await storedFileHere(deps, r.signature_sha256);
  if (!documentFile || !signatureFile) return { outcome: 'notHere' };
  try {
    const v = await verifyDetached(documentFile, signatureFile, anchors, { digests });
    // The list shows the record's signer, time and level: a record pushed with claims of its own
    // (another signer's name, another date) beside a sound .p7s must not read as valid.
    const recordAgrees =
      v.signer?.subject === r.certificate_subject && v.signingTime !== null && Date.parse(v.signingTime) === Date.parse(r.signed_at) && v.level === r.level;
    return { outcome: 'checked', valid: v.valid && recordAgrees, recordAgrees, chain: v.chain, digestMatches: v.digestMatches, signatureValid: v.signatureValid, problems: v.problems };
  } catch (err) {
    return { outcome: 'unreadable', problem: toAppError(err).toData() };
  }
}

/** The document's recorded detached signatures, oldest first, each checked against the document's file. */
export async function documentSignatures(deps: DocumentDetachedSigningDeps, courtId: string, documentId: string): Promise<DocumentSignaturesView> {
  const doc = await deps.db.selectFrom('documents').select(['court_id']).where('id', '=', documentId).executeTakeFirst();
  if (!doc || doc.court_id !== courtId) throw notFound('document', documentId);
  const rows = await deps.db
    .selectFrom('document_signatures as s')
    .leftJoin('users as u', 'u.id', 's.signer_id')
    .selectAll('s')
    .select('u.display_name')
    .where('s.document_id', '=', documentId)
    .orderBy('s.signed_at')
    .orderBy('s.id')
    .execute();
  const anchors = readTrustAnchorsDir(deps.config.trustAnchorsDir);
  // The file is hashed anew (a copy edited on disk must read as not matching), once per listing
  // for all its signatures.
  const digestsByFile = new Map<string, Map<string, Promise<Buffer>>>();
  const digestsOf = (sha256: string) => {
    let d = digestsByFile.get(sha256);
    if (!d) {
      d = new Map();
      digestsByFile.set(sha256, d);
    }
    return d;
  };
  const signatures = [];
  for (const r of rows) {
    signatures.push({
      id: r.id,
      documentId: r.document_id,
      documentSha256: r.document_sha256,
      signatureSha256: r.signature_sha256,
      signatureSize: r.signature_size,
      signerId: r.signer_id,
      signerDisplayName: r.display_name ?? null,
      signerRole: r.signer_role,
      certificateSubject: r.certificate_subject,
      certificateIssuer: r.certificate_issuer,
      level: r.level as DetachedLevel,
      signedAt: r.signed_at,
      signedAtCourtTime: courtWallClockText(new Date(r.signed_at)),
      check: await checkOne(deps, r, anchors, digestsOf(r.document_sha256)),
    });
  }
  return { documentId, signatures };
}

export interface SignatureToSave {
  /** The .p7s's bytes, as the court recorded them. */
  bytes: Buffer;
  fileName: string;
}

/** A recorded .p7s to save again (of this court; fetched from the court's server when not here). */
export async function signatureToSave(deps: DocumentDetachedSigningDeps, courtId: string, signatureId: string): Promise<SignatureToSave> {
  const row = await deps.db
    .selectFrom('document_signatures as s')
    .innerJoin('documents as d', 'd.id', 's.document_id')
    .select(['s.court_id', 's.signature_sha256', 'd.file_name'])
    .where('s.id', '=', signatureId)
    .executeTakeFirst();
  if (!row || row.court_id !== courtId) throw notFound('document_signature', signatureId);
  const file = await storedFileHere(deps, row.signature_sha256);
  if (!file) throw new AppError('NOT_FOUND', 'errors.documents.signatureFileNotHere');
  const bytes = await fs.promises.readFile(file);
  // A copy edited or damaged in the store is not handed out as the court's signature.
  if (createHash('sha256').update(bytes).digest('hex') !== row.signature_sha256) throw new AppError('BLOB_HASH_MISMATCH', 'errors.documents.signatureFileDamaged');
  return { bytes, fileName: `${row.file_name}.p7s` };
}
