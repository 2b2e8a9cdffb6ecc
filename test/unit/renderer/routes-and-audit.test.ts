// Screens are hash routes that survive a reload; the audit timeline shows the fields a clerk
// cares about, as before → after, and hides the technical ones.
import { describe, expect, it } from 'vitest';
import { hrefOf, parseHash } from '../../../src/renderer/app/routes';
import { SCHEMA_COLUMNS } from '../../../src/domain/db-schema';
import { DERIVED_FIELDS } from '../../../src/domain/merge';
import { tableOfEntity } from '../../../src/domain/rows';
import { LABELLED_FIELDS, diffFields, fieldLabelKey, valueKind } from '../../../src/renderer/components/record-fields';

describe('hash routes of the workspace', () => {
  const id = '0190a0b0-0000-7000-8000-000000000000';

  it('round-trips every screen through the hash', () => {
    for (const route of [{ name: 'registry' }, { name: 'register' }, { name: 'hearings' }, { name: 'settings' }, { name: 'case', caseId: id }] as const) {
      expect(parseHash(hrefOf(route))).toEqual(route);
    }
  });

  it('falls back to the registry for an unknown hash or a case id that is not an id', () => {
    expect(parseHash('')).toEqual({ name: 'registry' });
    expect(parseHash('#/nowhere')).toEqual({ name: 'registry' });
    expect(parseHash('#/case/../../etc')).toEqual({ name: 'registry' });
  });
});

describe('audit changes as a clerk reads them', () => {
  it('shows an adjournment as status and reason changing, without version or ids', () => {
    const diffs = diffFields(
      'hearing',
      { status: 'scheduled', adjournment_reason: null, version: 1, next_hearing_id: null },
      { status: 'adjourned', adjournment_reason: 'party_absent', version: 2, next_hearing_id: 'abc' },
    );
    expect(diffs).toEqual([
      { field: 'status', before: 'scheduled', after: 'adjourned' },
      { field: 'adjournment_reason', before: null, after: 'party_absent' },
    ]);
  });

  it('shows a creation as the filled fields only', () => {
    const diffs = diffFields('party', null, { id: 'p', kind: 'person', name_ar: 'محمد', name_latin: null, national_id: 'AB123456', search_text: 'x' });
    expect(diffs).toEqual([
      { field: 'kind', before: undefined, after: 'person' },
      { field: 'name_ar', before: undefined, after: 'محمد' },
      { field: 'national_id', before: undefined, after: 'AB123456' },
    ]);
  });

  it('shows nothing for records that are only technical (number blocks)', () => {
    expect(diffFields('number_block', null, { id: 'b', first_serial: 1 })).toEqual([]);
  });

  it('labels a status by the vocabulary of its record', () => {
    expect(valueKind('hearing', 'status')).toEqual({ enum: 'hearingStatus' });
    expect(valueKind('case', 'status')).toEqual({ enum: 'caseStatus' });
    expect(valueKind('case', 'filed_on')).toBe('date');
    expect(valueKind('party', 'national_id')).toBe('ltr');
  });
});

describe('the fields of a sync conflict as a clerk reads them', () => {
  // The records a pushed edit names by its base version (the commands with baseVersions).
  const CONFLICTING_ENTITIES = ['case', 'hearing', 'judgment', 'document', 'page_correction'];
  // Columns no command with a base version lets a person change: identity, scope, the file's
  // identity, numbering, and the stamps of creation.
  const NOT_EDITED = new Set([
    'id', 'court_id', 'case_id', 'document_id', 'hearing_id', 'next_hearing_id', 'case_type_id', 'document_type_id', 'type_code', 'year', 'serial',
    'provisional', 'provisional_number', 'page_index', 'file_name', 'sha256', 'size', 'mime', 'page_count', 'created_at', 'created_by',
    'recorded_at', 'recorded_by',
  ]);

  it('has a label of its own for every column a person edits on those records', () => {
    const unlabelled = CONFLICTING_ENTITIES.flatMap((entity) => {
      const table = tableOfEntity(entity);
      expect(table, entity).toBeDefined();
      return Object.keys(SCHEMA_COLUMNS[table as keyof typeof SCHEMA_COLUMNS])
        .filter((c) => !DERIVED_FIELDS.has(c) && !NOT_EDITED.has(c) && !LABELLED_FIELDS.has(c))
        .map((c) => `${entity}.${c}`);
    });
    expect(unlabelled).toEqual([]);
  });

  it('reads a field it does not know as another detail, never as its column name', () => {
    expect(fieldLabelKey('subject')).toBe('ui.audit.field.subject');
    expect(fieldLabelKey('page_ocr_languages')).toBe('ui.audit.field.page_ocr_languages');
    expect(fieldLabelKey('some_new_column')).toBe('ui.audit.field.other');
  });

  it('reads stamps as instants and people, OCR choices by their language', () => {
    expect(valueKind('page_correction', 'corrected_at')).toBe('instant');
    expect(valueKind('page_correction', 'corrected_by')).toBe('person');
    expect(valueKind('judgment', 'locked_at')).toBe('instant');
    expect(valueKind('document', 'ocr_language')).toBe('ocrLanguage');
    expect(valueKind('document', 'page_ocr_languages')).toBe('pageOcrLanguages');
    expect(valueKind('document', 'document_date')).toBe('date');
  });
});
