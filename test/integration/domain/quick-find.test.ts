// Quick find as the desk uses it (FTS5, SQLite only: the server has no quick find): by number, or
// by a party's name typed any way, or its CIN; each case once, newest first; FTS syntax searched as
// words. Same court as queries.test.ts, where the other named reads are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickFind, runCommand } from '../../../src/domain';
import { quickFindResultSchema } from '../../../src/shared/schemas/views';
import { caseVersion, registerSampleCase, type TestCourt } from '../../helpers/db';
import { openRegistryCourt } from '../../helpers/sample-courts';

let court: TestCourt;
let ids: Awaited<ReturnType<typeof openRegistryCourt>>['ids'];
beforeAll(async () => {
  ({ court, ids } = await openRegistryCourt());
});
afterAll(async () => {
  await court.close();
});

describe('quickFind', () => {
  const find = async (text: string, limit = 20) => quickFindResultSchema.parse(await quickFind(court.db, court.courtId, { text, limit, today: '2026-01-05' }));

  it('finds a case by its full number, even typed in Arabic-Indic digits with spaces', async () => {
    expect((await find('2026/1301/1')).rows.map((r) => r.id)).toEqual([ids.family]);
    expect((await find('٢٠٢٦ / ١٣٠١ / ١')).rows.map((r) => r.id)).toEqual([ids.family]);
  });

  it('a number prefix lists the matching cases, the exact number first', async () => {
    const rows = (await find('2026/1101/1')).rows.map((r) => r.number);
    expect(rows[0]).toBe('2026/1101/1');
    expect(rows.slice(1).sort()).toEqual(['2026/1101/10', '2026/1101/11']);
    expect((await find('2025/')).rows.map((r) => r.id)).toEqual([ids.old]);
    expect((await find('2026/1101/')).rows).toHaveLength(11);
  });

  it('finds a party typed without diacritics, hamza or shadda, and says which name matched', async () => {
    const rows = (await find('فاطمه الزهراء')).rows;
    expect(rows.map((r) => r.id)).toEqual([ids.family]);
    expect(rows[0]!.matchedText).toBe('فَاطِمَة الزَّهْرَاء الإدريسي');
    expect((await find('الادريسي')).rows.map((r) => r.id)).toEqual([ids.family]);
  });

  it('finds Latin names regardless of accents and case, by the beginning of words', async () => {
    expect((await find('helene')).rows.map((r) => [r.id, r.matchedText])).toEqual([[ids.helene, 'Hélène Benani']]);
    expect((await find('CREDIT MAR')).rows.map((r) => r.id)).toEqual([ids.helene]);
    // "Fatima-Zahra" is two words for the index: either finds her.
    expect((await find('zahra idri')).rows.map((r) => r.id)).toEqual([ids.family]);
  });

  it('finds a party by its CIN, whole or its beginning, in any case or digits, and shows the name', async () => {
    const byCin = (await find('AB123456')).rows;
    expect(byCin).toHaveLength(11);
    expect(byCin[0]!.matchedText).toBe('محمد بناني');
    expect((await find('ab1234')).rows).toHaveLength(11);
    expect((await find('AB١٢٣٤٥٦')).rows).toHaveLength(11);
    expect((await find('AB999')).rows).toEqual([]);
  });

  it('a name on many cases gives each case once, newest first, up to the limit', async () => {
    const all = (await find('محمد بناني')).rows;
    expect(all).toHaveLength(11);
    expect(new Set(all.map((r) => r.id)).size).toBe(11);
    expect(all[0]!.number).toBe('2026/1101/11');
    expect((await find('محمد', 5)).rows).toHaveLength(5);
  });

  it('text that looks like FTS syntax is searched as words, never run as a query', async () => {
    for (const text of ['"محمد', 'OR', 'NEAR(محمد بناني)', 'محمد*', 'a AND -b', '^', "'; DROP TABLE cases; --", '""""']) {
      await expect(find(text)).resolves.toBeDefined();
    }
    // Eleven cases of Mohamed Bennani, then Hélène Benani: the same name by its sound, ranked after.
    const bennani = (await find('"bennani"')).rows;
    expect(bennani.map((r) => r.matchedBy)).toEqual([...Array<string>(11).fill('party'), 'similarName']);
    expect(bennani[11]!.matchedText).toBe('Hélène Benani');
    expect((await find('   ')).rows).toEqual([]);
    expect((await find('؟!')).rows).toEqual([]);
  });

  it('a party removed from a case no longer finds that case', async () => {
    const c = court;
    const extra = await registerSampleCase(c, {
      parties: [
        { party: { newParty: { kind: 'person', nameAr: 'زكرياء المنصوري' } }, role: 'plaintiff' },
        { party: { newParty: { kind: 'person', nameAr: 'يونس الطاهري' } }, role: 'defendant' },
        { party: { newParty: { kind: 'person', nameAr: 'إدريس الطاهري' } }, role: 'defendant' },
      ],
    });
    expect((await find('يونس')).rows.map((r) => r.id)).toEqual([extra.caseId]);
    const link = await c.db
      .selectFrom('case_parties as cp')
      .innerJoin('parties as p', 'p.id', 'cp.party_id')
      .select('cp.id')
      .where('cp.case_id', '=', extra.caseId)
      .where('p.name_ar', '=', 'يونس الطاهري')
      .executeTakeFirstOrThrow();
    await runCommand(c.db, c.env, c.clerk, 'removeParty', { caseId: extra.caseId, baseVersion: await caseVersion(c, extra.caseId), casePartyId: link.id, reason: 'entered_in_error' });
    expect((await find('يونس')).rows).toEqual([]);
    expect((await find('الطاهري')).rows.map((r) => r.matchedText)).toEqual(['إدريس الطاهري']);
  });
});
