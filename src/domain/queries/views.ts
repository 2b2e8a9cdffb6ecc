// Row → view mappers shared by the reads: database rows (snake_case, 0/1) become the view shapes
// of src/shared/schemas/views.ts. Pure functions; no query lives here.
import type { Selectable } from 'kysely';
import type {
  AdjournmentReason,
  CaseStatus,
  HearingOutcome,
  HearingStatus,
  Role,
} from '../../shared/enums';
import type { HearingView, RegistryRow, UserView } from '../../shared/schemas/views';
import { decodePartiesSummary } from '../../shared/parties-summary';
import type { CasesTable, HearingsTable, UsersTable } from '../db-schema';

export type RegistryColumns = Pick<
  Selectable<CasesTable>,
  | 'id'
  | 'number'
  | 'provisional'
  | 'year'
  | 'case_type_id'
  | 'type_code'
  | 'chamber_id'
  | 'status'
  | 'subject'
  | 'filed_on'
  | 'parties_summary'
  | 'next_hearing_date'
  | 'version'
>;

/** The columns a registry row needs, for `.select(REGISTRY_COLUMNS)`. */
export const REGISTRY_COLUMNS = [
  'id',
  'number',
  'provisional',
  'year',
  'case_type_id',
  'type_code',
  'chamber_id',
  'status',
  'subject',
  'filed_on',
  'parties_summary',
  'next_hearing_date',
  'version',
] as const satisfies readonly (keyof RegistryColumns)[];

export function registryRowOf(c: RegistryColumns): RegistryRow {
  return {
    id: c.id,
    number: c.number,
    provisional: c.provisional === 1,
    year: c.year,
    caseTypeId: c.case_type_id,
    typeCode: c.type_code,
    chamberId: c.chamber_id,
    status: c.status as CaseStatus,
    subject: c.subject,
    filedOn: c.filed_on,
    partiesSummary: decodePartiesSummary(c.parties_summary),
    nextHearingDate: c.next_hearing_date,
    version: c.version,
  };
}

export function hearingViewOf(h: Selectable<HearingsTable>): HearingView {
  return {
    id: h.id,
    caseId: h.case_id,
    chamberId: h.chamber_id,
    date: h.date,
    time: h.time,
    room: h.room,
    status: h.status as HearingStatus,
    adjournmentReason: h.adjournment_reason as AdjournmentReason | null,
    adjournmentNote: h.adjournment_note,
    nextHearingId: h.next_hearing_id,
    outcome: h.outcome as HearingOutcome | null,
    outcomeNote: h.outcome_note,
    version: h.version,
  };
}

/** The user columns a view needs; never the password hash. */
export const USER_COLUMNS = ['id', 'username', 'display_name', 'roles', 'active', 'must_change_password', 'version'] as const;

export function userViewOf(u: Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]>): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    roles: JSON.parse(u.roles) as Role[],
    active: u.active === 1,
    mustChangePassword: u.must_change_password === 1,
    version: u.version,
  };
}
