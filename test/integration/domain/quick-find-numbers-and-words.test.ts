// What a clerk types into quick find besides a party's name: a case number the way it is written on
// paper files (serial/type/year, type/serial), a lawyer's name, words of the subject (FTS5: SQLite
// only; the day's roll of the same court is in hearing-roll.test.ts, on both engines).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickFind, runCommand } from '../../../src/domain';
import { caseNumberSearch } from '../../../src/shared/case-number';
import { caseVersion, registerSampleCase, type TestCourt } from '../../helpers/db';
import { openLawyersCourt } from '../../helpers/sample-courts';

let court: TestCourt;
let ids: Awaited<ReturnType<typeof openLawyersCourt>>['ids'];
beforeAll(async () => {
  ({ court, ids } = await openLawyersCourt());
});
afterAll(async () => {
  await court.close();
});

const find = async (text: string) => (await quickFind(court.db, court.courtId, { text, limit: 20, today: '2026-01-05' })).rows.map((r) => [r.number, r.matchedBy, r.matchedText]);

describe('case numbers as clerks write them', () => {
  it('parses serial/type/year, type/serial and serial/type into canonical numbers, every year from the newest', () => {
    expect(caseNumberSearch('57/1201/2026', 2026)).toEqual({ exact: ['2026/1201/57'], prefixes: ['57/1201/2026'] });
    const noYear = caseNumberSearch('1201/57', 2026)!;
    expect(noYear.exact.slice(0, 3)).toEqual(['2027/1201/57', '2026/1201/57', '2025/1201/57']);
    expect(noYear.exact.at(-1)).toBe('1956/1201/57');
    expect(caseNumberSearch('57/1201', 2026)!.exact[1]).toBe('2026/1201/57');
    expect(caseNumberSearch('٥٧ / ١٢٠١ / ٢٠٢٦', 2026)!.exact).toEqual(['2026/1201/57']);
    // Both readings of an ambiguous one are searched.
    expect(caseNumberSearch('2025/1201/2026', 2026)!.exact).toEqual(['2025/1201/2026', '2026/1201/2025']);
    expect(caseNumberSearch('Bennani', 2026)).toBeNull();
  });

  it('finds the case by 2/1101/2026, by 1101/2 and by 2026/1101/2 alike', async () => {
    for (const typed of ['2/1101/2026', '1101/2', '2/1101', '2026/1101/2', '٢/١١٠١/٢٠٢٦']) {
      expect((await find(typed))[0], typed).toEqual(['2026/1101/2', 'number', null]);
    }
    expect(await find('1301/1')).toEqual([['2026/1301/1', 'number', null]]);
    expect(await find('9/1101/2026')).toEqual([]);
  });
});

describe('quick find by lawyer and by subject', () => {
  it('finds a case by its lawyer\'s name, in either script, and says it matched the lawyer', async () => {
    expect(await find('tazi')).toEqual([['2026/1101/2', 'lawyer', 'Maître Karim Tazi']]);
    expect(await find('العلوي')).toEqual([
      ['2026/1301/1', 'lawyer', 'ذ. يوسف العلوي'],
      ['2026/1101/1', 'lawyer', 'ذ. يوسف العلوي'],
    ]);
  });

  it('finds a case by words of its subject, typed without diacritics or hamza', async () => {
    expect(await find('حادثه سير')).toEqual([['2026/1101/2', 'subject', 'طلب التعويض عن حادثة سير']]);
    expect(await find('نفقه')).toEqual([['2026/1301/1', 'subject', 'نفقة الأبناء']]);
  });

  it('lists party matches first, then cases found by subject or lawyer, each case once', async () => {
    const c = court;
    await registerSampleCase(c, {
      subject: 'نزاع شركة سعاد',
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'عمر الفاسي' } }, role: 'plaintiff' }],
    }); // 2026/1101/3: "سعاد" only in its subject
    expect((await find('سعاد')).map(([n, by]) => [n, by])).toEqual([
      ['2026/1101/2', 'party'],
      ['2026/1101/3', 'subject'],
    ]);
  });

  it('a lawyer removed with their party no longer finds the case', async () => {
    const link = (await court.store.value("SELECT id FROM case_parties WHERE lawyer_name = 'Maître Karim Tazi'")) as string;
    await runCommand(court.db, court.env, court.clerk, 'removeParty', { caseId: ids.road!, baseVersion: await caseVersion(court, ids.road!), casePartyId: link, reason: 'withdrew' });
    expect(await find('tazi')).toEqual([]);
    await expect(court.store.run("INSERT INTO case_search(case_search, rank) VALUES ('integrity-check', 1)")).resolves.toBeDefined();
  });
});
