// A court day's signed register as the desk shows it (the hearings-of-day screen): closed, by whom
// and up to which entry of the chain, or not yet. Read from daily_registers (migration 0022); the
// kept signature is checked again over the kept register each time it is shown, and the signer's
// names are read from its certificate (the stored subject is for reading, not for parsing).
import { verifyDetachedSignature, type Db } from '../../../domain';
import type { DayRegisterView } from '../../../shared/schemas/signing';
import { summarizeCertificate } from '../../../signatures/cert-info';

export async function dayRegisterOf(db: Db, courtId: string, courtDate: string): Promise<DayRegisterView> {
  const row = await db
    .selectFrom('daily_registers')
    .select(['head_seq', 'entry_count', 'signer_subject', 'signed_at', 'register_json', 'signature'])
    .where('court_id', '=', courtId)
    .where('court_date', '=', courtDate)
    .executeTakeFirst();
  if (!row) return { courtDate, closed: false, headSeq: null, entryCount: null, signerSubject: null, signerNames: [], signatureValid: null, signedAt: null };
  const reading = verifyDetachedSignature(Buffer.from(row.register_json, 'utf8'), row.signature);
  return {
    courtDate,
    closed: true,
    headSeq: row.head_seq,
    entryCount: row.entry_count,
    signerSubject: row.signer_subject,
    signerNames: reading.ok ? summarizeCertificate(reading.signerCertificate).commonNames : [],
    signatureValid: reading.ok,
    signedAt: row.signed_at,
  };
}
