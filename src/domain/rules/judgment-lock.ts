// When a judgment may still be edited or signed (ARCHITECTURE §6): its text is fixed from the
// judge's signature on (what was signed must stay what the record says), and once the last
// required signature is made the judgment is locked: a new version is a new document.
import { ruleViolation } from '../../shared/errors';
import { nextSignatureStep, SIGNATURE_STEP_ROLES, type SignatureStep } from '../../shared/schemas/judgment-signing';
import type { Role } from '../../shared/enums';

export interface JudgmentSigningState {
  lockedAt: string | null;
  signedSteps: readonly SignatureStep[];
}

/** An edit of the judgment's text: refused once locked, and refused as soon as the judge signed. */
export function assertJudgmentEditable(state: JudgmentSigningState, caseNumber: string): void {
  if (state.lockedAt !== null) throw ruleViolation('judgmentLocked', { number: caseNumber });
  if (state.signedSteps.length > 0) throw ruleViolation('judgmentBeingSigned', { number: caseNumber });
}

/**
 * A signature at `step` by someone holding `roles`: the step must be the one the judgment waits
 * for, and the signer must hold one of its roles. Returns the role they sign in.
 */
export function signatureRoleFor(state: JudgmentSigningState, step: SignatureStep, roles: readonly Role[], caseNumber: string): Role {
  if (state.lockedAt !== null) throw ruleViolation('judgmentLocked', { number: caseNumber });
  if (state.signedSteps.includes(step)) throw ruleViolation('judgmentStepAlreadySigned', { number: caseNumber }, ['step']);
  const next = nextSignatureStep(state.signedSteps);
  if (next !== step) throw ruleViolation('judgmentSignatureOutOfOrder', { number: caseNumber }, ['step']);
  const role = SIGNATURE_STEP_ROLES[step].find((r) => roles.includes(r));
  if (!role) throw ruleViolation('judgmentSignatureNotYourStep', { number: caseNumber }, ['step']);
  return role;
}
