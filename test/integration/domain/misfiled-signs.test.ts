// Misfiled pages (issue 9, item 7) on a real desk store: a page filed under one case that carries
// another case's number, or names a party of another case in either script, is flagged with that
// case; a page naming only this case's parties (or their namesakes) is not. SQLite only: names are
// looked up in party_keys (FTS5), a desk index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMisfiledSigns } from '../../../src/domain';
import { misfiledWarningSchema } from '../../../src/shared/schemas/search';
import { openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';

type NewParty = { kind: 'person' | 'organisation'; nameAr?: string; nameLatin?: string };

let court: TestCourt;
const cases: Record<string, { id: string; number: string }> = {};

async function fileCase(plaintiff: NewParty, defendant: NewParty): Promise<{ id: string; number: string }> {
  const { caseId } = await registerSampleCase(court, {
    parties: [
      { party: { newParty: plaintiff }, role: 'plaintiff' },
      { party: { newParty: defendant }, role: 'defendant' },
    ],
  });
  const { number } = await court.db.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow();
  return { id: caseId, number };
}

const signs = async (caseId: string, text: string) =>
  (await findMisfiledSigns(court.db, court.courtId, { caseId, text, today: '2026-01-05' })).map((w) => misfiledWarningSchema.parse(w));

const toArabicDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

beforeAll(async () => {
  court = await openTestCourt();
  cases.alaoui = await fileCase({ kind: 'person', nameAr: 'محمد العلوي', nameLatin: 'Mohamed El Alaoui' }, { kind: 'organisation', nameAr: 'شركة الأطلس' });
  cases.bennani = await fileCase({ kind: 'person', nameAr: 'فاطمة الزهراء بناني' }, { kind: 'organisation', nameAr: 'شركة الأطلس' });
  cases.tazi = await fileCase({ kind: 'person', nameLatin: 'Hassan Tazi' }, { kind: 'person', nameAr: 'خديجة الإدريسي' });
  // A namesake of the first case's plaintiff, in another case.
  cases.namesake = await fileCase({ kind: 'person', nameLatin: 'Mohammed Alaoui' }, { kind: 'person', nameAr: 'يوسف المنصوري' });
});
afterAll(async () => {
  await court.close();
});

describe('signs that a page belongs to another case', () => {
  it("another case's number on the page, reversed and in Arabic-Indic digits, names that case", async () => {
    const [serialFirst] = [cases.bennani!.number.split('/').reverse().join('/')];
    const text = `محضر جلسة في الملف رقم ${toArabicDigits(serialFirst!)} بين المدعي والمدعى عليه`;
    expect(await signs(cases.alaoui!.id, text)).toEqual([
      { caseId: cases.bennani!.id, caseNumber: cases.bennani!.number, reasons: [{ kind: 'caseNumber', text: toArabicDigits(serialFirst!) }] },
    ]);
    // Its own number, or a number of no case, is no sign.
    expect(await signs(cases.alaoui!.id, `Dossier n° ${cases.alaoui!.number}, renvoi au 2099/1101/77`)).toEqual([]);
  });

  it('a party of another case named in the other script names that case', async () => {
    const text = "Requête présentée par Mme Fatima-Zahra BENNANI contre la société Atlas, demeurant à Rabat.";
    const found = await signs(cases.alaoui!.id, text);
    expect(found.map((w) => [w.caseId, w.reasons.map((r) => (r.kind === 'partyName' ? r.partyName : r.text))])).toEqual([[cases.bennani!.id, ['فاطمة الزهراء بناني']]]);
    const arabic = 'حضر السيد حسن التازي ولم تحضر خديجة الإدريسي';
    expect(await signs(cases.alaoui!.id, arabic)).toEqual([
      {
        caseId: cases.tazi!.id,
        caseNumber: cases.tazi!.number,
        reasons: [
          { kind: 'partyName', partyId: expect.any(String), partyName: 'Hassan Tazi', text: 'حسن التازي' },
          { kind: 'partyName', partyId: expect.any(String), partyName: 'خديجة الإدريسي', text: 'خديجة الإدريسي' },
        ],
      },
    ]);
  });

  it("a number and a name together rank first; a page naming only this case's parties, or their namesakes, is where it belongs", async () => {
    const text = `Affaire ${cases.tazi!.number} — Hassan Tazi contre Youssef Mansouri`;
    const found = await signs(cases.alaoui!.id, text);
    expect(found.map((w) => [w.caseId, w.reasons.map((r) => r.kind)])).toEqual([
      [cases.tazi!.id, ['caseNumber', 'partyName']],
      [cases.namesake!.id, ['partyName']],
    ]);
    // «محمد العلوي» of this case has a namesake (Mohammed Alaoui) in another case: no warning.
    expect(await signs(cases.alaoui!.id, 'استدعاء السيد محمد العلوي وشركة الأطلس للجلسة')).toEqual([]);
    // One word of a name names nobody.
    expect(await signs(cases.alaoui!.id, 'Monsieur Hassan est prié de se présenter')).toEqual([]);
  });

  it('a case that is not this court’s is NOT_FOUND; empty or odd text gives no sign', async () => {
    await expect(signs('01J0000000000000000000000Z', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const text of ['', '   ', '"OR" NEAR( *', '1/2/3', '٢٠٢٦/'.repeat(50)]) expect(await signs(cases.alaoui!.id, text)).toEqual([]);
  });
});
