// A document's detached signature (recordDocumentSignature): its record's id, derived from the .p7s,
// and the role its signer signed in. Pure, shared by the command and main's signing service.
import type { Role } from '../../shared/enums';
import { forbidden } from '../../shared/errors';
import { DOCUMENT_SIGNERS } from '../../shared/schemas/signing';
import { nameBasedId } from '../name-based-id';

/** One record per .p7s wherever it is recorded: the desk's and the server's re-run make the same row. */
export function documentSignatureId(signatureSha256: string): string {
  return nameBasedId(`document-signature:${signatureSha256}`);
}

/** The most senior of DOCUMENT_SIGNERS the signer holds: what the viewer names them as. */
const SENIORITY: readonly Role[] = ['president', 'judge', 'chief_clerk', 'clerk'];

export function documentSignerRole(roles: readonly Role[]): Role {
  const role = SENIORITY.find((r) => roles.includes(r) && DOCUMENT_SIGNERS.includes(r));
  // The role matrix lets the command run only for a signer; said again here should the two part.
  if (!role) throw forbidden('recordDocumentSignature');
  return role;
}
