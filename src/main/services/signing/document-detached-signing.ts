// A document of a case signed on the card with a detached CAdES signature (the viewer's "Sign this
// document (detached signature)"): the document's stored file, as it is, gets a .p7s that goes out
// the way exports do (save dialog, or a download in the browser shell). The same signer as the
// CLI's `sign-detached` (cades-sign.ts) on the card the judgment dialog chose. Nothing is recorded:
// the file is unchanged and the .p7s leaves the desk; the act is not audited (ARCHITECTURE §6).
import fs from 'node:fs';
import type { Actor, Db } from '../../../domain';
import { forbidden, notFound, AppError } from '../../../shared/errors';
import { DOCUMENT_SIGNERS, type SignDocumentDetachedInput } from '../../../shared/schemas/signing';
import { addSignatureTimestamp } from '../../../signatures/timestamp-client';
import type { WorkstationConfig } from '../config';
import type { DocumentFileStore } from '../documents/file-store';
import { signFileDetached } from './cades-sign';
import type { CardChoice } from './judgment-signing';
import type { Signer } from './token-signer';

export interface DocumentDetachedSigningDeps {
  db: Db;
  config: Pick<WorkstationConfig, 'pkcs11Module' | 'tsaUrl'>;
  store: DocumentFileStore;
  openCardSigner(choice: CardChoice): Promise<Signer>;
}

export interface DocumentToSign {
  file: string;
  /** The .p7s's suggested name: the document's file name with `.p7s` added. */
  signatureName: string;
}

/**
 * Everything that can be refused before the clerk is asked where to save and before the card is
 * touched: the role, the document (of this court), its file on this desk, a PKCS#11 module.
 */
export async function documentToSign(deps: DocumentDetachedSigningDeps, actor: Actor, courtId: string, documentId: string): Promise<DocumentToSign> {
  if (!actor.roles.some((r) => DOCUMENT_SIGNERS.includes(r))) throw forbidden('signDocumentDetached');
  const doc = await deps.db.selectFrom('documents').select(['court_id', 'sha256', 'file_name']).where('id', '=', documentId).executeTakeFirst();
  if (!doc || doc.court_id !== courtId) throw notFound('document', documentId);
  const file = deps.store.pathOf(doc.sha256);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', 'errors.documents.signFileNotHere');
  if (!deps.config.pkcs11Module) throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.moduleNotConfigured');
  return { file, signatureName: `${doc.file_name}.p7s` };
}

/** Signs the document's file on the card into `destination` (temporary name, renamed; nothing left on failure). */
export async function signDocumentTo(deps: DocumentDetachedSigningDeps, found: DocumentToSign, card: Pick<SignDocumentDetachedInput, 'token' | 'keyId' | 'pin'>, destination: string) {
  const signer = await deps.openCardSigner({ token: card.token, keyId: card.keyId, pin: card.pin });
  const tsaUrl = deps.config.tsaUrl;
  const signed = await signFileDetached(found.file, destination, signer, tsaUrl ? { completeCms: (cms) => addSignatureTimestamp(cms, tsaUrl) } : {});
  return { bytes: signed.cms.length, sha256: signed.sha256, level: tsaUrl ? ('B-T' as const) : ('B-B' as const) };
}
