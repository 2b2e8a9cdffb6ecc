// A case reserved for judgment and the judgment pronounced: reserving asks for the day of the
// pronouncement (a day the court sits, after the hearing); the judgment is recorded with its date
// and operative part, at a hearing or at the end of the deliberation; what a clerk should think
// twice about (a second hearing on the roll, reopening the debates, hearings to be cancelled) is
// refused until confirmed, and every broken rule of a command is reported at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCaseDetail, listHearingsOfDay, runCommand } from '../../../src/domain';
import type { CommandWarning } from '../../../src/shared/schemas/commands';
import type { AuditChange } from '../../../src/shared/schemas/views';
import { caseVersion, expectRefusedWithoutWrites, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';

let court: TestCourt;
let caseId: string;
beforeEach(async () => {
  // Monday 5 January 2026, 09:00 in Rabat.
  court = await openTestCourt();
  caseId = (await registerSampleCase(court)).caseId;
});
afterEach(async () => {
  await court.close();
});

async function schedule(date: string, confirmed?: CommandWarning[]) {
  return runCommand(court.db, court.env, court.clerk, 'scheduleHearing', { caseId, baseVersion: await caseVersion(court, caseId), date, time: '09:30', ...(confirmed ? { confirmed } : {}) });
}
function reserve(hearingId: string, pronouncementDate: string | undefined, confirmed?: CommandWarning[]) {
  return runCommand(court.db, court.env, court.judge, 'recordHearingOutcome', {
    hearingId,
    baseVersion: 1,
    outcome: 'reserved_for_judgment',
    ...(pronouncementDate ? { pronouncementDate } : {}),
    ...(confirmed ? { confirmed } : {}),
  });
}
const OPERATIVE = 'حكمت المحكمة علنيا ابتدائيا وحضوريا:\nفي الشكل: بقبول الدعوى.\nفي الموضوع: بأداء المدعى عليها للمدعي مبلغ 20.000 درهم.';

describe('reserving a case for judgment', () => {
  it('asks for the pronouncement day; the case is in deliberation until then and shows on that day\'s roll', async () => {
    const h = await schedule('2026-01-06');
    court.setNow('2026-01-06T10:00:00Z');
    await expectRefusedWithoutWrites(court, () => reserve(h.hearingId, undefined), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.pronouncementDateRequired' });
    await reserve(h.hearingId, '2026-01-20');
    const detail = await getCaseDetail(court.db, court.courtId, { caseId });
    expect(detail.case).toMatchObject({ status: 'deliberation', pronouncementDate: '2026-01-20', nextHearingDate: null });
    const roll = await listHearingsOfDay(court.db, court.courtId, { date: '2026-01-20' });
    expect(roll.pronouncements.map((p) => [p.caseNumber, p.parties.map((x) => x.role)])).toEqual([['2026/1101/1', ['plaintiff', 'defendant']]]);
    expect((await listHearingsOfDay(court.db, court.courtId, { date: '2026-01-20', chamberId: court.chambers.family })).pronouncements).toEqual([]);
  });

  it('the pronouncement day is a day the court sits, after the hearing and not past', async () => {
    const h = await schedule('2026-01-06');
    court.setNow('2026-01-08T10:00:00Z');
    for (const [day, key] of [
      ['2026-01-06', 'errors.rule.pronouncementDateNotAfter'], // the hearing's own day
      ['2026-01-07', 'errors.rule.pronouncementDateNotAfter'], // after the hearing, but past
      ['2026-01-10', 'errors.rule.hearingOnWeekend'],
      ['2026-01-14', 'errors.rule.hearingOnHoliday'],
    ] as const) {
      const err = await expectRefusedWithoutWrites(court, () => reserve(h.hearingId, day), { code: 'RULE_VIOLATION', i18nKey: key });
      expect(err.fields?.[0]?.path).toEqual(['pronouncementDate']);
    }
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.judge, 'recordHearingOutcome', { hearingId: h.hearingId, baseVersion: 1, outcome: 'debates_held', pronouncementDate: '2026-01-20' }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.pronouncementDateOnlyWhenReserved' },
    );
  });

  it('with another hearing still on the roll: refused until confirmed, then that hearing is cancelled', async () => {
    const h = await schedule('2026-01-06');
    const later = await schedule('2026-01-27', ['anotherHearingPending']);
    court.setNow('2026-01-06T10:00:00Z');
    const refused = await expectRefusedWithoutWrites(court, () => reserve(h.hearingId, '2026-01-20'), { code: 'CONFIRMATION_REQUIRED' });
    expect(refused.fields).toEqual([{ path: ['confirmed'], i18nKey: 'errors.confirm.cancelsScheduledHearings', params: { count: 1, date: '2026-01-27', time: '09:30' } }]);
    await reserve(h.hearingId, '2026-01-20', ['cancelsScheduledHearings']);
    expect(await court.store.value('SELECT status FROM hearings WHERE id = ?', [later.hearingId])).toBe('cancelled');
  });

  it('scheduling a hearing on a case in deliberation reopens the debates only when confirmed, and drops the pronouncement day', async () => {
    const h = await schedule('2026-01-06');
    court.setNow('2026-01-06T10:00:00Z');
    await reserve(h.hearingId, '2026-01-20');
    const refused = await expectRefusedWithoutWrites(court, () => schedule('2026-01-13'), { code: 'CONFIRMATION_REQUIRED' });
    expect(refused.fields).toEqual([{ path: ['confirmed'], i18nKey: 'errors.confirm.reopensDeliberation', params: { date: '2026-01-20' } }]);
    await schedule('2026-01-13', ['reopensDeliberation']);
    expect((await getCaseDetail(court.db, court.courtId, { caseId })).case).toMatchObject({ status: 'in_hearing', pronouncementDate: null, nextHearingDate: '2026-01-13' });
    expect((await listHearingsOfDay(court.db, court.courtId, { date: '2026-01-20' })).pronouncements).toEqual([]);
  });
});

describe('recording the judgment', () => {
  it('at the end of the deliberation: the case is judged, the judgment shown with its operative part, audited', async () => {
    const h = await schedule('2026-01-06');
    court.setNow('2026-01-06T10:00:00Z');
    await reserve(h.hearingId, '2026-01-20');
    court.setNow('2026-01-20T11:00:00Z');
    const r = await runCommand(court.db, court.env, court.clerk, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), pronouncedOn: '2026-01-20', operativePart: OPERATIVE });
    const detail = await getCaseDetail(court.db, court.courtId, { caseId });
    expect(detail.case).toMatchObject({ status: 'judged', version: r.version });
    expect(detail.judgment).toMatchObject({ id: r.judgmentId, pronouncedOn: '2026-01-20', operativePart: OPERATIVE, hearingId: null, recordedByDisplayName: 'كريم الكاتب' });
    const audit = (await court.store.value("SELECT changes FROM audit WHERE command = 'recordJudgment'")) as string;
    expect((JSON.parse(audit) as AuditChange[]).map((c) => c.entity)).toEqual(['judgment', 'case']);
    await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, court.clerk, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), pronouncedOn: '2026-01-20', operativePart: 'x' }),
      // Said as it is, not as a move from "judged" to "judged".
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentAlreadyRecorded' },
    );
  });

  it('at a hearing: that hearing is held with the judgment as outcome, and its date is the judgment\'s', async () => {
    const h = await schedule('2026-01-06');
    court.setNow('2026-01-06T12:00:00Z');
    const wrongDay = await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, court.judge, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), hearingId: h.hearingId, pronouncedOn: '2026-01-05', operativePart: OPERATIVE }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentNotOnHearingDay' },
    );
    expect(wrongDay.fields?.[0]?.path).toEqual(['pronouncedOn']);
    await runCommand(court.db, court.env, court.judge, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), hearingId: h.hearingId, pronouncedOn: '2026-01-06', operativePart: OPERATIVE });
    expect(await court.store.get('SELECT status, outcome FROM hearings WHERE id = ?', [h.hearingId])).toEqual({ status: 'held', outcome: 'judgment_delivered' });
  });

  it('refuses, all at once, a date in the future and a case never heard; a registered case cannot be judged', async () => {
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'recordJudgment', { caseId, baseVersion: 1, pronouncedOn: '2026-01-05', operativePart: OPERATIVE }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.caseStatusTransition' },
    );
    await schedule('2026-01-06');
    const err = await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, court.clerk, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), pronouncedOn: '2026-02-02', operativePart: OPERATIVE }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentDateInFuture' },
    );
    expect(err.fields).toEqual([{ path: ['pronouncedOn'], i18nKey: 'errors.rule.judgmentDateInFuture', params: { date: '2026-02-02' } }]);
    await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, court.clerk, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), pronouncedOn: '2025-12-31', operativePart: OPERATIVE }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentBeforeFiling' },
    );
  });

  it('an empty operative part, or one with a direction override, never reaches the court\'s records', async () => {
    await schedule('2026-01-06');
    for (const operativePart of ['   ', 'حكمت المحكمة \u202Eغيابيا']) {
      await expectRefusedWithoutWrites(
        court,
        async () => runCommand(court.db, court.env, court.clerk, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), pronouncedOn: '2026-01-05', operativePart }),
        { code: 'VALIDATION_FAILED' },
      );
    }
  });

  it('a clerk may record it, an administrator may not (segregation of duties)', async () => {
    await schedule('2026-01-06');
    await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, court.pureAdmin, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), pronouncedOn: '2026-01-05', operativePart: OPERATIVE }),
      { code: 'FORBIDDEN' },
    );
  });
});

