// One case as the case file screen shows it: particulars, every party (removed ones too, marked),
// hearings in date order, the judgment once recorded, and the audit entries that concern the case
// (via audit_subjects), with every instant also read on the court's wall clock here, so no screen
// converts one itself.
import { SIGNATURE_STEPS, type SignatureStep } from '../../shared/schemas/judgment-signing';
import { courtWallClockText } from '../../shared/court-time-zone';
import type { ClosureReason, PartyKind, PartyRemovalReason, PartyRole } from '../../shared/enums';
import { notFound } from '../../shared/errors';
import type { AuditChange, AuditChangeView, CaseDetail } from '../../shared/schemas/views';
import type { Db } from '../db-schema';
import { hearingViewOf, registryRowOf } from './views';

export async function getCaseDetail(db: Db, courtId: string, query: { caseId: string }): Promise<CaseDetail> {
  const kase = await db.selectFrom('cases').selectAll().where('id', '=', query.caseId).executeTakeFirst();
  if (!kase || kase.court_id !== courtId) throw notFound('case', query.caseId);

  const parties = await db
    .selectFrom('case_parties as cp')
    .innerJoin('parties as p', 'p.id', 'cp.party_id')
    .select([
      'cp.id',
      'cp.party_id',
      'p.kind',
      'p.name_ar',
      'p.name_latin',
      'p.national_id',
      'p.address',
      'p.phone',
      'cp.role',
      'cp.lawyer_name',
      'cp.lawyer_bar_number',
      'cp.removed_at',
      'cp.removal_reason',
    ])
    .where('cp.case_id', '=', kase.id)
    .orderBy('cp.id')
    .execute();

  const hearings = await db
    .selectFrom('hearings')
    .selectAll()
    .where('case_id', '=', kase.id)
    .orderBy('date')
    .orderBy('time')
    .orderBy('id')
    .execute();

  const judgment = await db
    .selectFrom('judgments as j')
    .leftJoin('users as u', 'u.id', 'j.recorded_by')
    .select(['j.id', 'j.hearing_id', 'j.pronounced_on', 'j.operative_part', 'j.version', 'j.locked_at', 'u.display_name'])
    .where('j.case_id', '=', kase.id)
    .executeTakeFirst();
  const signatures = judgment
    ? await db
        .selectFrom('judgment_signatures as s')
        .leftJoin('users as u', 'u.id', 's.signer_id')
        .selectAll('s')
        .select('u.display_name')
        .where('s.judgment_id', '=', judgment.id)
        .execute()
    : [];
  // In the order they are made (their ids are derived from judgment and step, not from time).
  signatures.sort((a, b) => SIGNATURE_STEPS.indexOf(a.step as SignatureStep) - SIGNATURE_STEPS.indexOf(b.step as SignatureStep));

  const audit = await db
    .selectFrom('audit_subjects as s')
    .innerJoin('audit as a', 'a.seq', 's.seq')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.seq', 'a.hlc', 'a.wall_time', 'a.user_id', 'u.display_name', 'a.command', 'a.changes'])
    .where('s.case_id', '=', kase.id)
    .orderBy('a.seq')
    .execute();

  return {
    case: {
      ...registryRowOf(kase),
      courtId: kase.court_id,
      closedOn: kase.closed_on,
      closureReason: kase.closure_reason as ClosureReason | null,
      pronouncementDate: kase.pronouncement_date,
      createdAt: kase.created_at,
    },
    parties: parties.map((p) => ({
      id: p.id,
      partyId: p.party_id,
      kind: p.kind as PartyKind,
      nameAr: p.name_ar,
      nameLatin: p.name_latin,
      nationalId: p.national_id,
      address: p.address,
      phone: p.phone,
      role: p.role as PartyRole,
      lawyerName: p.lawyer_name,
      lawyerBarNumber: p.lawyer_bar_number,
      removedAt: p.removed_at,
      removalReason: p.removal_reason as PartyRemovalReason | null,
    })),
    hearings: hearings.map(hearingViewOf),
    judgment: judgment
      ? {
          id: judgment.id,
          hearingId: judgment.hearing_id,
          pronouncedOn: judgment.pronounced_on,
          operativePart: judgment.operative_part,
          recordedByDisplayName: judgment.display_name ?? null,
          version: judgment.version,
          lockedAt: judgment.locked_at,
          signatures: signatures.map((sig) => ({
            id: sig.id,
            step: sig.step as SignatureStep,
            signerId: sig.signer_id,
            signerDisplayName: sig.display_name ?? null,
            signerRole: sig.signer_role,
            certificateSubject: sig.certificate_subject,
            certificateIssuer: sig.certificate_issuer,
            certificateSerial: sig.certificate_serial,
            certificateSha256: sig.certificate_sha256,
            fileSha256: sig.file_sha256,
            fileSize: Number(sig.file_size),
            signedAt: sig.signed_at,
            signedAtCourtTime: courtWallClockText(new Date(sig.signed_at)),
          })),
        }
      : null,
    audit: audit.map((a) => ({
      seq: a.seq,
      hlc: a.hlc,
      wallTime: a.wall_time,
      courtTime: courtWallClockText(new Date(a.wall_time)),
      userId: a.user_id,
      userDisplayName: a.display_name ?? null,
      command: a.command,
      changes: (JSON.parse(a.changes) as AuditChange[]).map(withCourtTimes),
    })),
  };
}

/** Columns named `*_at` hold ISO-8601 instants (created_at, removed_at, granted_at: db-schema.ts). */
const INSTANT_FIELD = /_at$/;

/** The court wall-clock reading of each instant among a record's values, by field (the audit's changes, a sync conflict's choices). */
export function courtTimesOf(values: Record<string, unknown> | null): Record<string, string> {
  const times: Record<string, string> = {};
  for (const [field, value] of Object.entries(values ?? {})) {
    if (!INSTANT_FIELD.test(field) || typeof value !== 'string') continue;
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) times[field] = courtWallClockText(instant);
  }
  return times;
}

function withCourtTimes(change: AuditChange): AuditChangeView {
  return { ...change, courtTimes: { before: courtTimesOf(change.before), after: courtTimesOf(change.after) } };
}
