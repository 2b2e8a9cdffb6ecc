// Search over case particulars and party names (issue 9, item 4) on a real desk store: ranked
// results (a party's name over a lawyer's over the subject, whole words over beginnings, letters over
// sound), snippets of the text as written with the hits marked, filters by case and filing date.
// SQLite only: the candidates come from the desk's FTS5 indexes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCases } from '../../../src/domain';
import { searchResultSchema, type SearchCasesQuery } from '../../../src/shared/schemas/search';
import { openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';

let court: TestCourt;
const ids: Record<string, string> = {};

const search = async (text: string, more: Partial<SearchCasesQuery> = {}) =>
  searchResultSchema.parse(await searchCases(court.db, court.courtId, { text, limit: 20, ...more })).rows;
const marked = (s: { text: string; hits: [number, number][] }) => s.hits.map(([a, b]) => s.text.slice(a, b));

beforeAll(async () => {
  court = await openTestCourt();
  const file = async (filedOn: string, subject: string, plaintiff: { nameAr?: string; nameLatin?: string }, lawyerName?: string) =>
    (
      await registerSampleCase(court, {
        filedOn,
        subject,
        parties: [
          { party: { newParty: { kind: 'person', ...plaintiff } }, role: 'plaintiff', ...(lawyerName ? { lawyerName } : {}) },
          { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس' } }, role: 'defendant' },
        ],
      })
    ).caseId;
  ids.party = await file('2026-01-02', 'أداء مبلغ دين', { nameAr: 'مُحَمَّد بنّاني' });
  ids.lawyer = await file('2026-01-03', 'إفراغ محل تجاري', { nameAr: 'خديجة التازي' }, 'ذ. محمد بناني');
  ids.subject = await file('2026-01-04', 'تعويض عن ضرر لحق محمد بنانيس', { nameAr: 'يوسف العمراني' });
  ids.sound = await file('2026-01-05', 'أداء كراء', { nameLatin: 'Mohamed BENNANI' });
});
afterAll(async () => {
  await court.close();
});

describe('searchCases', () => {
  it('ranks a party named so over a lawyer over a subject over the same name in the other script, each with its snippet', async () => {
    const rows = await search('محمد بناني');
    expect(rows.map((r) => r.caseId)).toEqual([ids.party, ids.lawyer, ids.subject, ids.sound]);
    expect(rows[0]!.snippets[0]).toMatchObject({ field: 'partyName', text: 'مُحَمَّد بنّاني', bySound: false });
    expect(marked(rows[0]!.snippets[0]!)).toEqual(['مُحَمَّد', 'بنّاني']);
    expect(rows[1]!.snippets[0]).toMatchObject({ field: 'lawyerName', text: 'ذ. محمد بناني' });
    expect(rows[2]!.snippets[0]).toMatchObject({ field: 'subject' });
    expect(marked(rows[2]!.snippets[0]!)).toEqual(['محمد', 'بنانيس']);
    expect(rows[3]!.snippets[0]).toMatchObject({ field: 'partyName', text: 'Mohamed BENNANI', bySound: true });
    expect(marked(rows[3]!.snippets[0]!)).toEqual(['Mohamed', 'BENNANI']);
    const scores = rows.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('filters by case and by filing date', async () => {
    expect((await search('محمد بناني', { caseId: ids.lawyer })).map((r) => r.caseId)).toEqual([ids.lawyer]);
    expect((await search('محمد بناني', { filedFrom: '2026-01-03', filedTo: '2026-01-04' })).map((r) => r.caseId)).toEqual([ids.lawyer, ids.subject]);
    expect(await search('محمد بناني', { filedFrom: '2027-01-01' })).toEqual([]);
  });

  it('words spread over two fields are not a match; FTS syntax and empty text find nothing and never throw', async () => {
    expect(await search('خديجة بناني')).toEqual([]);
    for (const text of ['', '   ', '"OR"', 'NEAR(a b)', '*', "'; DROP TABLE cases; --"]) await expect(search(text)).resolves.toBeDefined();
    expect(await search('')).toEqual([]);
  });
});