describe('every broken rule of a command at once', () => {
  it('an adjournment with reason "other", no note, and a new day before the hearing: both refused together', async () => {
    const h = await schedule('2026-01-08');
    const err = await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'adjournHearing', { hearingId: h.hearingId, baseVersion: 1, reason: 'other', newDate: '2026-01-07', newTime: '10:00' }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.validationFailed' },
    );
    expect(err.fields?.map((f) => [f.path.join('.'), f.i18nKey])).toEqual([
      ['note', 'errors.rule.adjournmentNoteRequired'],
      ['newDate', 'errors.rule.adjournmentDateNotAfter'],
    ]);
  });

  it('a registration filed tomorrow with a case type not yet in force and the same party twice: all three together', async () => {
    const first = await registerSampleCase(court);
    const p = await court.db.selectFrom('case_parties').select('party_id').where('case_id', '=', first.caseId).limit(1).executeTakeFirstOrThrow();
    await court.store.run("UPDATE case_types SET valid_from = '2026-02-01' WHERE code = '1101'");
    const err = await expectRefusedWithoutWrites(
      court,
      () =>
        registerSampleCase(court, {
          filedOn: '2026-01-06',
          parties: [
            { party: { existingPartyId: p.party_id }, role: 'plaintiff' },
            { party: { existingPartyId: p.party_id }, role: 'defendant' },
          ],
        }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.validationFailed' },
    );
    expect(err.fields?.map((f) => [f.path.join('.'), f.i18nKey])).toEqual([
      ['filedOn', 'errors.rule.filedOnInFuture'],
      ['caseTypeId', 'errors.rule.caseTypeNotValidOnDate'],
      ['parties.1.party', 'errors.rule.partyAlreadyOnCase'],
    ]);
  });
});
