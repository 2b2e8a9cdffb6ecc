// How an audit change reads for a clerk: which fields are worth showing, their labels, and how a
// stored value (enum code, id, date) becomes words. Technical columns (ids, versions, search
// text) are left out: the hash chain, not this screen, is the proof.
import { COMMAND_NAMES } from '../../shared/schemas/commands';
import type { EnumGroup } from './use-enum-label';

/** Fields shown per entity, in reading order; anything else is technical. */
export const SHOWN_FIELDS: Record<string, readonly string[]> = {
  case: ['number', 'subject', 'status', 'chamber_id', 'case_type_id', 'filed_on', 'pronouncement_date', 'closed_on', 'closure_reason', 'closure_note'],
  party: ['kind', 'name_ar', 'name_latin', 'national_id', 'address', 'phone'],
  case_party: ['role', 'lawyer_name', 'lawyer_bar_number', 'removed_at', 'removal_reason'],
  hearing: ['date', 'time', 'room', 'chamber_id', 'status', 'adjournment_reason', 'adjournment_note', 'outcome', 'outcome_note'],
  judgment: ['pronounced_on', 'operative_part'],
  user: ['username', 'display_name', 'roles', 'active'],
  court: ['code', 'name_ar', 'name_fr'],
  chamber: ['code', 'name_ar', 'name_fr'],
  signature_extension: ['level'],
  document_signature: ['level', 'signed_at'],
};

export const KNOWN_ENTITIES = [
  'case',
  'party',
  'case_party',
  'hearing',
  'judgment',
  'judgment_signature',
  'signature_extension',
  'document',
  'document_signature',
  'page_correction',
  'document_type',
  'daily_register',
  'user',
  'court',
  'chamber',
  'case_type',
  'number_block',
  'provisional_counter',
  'setting',
] as const;
/** Every command has a label in the catalogues (ui.audit.command.<name>). */
export const KNOWN_COMMANDS: readonly string[] = COMMAND_NAMES;

export type ValueKind =
  | { enum: EnumGroup }
  | 'date'
  | 'instant'
  | 'ltr'
  | 'chamber'
  | 'caseType'
  | 'roles'
  | 'flag'
  | 'person'
  | 'language'
  | 'ocrLanguage'
  | 'pageOcrLanguages'
  | 'text';

/**
 * The fields a pushed edit can be in conflict on (the sync screen's rows), per entity, beyond
 * those the audit shows: what the commands that carry a base version write (merge.ts leaves out
 * the derived ones). A field not listed reads as "another detail", never as its column's name.
 */
export const CONFLICT_ONLY_FIELDS: Record<string, readonly string[]> = {
  document: ['title', 'document_date', 'language', 'ocr_language', 'page_ocr_languages'],
  page_correction: ['text', 'corrected_at', 'corrected_by'],
  judgment: ['locked_at'],
};

/** Every field with a label of its own (ui.audit.field.<field>). */
export const LABELLED_FIELDS: ReadonlySet<string> = new Set([...Object.values(SHOWN_FIELDS), ...Object.values(CONFLICT_ONLY_FIELDS)].flat());

/** The catalogue key of a field's label. */
export function fieldLabelKey(field: string): string {
  return LABELLED_FIELDS.has(field) ? `ui.audit.field.${field}` : 'ui.audit.field.other';
}

export function valueKind(entity: string, field: string): ValueKind {
  if (field === 'status') return { enum: entity === 'hearing' ? 'hearingStatus' : 'caseStatus' };
  if (field === 'kind') return { enum: 'partyKind' };
  if (field === 'role') return { enum: 'partyRole' };
  if (field === 'closure_reason') return { enum: 'closureReason' };
  if (field === 'adjournment_reason') return { enum: 'adjournmentReason' };
  if (field === 'removal_reason') return { enum: 'partyRemovalReason' };
  if (field === 'outcome') return { enum: 'hearingOutcome' };
  if (field === 'chamber_id') return 'chamber';
  if (field === 'case_type_id') return 'caseType';
  if (field === 'roles') return 'roles';
  if (field === 'active') return 'flag';
  if (field === 'language') return 'language';
  if (field === 'ocr_language') return 'ocrLanguage';
  if (field === 'page_ocr_languages') return 'pageOcrLanguages';
  // Columns named `*_at` hold instants and `*_by` a user's id (db-schema.ts).
  if (field.endsWith('_at')) return 'instant';
  if (field.endsWith('_by')) return 'person';
  if (['date', 'filed_on', 'closed_on', 'pronouncement_date', 'pronounced_on', 'document_date'].includes(field)) return 'date';
  if (['time', 'number', 'national_id', 'lawyer_bar_number', 'code', 'username', 'phone', 'level'].includes(field)) return 'ltr';
  return 'text';
}

export interface FieldDiff {
  field: string;
  before: unknown;
  after: unknown;
}

/** The shown fields whose value differs between before and after (all of `after` for a creation). */
export function diffFields(entity: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldDiff[] {
  const shown = SHOWN_FIELDS[entity] ?? [];
  return shown
    .filter((f) => (before && f in before) || (after && f in after))
    .map((field) => ({ field, before: before ? (before[field] ?? null) : undefined, after: after ? (after[field] ?? null) : undefined }))
    .filter((d) => before === null || JSON.stringify(d.before) !== JSON.stringify(d.after))
    .filter((d) => !(before === null && (d.after === null || d.after === '')));
}
