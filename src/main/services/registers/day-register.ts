// A court day's signed register as the desk shows it (the hearings-of-day screen): closed, by whom
// and up to which entry of the chain, or not yet. Read from daily_registers (migration 0022); the
// kept signature is checked again over the kept register each time it is shown, the signer's
// names are read from its certificate (the stored subject is for reading, not for parsing), and
// the signer is checked against the admin's trust anchors (MAHKAMA_TRUST_ANCHORS) as `audit-verify`
// does: a register signed with a key of someone's own verifies, but is not trusted.
import { verifyDetachedSignature, type Db } from '../../../domain';
import type { DayRegisterView } from '../../../shared/schemas/signing';
import { summarizeCertificate } from '../../../signatures/cert-info';
import { signerTrustedBy } from '../../../signatures/cms-verify';

export async function dayRegisterOf(db: Db, courtId: string, courtDate: string, trustAnchors: readonly Buffer[]): Promise<DayRegisterView> {
  const row = await db
    .selectFrom('daily_registers')
    .select(['head_seq', 'entry_count', 'signer_subject', 'signed_at', 'register_json', 'signature'])
    .where('court_id', '=', courtId)
    .where('court_date', '=', courtDate)
    .executeTakeFirst();
  if (!row) return { courtDate, closed: false, headSeq: null, entryCount: null, signerSubject: null, signerNames: [], signatureValid: null, signerTrust: null, signedAt: null };
  const reading = verifyDetachedSignature(Buffer.from(row.register_json, 'utf8'), row.signature);
  let signerTrust: DayRegisterView['signerTrust'] = null;
  if (reading.ok) {
    if (trustAnchors.length === 0) signerTrust = 'noTrustAnchors';
    else {
      const trusted = signerTrustedBy(trustAnchors)({ certificate: reading.signerCertificate, certificates: reading.certificates, signedAt: new Date(row.signed_at) });
      signerTrust = trusted.ok ? 'trusted' : trusted.reason === 'notValidWhenSigned' ? 'notValidWhenSigned' : 'untrusted';
    }
  }
  return {
    courtDate,
    closed: true,
    headSeq: row.head_seq,
    entryCount: row.entry_count,
    signerSubject: row.signer_subject,
    signerNames: reading.ok ? summarizeCertificate(reading.signerCertificate).commonNames : [],
    signatureValid: reading.ok,
    signerTrust,
    signedAt: row.signed_at,
  };
}
