// The viewer's route as agreed between the documents, viewer and search helpers:
// `#/case/<caseId>/document/<documentId>/<page>` with an optional `?q=` query; anything else falls
// back like the other routes (a bad document part back to its case, a bad case to the registry).
import { describe, expect, it } from 'vitest';
import { hrefOf, parseHash } from '../../../src/renderer/app/routes';

const caseId = '0190a0b0-0000-7000-8000-000000000000';
const documentId = '0190a0b0-0000-7000-8000-0000000000d1';

describe('the document route', () => {
  it('round-trips with and without a query, the query encoded', () => {
    for (const route of [
      { name: 'document', caseId, documentId, page: 1 },
      { name: 'document', caseId, documentId, page: 12, query: 'محمد العلوي' },
      { name: 'document', caseId, documentId, page: 3, query: 'a/b ?&# c' },
    ] as const) {
      expect(parseHash(hrefOf(route))).toEqual(route);
    }
    expect(hrefOf({ name: 'document', caseId, documentId, page: 2, query: 'é' })).toBe(`#/case/${caseId}/document/${documentId}/2?q=%C3%A9`);
  });

  it('falls back on a bad id or page', () => {
    expect(parseHash(`#/case/${caseId}/document/not-an-id/1`)).toEqual({ name: 'case', caseId });
    expect(parseHash(`#/case/${caseId}/document/${documentId}/0`)).toEqual({ name: 'case', caseId });
    expect(parseHash(`#/case/${caseId}/document/${documentId}/-1`)).toEqual({ name: 'case', caseId });
    expect(parseHash(`#/case/${caseId}/document/${documentId}/1.5`)).toEqual({ name: 'case', caseId });
    expect(parseHash(`#/case/${caseId}/document/${documentId}`)).toEqual({ name: 'case', caseId });
    expect(parseHash(`#/case/nope/document/${documentId}/1`)).toEqual({ name: 'registry' });
    expect(parseHash(`#/case/${caseId}/document/${documentId}/1?q=`)).toEqual({ name: 'document', caseId, documentId, page: 1 });
  });
});
