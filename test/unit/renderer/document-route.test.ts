// The viewer's route as agreed between search (which links to it) and the viewer: a case id, a
// document id and a 1-based page in the hash, the query after `?q=`; anything else falls back to
// the registry like every other bad hash, and hrefOf builds what parseHash reads.
import { describe, expect, it } from 'vitest';
import { hrefOf, parseHash } from '../../../src/renderer/app/routes';

const CASE = '01900000-0000-7000-8000-000000000001';
const DOC = '01900000-0000-7000-8000-000000000002';

describe('the document route', () => {
  it('round-trips case, document, page and a query in any script', () => {
    for (const query of [undefined, 'واجبات الكراء', 'loyer & charges ?=#/', '100%']) {
      const route = { name: 'document' as const, caseId: CASE, documentId: DOC, page: 12, ...(query ? { query } : {}) };
      const href = hrefOf(route);
      expect(parseHash(href)).toEqual(route);
    }
    expect(hrefOf({ name: 'document', caseId: CASE, documentId: DOC, page: 2, query: 'a b' })).toBe(`#/case/${CASE}/document/${DOC}/2?q=a%20b`);
  });

  it('falls back on a bad id, a page that is not a positive whole number, or extra parts', () => {
    for (const hash of [
      `#/case/${CASE}/document/not-an-id/1`,
      `#/case/${CASE}/document/${DOC}/0`,
      `#/case/${CASE}/document/${DOC}/-1`,
      `#/case/${CASE}/document/${DOC}/1.5`,
      `#/case/${CASE}/document/${DOC}`,
      `#/case/${CASE}/document/${DOC}/1/x`,
      `#/case/${CASE}/page/${DOC}/1`,
    ])
      expect(parseHash(hash)).toEqual({ name: 'registry' });
    expect(parseHash(`#/case/${CASE}`)).toEqual({ name: 'case', caseId: CASE });
    expect(parseHash('#/search')).toEqual({ name: 'search' });
    expect(hrefOf({ name: 'search' })).toBe('#/search');
  });
});
