// Courts with the same cases for test files that read them in different ways (one file per
// engine-specific read: quick find is SQLite only, the other reads run on both engines), built
// once here rather than copied into each file.
import { runCommand } from '../../src/domain';
import { CASE_TYPE, openTestCourt, registerSampleCase, type TestCourt } from './db';

/**
 * The registry's court: Bennani (2026/1101/1), a family case of the El Idrissi (2026/1301/1), a
 * closed case of 2025 (2025/1101/1), Hélène Benani (2026/1101/2), nine more (2026/1101/3..11), and
 * hearings on 7 January 2026.
 */
export async function openRegistryCourt(): Promise<{ court: TestCourt; ids: { bennani: string; family: string; old: string; helene: string } }> {
  const c = await openTestCourt();
  const bennani = (await registerSampleCase(c)).caseId;
  const family = (
    await registerSampleCase(c, {
      caseTypeId: CASE_TYPE.family,
      chamberId: c.chambers.family,
      subject: 'نفقة',
      parties: [
        { party: { newParty: { kind: 'person', nameAr: 'فَاطِمَة الزَّهْرَاء الإدريسي', nameLatin: 'Fatima-Zahra El Idrissi' } }, role: 'plaintiff' },
        { party: { newParty: { kind: 'person', nameAr: 'عبد الإله الإدريسي' } }, role: 'defendant' },
      ],
    })
  ).caseId;
  const old = (await registerSampleCase(c, { filedOn: '2025-11-20', subject: 'إفراغ' })).caseId;
  const helene = (
    await registerSampleCase(c, {
      subject: 'Recouvrement',
      parties: [
        { party: { newParty: { kind: 'person', nameLatin: 'Hélène Benani' } }, role: 'plaintiff' },
        { party: { newParty: { kind: 'organisation', nameLatin: 'Crédit du Maroc' } }, role: 'defendant' },
      ],
    })
  ).caseId;
  for (let i = 0; i < 9; i++) await registerSampleCase(c, { subject: `ملف رقم ${i}` });

  await runCommand(c.db, c.env, c.clerk, 'scheduleHearing', { caseId: bennani, baseVersion: 1, date: '2026-01-07', time: '11:00' });
  await runCommand(c.db, c.env, c.clerk, 'scheduleHearing', { caseId: family, baseVersion: 1, date: '2026-01-07', time: '09:00' });
  await runCommand(c.db, c.env, c.clerk, 'scheduleHearing', { caseId: helene, baseVersion: 1, date: '2026-01-07', time: '10:00', chamberId: c.chambers.family, room: 'B' });
  await runCommand(c.db, c.env, c.chiefClerk, 'closeCase', { caseId: old, baseVersion: 1, reason: 'withdrawn' });
  return { court: c, ids: { bennani, family, old, helene } };
}

/**
 * The court of lawyers and third parties: 2026/1101/1 (lawyer ذ. يوسف العلوي), a road accident
 * with a lawyer, an insurer and an intervener (2026/1101/2), a family case (2026/1301/1).
 */
export async function openLawyersCourt(): Promise<{ court: TestCourt; ids: { first: string; road: string; family: string } }> {
  const court = await openTestCourt();
  const first = (await registerSampleCase(court)).caseId;
  const road = (
    await registerSampleCase(court, {
      subject: 'طلب التعويض عن حادثة سير',
      parties: [
        { party: { newParty: { kind: 'person', nameAr: 'سعاد العمراني', nameLatin: 'Souad El Amrani', address: 'حي الرياض، الرباط', phone: '0661234567' } }, role: 'plaintiff', lawyerName: 'Maître Karim Tazi', lawyerBarNumber: '512' },
        { party: { newParty: { kind: 'organisation', nameAr: 'شركة التأمين الوطنية', nameLatin: 'Assurances Nationales' } }, role: 'defendant' },
        { party: { newParty: { kind: 'person', nameAr: 'إدريس الطاهري' } }, role: 'intervener' },
      ],
    })
  ).caseId;
  const family = (await registerSampleCase(court, { caseTypeId: CASE_TYPE.family, subject: 'نفقة الأبناء' })).caseId;
  return { court, ids: { first, road, family } };
}
