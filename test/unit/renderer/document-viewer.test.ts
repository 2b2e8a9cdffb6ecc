// The viewer's route (the shared agreement with search: #/case/<id>/document/<id>/<page>?q=…) and
// which word boxes of a page are search hits (the same words the text pane marks).
import { describe, expect, it } from 'vitest';
import { hrefOf, parseHash, type Route } from '../../../src/renderer/app/routes';
import { hitsOf } from '../../../src/shared/highlight';
import { hitBoxes, queryTokens } from '../../../src/shared/word-box-hits';
import { parsePageImagePath, pageImageUrl } from '../../../src/shared/page-image-address';
import type { WordBox } from '../../../src/shared/schemas/documents';
import { isLowConfidence, LOW_CONFIDENCE_THRESHOLD } from '../../../src/shared/schemas/document-viewer';

const caseId = '0190a0b0-0000-7000-8000-000000000000';
const documentId = '0190a0b0-0000-7000-8000-00000000d0c1';

describe('the document route', () => {
  it('round-trips with and without a query, the query encoded', () => {
    const routes: Route[] = [
      { name: 'document', caseId, documentId, page: 1 },
      { name: 'document', caseId, documentId, page: 12, query: 'محمد العلوي' },
      { name: 'document', caseId, documentId, page: 2, query: 'a&b=c ?#/x' },
    ];
    for (const route of routes) expect(parseHash(hrefOf(route))).toEqual(route);
    expect(hrefOf({ name: 'document', caseId, documentId, page: 3, query: 'bail commercial' })).toBe(`#/case/${caseId}/document/${documentId}/3?q=bail%20commercial`);
  });

  it('falls back to the case for a bad document id or page, and to the registry for a bad case id', () => {
    for (const page of ['0', '-1', 'x', '1.5', '', '123456']) expect(parseHash(`#/case/${caseId}/document/${documentId}/${page}`)).toEqual({ name: 'case', caseId });
    expect(parseHash(`#/case/${caseId}/document/not-an-id/1`)).toEqual({ name: 'case', caseId });
    expect(parseHash(`#/case/xyz/document/${documentId}/1`)).toEqual({ name: 'registry' });
    // An empty query is no query; a case route keeps ignoring what follows `?`.
    expect(parseHash(`#/case/${caseId}/document/${documentId}/1?q=`)).toEqual({ name: 'document', caseId, documentId, page: 1 });
    expect(parseHash(`#/case/${caseId}?q=x`)).toEqual({ name: 'case', caseId });
  });
});

describe('page image addresses', () => {
  it('name one page of one document, 1-based, and nothing else', () => {
    expect(pageImageUrl('http', documentId, 2)).toBe(`/page-image/${documentId}/2`);
    expect(pageImageUrl('electron', documentId, 2)).toBe(`mahkama-page://page/${documentId}/2`);
    expect(parsePageImagePath(`/${documentId}/2`)).toEqual({ documentId, pageIndex: 1 });
    for (const bad of [`/${documentId}/0`, `/${documentId}/01`, `/${documentId}`, `/${documentId}/1/`, '/../1', `/${documentId.toUpperCase()}/1`, `/${documentId}/1?x`]) {
      expect(parsePageImagePath(bad), bad).toBeNull();
    }
  });
});

describe('search hits on the page image', () => {
  const box = (text: string, i: number): WordBox => ({ text, confidence: 90, box: [i * 10, 0, i * 10 + 8, 10] });

  it('marks the words the text pane marks: normalized (tashkeel, alef forms, case, accents), per word, by prefix', () => {
    const words = ['الْمَحْكَمَة', 'الابتدائية', 'بالرباط', 'Requête', 'introductive', 'REQUETE', 'إنذار'].map(box);
    expect(hitBoxes(words, queryTokens('المحكمة'))).toEqual([0]);
    expect(hitBoxes(words, queryTokens('requete intro'))).toEqual([3, 4, 5]);
    expect(hitBoxes(words, queryTokens('انذار'))).toEqual([6]);
    expect(hitBoxes(words, queryTokens(''))).toEqual([]);
    expect(hitBoxes(words, queryTokens('…'))).toEqual([]);
    expect(hitBoxes(words, queryTokens(undefined))).toEqual([]);
    // The same words the text pane highlights.
    const text = words.map((w) => w.text).join(' ');
    expect(hitsOf(text, queryTokens('requete intro')).map(([s, e]) => text.slice(s, e))).toEqual(['Requête', 'introductive', 'REQUETE']);
  });
});

describe('pages flagged for review', () => {
  it('flags a page read with a mean confidence under the threshold, never one not read yet', () => {
    expect(LOW_CONFIDENCE_THRESHOLD).toBe(70);
    expect(isLowConfidence(69)).toBe(true);
    expect(isLowConfidence(0)).toBe(true);
    expect(isLowConfidence(70)).toBe(false);
    expect(isLowConfidence(100)).toBe(false);
    expect(isLowConfidence(null)).toBe(false);
  });
});
