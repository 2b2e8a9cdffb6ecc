// The day's roll as it is called out: every party with its role (a third party too), and where an
// adjourned hearing went. The court of quick-find-numbers-and-words.test.ts, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHearingsOfDay, runCommand } from '../../../src/domain';
import { CASE_TYPE, caseVersion, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';

let court: TestCourt;
const ids: Record<string, string> = {};
beforeAll(async () => {
  court = await openTestCourt();
  ids.first = (await registerSampleCase(court)).caseId; // 2026/1101/1, lawyer ذ. يوسف العلوي
  ids.road = (
    await registerSampleCase(court, {
      subject: 'طلب التعويض عن حادثة سير',
      parties: [
        { party: { newParty: { kind: 'person', nameAr: 'سعاد العمراني', nameLatin: 'Souad El Amrani', address: 'حي الرياض، الرباط', phone: '0661234567' } }, role: 'plaintiff', lawyerName: 'Maître Karim Tazi', lawyerBarNumber: '512' },
        { party: { newParty: { kind: 'organisation', nameAr: 'شركة التأمين الوطنية', nameLatin: 'Assurances Nationales' } }, role: 'defendant' },
        { party: { newParty: { kind: 'person', nameAr: 'إدريس الطاهري' } }, role: 'intervener' },
      ],
    })
  ).caseId; // 2026/1101/2
  ids.family = (await registerSampleCase(court, { caseTypeId: CASE_TYPE.family, subject: 'نفقة الأبناء' })).caseId; // 2026/1301/1
});
afterAll(async () => {
  await court.close();
});

describe('the day\'s roll', () => {
  it('calls out every party with its role, and where an adjourned hearing went', async () => {
    const h = await runCommand(court.db, court.env, court.clerk, 'scheduleHearing', { caseId: ids.family!, baseVersion: await caseVersion(court, ids.family!), date: '2026-01-06', time: '09:00' });
    await runCommand(court.db, court.env, court.judge, 'adjournHearing', { hearingId: h.hearingId, baseVersion: 1, reason: 'party_absent', newDate: '2026-02-03', newTime: '10:30' });
    const roll = await listHearingsOfDay(court.db, court.courtId, { date: '2026-01-06' });
    expect(roll.entries).toHaveLength(1);
    expect(roll.entries[0]).toMatchObject({ status: 'adjourned', nextDate: '2026-02-03', nextTime: '10:30' });
    expect(roll.entries[0]!.parties).toEqual([
      { role: 'plaintiff', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' },
      { role: 'defendant', nameAr: 'شركة الأطلس', nameLatin: 'Société Atlas SARL' },
    ]);
    const next = await listHearingsOfDay(court.db, court.courtId, { date: '2026-02-03' });
    expect(next.entries[0]).toMatchObject({ status: 'scheduled', nextDate: null, nextTime: null });
  });

  it('lists a third party (an intervener) too, not only plaintiff and defendant', async () => {
    await runCommand(court.db, court.env, court.clerk, 'scheduleHearing', { caseId: ids.road!, baseVersion: await caseVersion(court, ids.road!), date: '2026-01-07', time: '11:00' });
    const roll = await listHearingsOfDay(court.db, court.courtId, { date: '2026-01-07' });
    expect(roll.entries[0]!.parties.map((p) => [p.role, p.nameAr])).toEqual([
      ['plaintiff', 'سعاد العمراني'],
      ['defendant', 'شركة التأمين الوطنية'],
      ['intervener', 'إدريس الطاهري'],
    ]);
  });
});
