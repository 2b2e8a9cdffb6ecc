// Closed vocabularies of the court. Codes are English identifiers stored in the database and
// sent over sync; people see them only through the catalogues (`enums.<name>.<code>`).
export const ROLES = ['clerk', 'judge', 'chief_clerk', 'president', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const CASE_STATUSES = ['registered', 'in_hearing', 'deliberation', 'judged', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const PARTY_KINDS = ['person', 'organisation'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const PARTY_ROLES = ['plaintiff', 'defendant', 'appellant', 'respondent', 'intervener', 'civil_party', 'accused', 'victim'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const HEARING_STATUSES = ['scheduled', 'adjourned', 'held', 'cancelled'] as const;
export type HearingStatus = (typeof HEARING_STATUSES)[number];

export const ADJOURNMENT_REASONS = [
  'party_absent',
  'lawyer_request',
  'summons_not_served',
  'expert_report_pending',
  'documents_pending',
  'court_composition',
  'settlement_talks',
  'other',
] as const;
export type AdjournmentReason = (typeof ADJOURNMENT_REASONS)[number];

export const HEARING_OUTCOMES = ['debates_held', 'reserved_for_judgment', 'judgment_delivered'] as const;
export type HearingOutcome = (typeof HEARING_OUTCOMES)[number];

export const CLOSURE_REASONS = ['judgment_final', 'withdrawn', 'struck_out', 'settled', 'transferred'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const PARTY_REMOVAL_REASONS = ['entered_in_error', 'withdrew', 'deceased', 'replaced', 'court_order'] as const;
export type PartyRemovalReason = (typeof PARTY_REMOVAL_REASONS)[number];

export const LANGUAGES = ['ar', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'ar';
export function directionOf(lang: Language): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}
