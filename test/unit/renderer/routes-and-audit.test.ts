// Screens are hash routes that survive a reload; the audit timeline shows the fields a clerk
// cares about, as before → after, and hides the technical ones.
import { describe, expect, it } from 'vitest';
import { hrefOf, parseHash } from '../../../src/renderer/app/routes';
import { diffFields, valueKind } from '../../../src/renderer/screens/case-detail/audit-format';

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
