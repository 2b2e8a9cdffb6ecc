// The day's roll as it is called out: every party with its role (a third party too), and where an
// adjourned hearing went. The court of quick-find-numbers-and-words.test.ts, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHearingsOfDay, runCommand } from '../../../src/domain';
import { caseVersion, type TestCourt } from '../../helpers/db';
import { openLawyersCourt } from '../../helpers/sample-courts';

let court: TestCourt;
let ids: Awaited<ReturnType<typeof openLawyersCourt>>['ids'];
beforeAll(async () => {
  ({ court, ids } = await openLawyersCourt());
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
