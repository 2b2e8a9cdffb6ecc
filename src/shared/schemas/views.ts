// What reads return: the shapes the renderer shows. Derived types are used by domain queries
// and the UI alike, so a column renamed in one place fails to compile in the other.
import { z } from 'zod';
import { judgmentSignatureViewSchema } from './judgment-signing';
import {
  ADJOURNMENT_REASONS,
  CASE_STATUSES,
  CLOSURE_REASONS,
  HEARING_OUTCOMES,
  HEARING_STATUSES,
  LANGUAGES,
  PARTY_KINDS,
  PARTY_REMOVAL_REASONS,
  PARTY_ROLES,
  ROLES,
} from '../enums';
import { COURT_WALL_CLOCK_PATTERN } from '../court-time-zone';

export const userViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  active: z.boolean(),
  /** An admin reset the password: the user sets their own before doing anything else. */
  mustChangePassword: z.boolean(),
  version: z.number(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const courtViewSchema = z.object({ id: z.string(), code: z.string(), nameAr: z.string(), nameFr: z.string() });
export type CourtView = z.infer<typeof courtViewSchema>;

export const chamberViewSchema = z.object({
  id: z.string(),
  courtId: z.string(),
  code: z.string(),
  nameAr: z.string(),
  nameFr: z.string(),
});
export type ChamberView = z.infer<typeof chamberViewSchema>;

export const caseTypeViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  nameAr: z.string(),
  nameFr: z.string(),
  nameEn: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});
export type CaseTypeView = z.infer<typeof caseTypeViewSchema>;

export const holidayViewSchema = z.object({ date: z.string(), nameAr: z.string(), nameFr: z.string(), nameEn: z.string() });
export type HolidayView = z.infer<typeof holidayViewSchema>;

/** A kind of document filed in a case (reference data, migration 0018): the search screen's filter. */
export const documentTypeViewSchema = z.object({ id: z.string(), code: z.string(), nameAr: z.string(), nameFr: z.string(), nameEn: z.string() });
export type DocumentTypeView = z.infer<typeof documentTypeViewSchema>;

export const referenceDataSchema = z.object({
  court: courtViewSchema,
  chambers: z.array(chamberViewSchema),
  caseTypes: z.array(caseTypeViewSchema),
  holidays: z.array(holidayViewSchema),
  /** The document types in use (active), by code. */
  documentTypes: z.array(documentTypeViewSchema),
});
export type ReferenceData = z.infer<typeof referenceDataSchema>;

export const registryRowSchema = z.object({
  id: z.string(),
  number: z.string(),
  provisional: z.boolean(),
  year: z.number(),
  caseTypeId: z.string(),
  typeCode: z.string(),
  chamberId: z.string(),
  status: z.enum(CASE_STATUSES),
  subject: z.string(),
  filedOn: z.string(),
  /** e.g. ["محمد بناني", "شركة الأطلس"] — first plaintiff-side and first defendant-side names, each whole. */
  partiesSummary: z.array(z.string()),
  nextHearingDate: z.string().nullable(),
  version: z.number(),
});
export type RegistryRow = z.infer<typeof registryRowSchema>;

export const registryPageSchema = z.object({ total: z.number(), rows: z.array(registryRowSchema) });
export type RegistryPage = z.infer<typeof registryPageSchema>;

/**
 * What a quick-find row was found by, shown beside it: a party's name or CIN, a party's name by
 * its sound in the other script or another spelling (ranked after), a lawyer, the subject.
 */
export const QUICK_FIND_MATCHES = ['number', 'party', 'similarName', 'lawyer', 'subject'] as const;
export const quickFindResultSchema = z.object({
  rows: z.array(
    registryRowSchema.extend({
      matchedBy: z.enum(QUICK_FIND_MATCHES),
      /** The name or subject that matched, in its original spelling (null for a number). */
      matchedText: z.string().nullable(),
    }),
  ),
});
export type QuickFindResult = z.infer<typeof quickFindResultSchema>;

export const casePartyViewSchema = z.object({
  id: z.string(),
  partyId: z.string(),
  kind: z.enum(PARTY_KINDS),
  nameAr: z.string().nullable(),
  nameLatin: z.string().nullable(),
  nationalId: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(PARTY_ROLES),
  lawyerName: z.string().nullable(),
  lawyerBarNumber: z.string().nullable(),
  removedAt: z.string().nullable(),
  removalReason: z.enum(PARTY_REMOVAL_REASONS).nullable(),
});
export type CasePartyView = z.infer<typeof casePartyViewSchema>;

export const hearingViewSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  chamberId: z.string(),
  date: z.string(),
  time: z.string(),
  room: z.string().nullable(),
  status: z.enum(HEARING_STATUSES),
  adjournmentReason: z.enum(ADJOURNMENT_REASONS).nullable(),
  adjournmentNote: z.string().nullable(),
  nextHearingId: z.string().nullable(),
  outcome: z.enum(HEARING_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  version: z.number(),
});
export type HearingView = z.infer<typeof hearingViewSchema>;

export const auditChangeSchema = z.object({
  entity: z.string(),
  id: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditChange = z.infer<typeof auditChangeSchema>;

/**
 * A reading of the court's wall clock, `YYYY-MM-DD HH:MM` in Africa/Casablanca, computed in main on
 * Node's zone data. The renderer only reformats it: a browser's own zone data may disagree.
 */
export const courtWallClockSchema = z.string().regex(COURT_WALL_CLOCK_PATTERN);

/** An audit change as shown: the stored change, plus the court's reading of each instant in it. */
export const auditChangeViewSchema = auditChangeSchema.extend({
  /** Per field of `before` / `after` that holds an instant (e.g. `removed_at`): its court wall clock. */
  courtTimes: z.object({ before: z.record(z.string(), courtWallClockSchema), after: z.record(z.string(), courtWallClockSchema) }),
});
export type AuditChangeView = z.infer<typeof auditChangeViewSchema>;

export const auditEntryViewSchema = z.object({
  seq: z.number(),
  hlc: z.string(),
  /** The stored instant (ISO-8601 UTC), as hashed into the chain. */
  wallTime: z.string(),
  /** wallTime on the court's wall clock: what the clerk reads. */
  courtTime: courtWallClockSchema,
  userId: z.string().nullable(),
  userDisplayName: z.string().nullable(),
  command: z.string(),
  changes: z.array(auditChangeViewSchema),
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export const judgmentViewSchema = z.object({
  id: z.string(),
  hearingId: z.string().nullable(),
  pronouncedOn: z.string(),
  operativePart: z.string(),
  recordedByDisplayName: z.string().nullable(),
  version: z.number(),
  /** Set by the last required signature: the judgment can no longer be edited. */
  lockedAt: z.string().nullable(),
  /** Its signatures in the order they were made (judge, then clerk). */
  signatures: z.array(judgmentSignatureViewSchema),
});
export type JudgmentView = z.infer<typeof judgmentViewSchema>;

export const caseDetailSchema = z.object({
  case: registryRowSchema.extend({
    courtId: z.string(),
    closedOn: z.string().nullable(),
    closureReason: z.enum(CLOSURE_REASONS).nullable(),
    /** While reserved for judgment: the day it is to be pronounced. */
    pronouncementDate: z.string().nullable(),
    createdAt: z.string(),
  }),
  parties: z.array(casePartyViewSchema),
  hearings: z.array(hearingViewSchema),
  judgment: judgmentViewSchema.nullable(),
  audit: z.array(auditEntryViewSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** A party as the roll calls it out: its name in both scripts and its role on the case. */
export const rollPartySchema = z.object({ role: z.enum(PARTY_ROLES), nameAr: z.string().nullable(), nameLatin: z.string().nullable() });
export type RollParty = z.infer<typeof rollPartySchema>;

export const hearingRollEntrySchema = hearingViewSchema.extend({
  caseNumber: z.string(),
  caseSubject: z.string(),
  caseStatus: z.enum(CASE_STATUSES),
  partiesSummary: z.array(z.string()),
  /** Every active party of the case, in the order they were put on it. */
  parties: z.array(rollPartySchema),
  /** For an adjourned hearing: the date and time it was put off to. */
  nextDate: z.string().nullable(),
  nextTime: z.string().nullable(),
  caseVersion: z.number(),
});
export type HearingRollEntry = z.infer<typeof hearingRollEntrySchema>;

/** A case reserved for judgment whose judgment is to be pronounced on the roll's day. */
export const pronouncementEntrySchema = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  caseSubject: z.string(),
  chamberId: z.string(),
  parties: z.array(rollPartySchema),
  caseVersion: z.number(),
});
export type PronouncementEntry = z.infer<typeof pronouncementEntrySchema>;

export const hearingRollSchema = z.object({ entries: z.array(hearingRollEntrySchema), pronouncements: z.array(pronouncementEntrySchema) });
export type HearingRoll = z.infer<typeof hearingRollSchema>;

/** Software tokens (SoftHSM and the like) sign in development; a production build refuses them unless MAHKAMA_ALLOW_SOFT_TOKEN says otherwise. */
export const SOFT_TOKEN_RULES = ['allowed', 'refused', 'allowedByOverride'] as const;
export type SoftTokenRule = (typeof SOFT_TOKEN_RULES)[number];

export const appStatusSchema = z.object({
  setUp: z.boolean(),
  locked: z.boolean(),
  user: userViewSchema.nullable(),
  language: z.enum(LANGUAGES),
  deviceId: z.string(),
  court: courtViewSchema.nullable(),
  appVersion: z.string(),
  /**
   * The court's calendar date (Africa/Casablanca) by main's clock, which is the clock the rules
   * use: the renderer takes "today" from here, since a browser's own time-zone data may disagree.
   */
  courtToday: z.string(),
  /**
   * Whether `print.paper` can reach a printer (the desktop app's system print dialog). The browser
   * shell says false: there the clerk prints the PDF from the browser's own viewer.
   */
  canPrintOnPaper: z.boolean(),
  /**
   * The signing policy of this build (§6): whether software tokens may sign, and whether the
   * PKCS#11 module configured here is one this build will refuse (the UI says so from the start).
   */
  signing: z.object({ softwareTokens: z.enum(SOFT_TOKEN_RULES), configuredModuleRefused: z.boolean() }),
  /** Set when the database could not be opened; the UI shows it instead of the app. */
  startupError: z.object({ code: z.string(), i18nKey: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).nullable(),
});
export type AppStatus = z.infer<typeof appStatusSchema>;
