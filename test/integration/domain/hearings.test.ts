// Hearings from the roll's point of view: scheduling on a working day, adjourning for a reason to a
// later day, recording what happened, and closing the case — each moving the case's status only
// along the allowed transitions and keeping next_hearing_date right.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import type { CommandWarning } from '../../../src/shared/schemas/commands';
import type { AuditChange } from '../../../src/shared/schemas/views';
import { caseVersion, expectRefusedWithoutWrites, hearingVersion, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';

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

async function caseRow() {
  return court.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
}
async function schedule(date: string, time = '09:30', actor = court.clerk, confirmed?: CommandWarning[]) {
  return runCommand(court.db, court.env, actor, 'scheduleHearing', { caseId, baseVersion: await caseVersion(court, caseId), date, time, ...(confirmed ? { confirmed } : {}) });
}

describe('scheduleHearing', () => {
  it('the first hearing puts a registered case in hearing and sets its next hearing date', async () => {
    const r = await schedule('2026-01-07', '10:00');
    expect(r).toMatchObject({ caseId, version: 2 });
    expect(await caseRow()).toMatchObject({ status: 'in_hearing', next_hearing_date: '2026-01-07', version: 2 });
    const h = await court.store.get('SELECT * FROM hearings WHERE id = ?', [r.hearingId]);
    expect(h).toMatchObject({ status: 'scheduled', date: '2026-01-07', time: '10:00', chamber_id: court.chambers.civil, version: 1 });
    const changes = JSON.parse(((await court.store.get('SELECT changes FROM audit ORDER BY seq DESC LIMIT 1')) as { changes: string }).changes) as AuditChange[];
    expect(changes[1]).toEqual({
      entity: 'case',
      id: caseId,
      before: { status: 'registered', next_hearing_date: null, version: 1 },
      after: { status: 'in_hearing', next_hearing_date: '2026-01-07', version: 2 },
    });
  });

  it('a second hearing while one is on the roll needs the clerk\'s confirmation; the earlier one becomes the next hearing date', async () => {
    await schedule('2026-01-20', '10:15');
    const refused = await expectRefusedWithoutWrites(court, () => schedule('2026-01-08'), { code: 'CONFIRMATION_REQUIRED', i18nKey: 'errors.confirm.required' });
    expect(refused.fields).toEqual([{ path: ['confirmed'], i18nKey: 'errors.confirm.anotherHearingPending', params: { date: '2026-01-20', time: '10:15' } }]);
    await schedule('2026-01-08', '09:30', court.clerk, ['anotherHearingPending']);
    expect((await caseRow()).next_hearing_date).toBe('2026-01-08');
  });

  it('today is fine if the hour has not come yet', async () => {
    await schedule('2026-01-05', '11:00');
    expect((await caseRow()).next_hearing_date).toBe('2026-01-05');
  });

  it.each([
    ['2026-01-10', '10:00', 'errors.rule.hearingOnWeekend', 'a Saturday'],
    ['2026-01-11', '10:00', 'errors.rule.hearingOnWeekend', 'a Sunday'],
    ['2026-01-14', '10:00', 'errors.rule.hearingOnHoliday', 'Amazigh New Year (a Wednesday)'],
    ['2026-05-01', '10:00', 'errors.rule.hearingOnHoliday', 'Labour Day (a Friday)'],
    ['2026-01-02', '10:00', 'errors.rule.hearingInPast', 'last Friday'],
    ['2026-01-05', '09:00', 'errors.rule.hearingInPast', 'this very minute'],
    ['2026-01-05', '08:30', 'errors.rule.hearingInPast', 'earlier this morning'],
  ])('a hearing on %s at %s is refused (%s: %s)', async (date, time, key) => {
    await expectRefusedWithoutWrites(court, () => schedule(date, time), { code: 'RULE_VIOLATION', i18nKey: key });
  });

  it('"today" is Casablanca\'s: at 23:30 UTC on Monday it is already Tuesday in Rabat', async () => {
    court.setNow('2026-01-05T23:30:00Z');
    await expectRefusedWithoutWrites(court, () => schedule('2026-01-06', '00:15'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.hearingInPast' });
    await schedule('2026-01-06', '09:00');
  });

  it('a refusal as past says the court date and time it compared with, so the clerk sees the clock the rule used', async () => {
    court.setNow('2026-01-05T23:30:00Z');
    const refused = await expectRefusedWithoutWrites(court, () => schedule('2026-01-06', '00:15'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.hearingInPast' });
    expect(refused.params).toEqual({ date: '2026-01-06', time: '00:15', courtDate: '2026-01-06', courtTime: '00:30' });
    // The same instant in Ramadan, when Morocco is back on UTC+0: the court's hour moves with it.
    court.setNow('2026-03-12T12:26:00Z');
    const inRamadan = await expectRefusedWithoutWrites(court, () => schedule('2026-03-12', '12:20'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.hearingInPast' });
    expect(inRamadan.params).toMatchObject({ courtDate: '2026-03-12', courtTime: '12:26' });
  });

  it('no hearing on a closed case', async () => {
    await runCommand(court.db, court.env, court.chiefClerk, 'closeCase', { caseId, baseVersion: 1, reason: 'settled' });
    await expectRefusedWithoutWrites(court, () => schedule('2026-01-07'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.caseClosedForHearings' });
  });
});

describe('adjournHearing', () => {
  it('the judge adjourns for a missing party: the old hearing is adjourned and linked to the new one', async () => {
    const { hearingId } = await schedule('2026-01-06');
    const r = await runCommand(court.db, court.env, court.judge, 'adjournHearing', {
      hearingId,
      baseVersion: 1,
      reason: 'party_absent',
      newDate: '2026-01-20',
      newTime: '10:30',
    });
    expect(r).toMatchObject({ hearingId, version: 2 });
    const old = await court.store.get('SELECT status, adjournment_reason, next_hearing_id, version FROM hearings WHERE id = ?', [hearingId]);
    expect(old).toEqual({ status: 'adjourned', adjournment_reason: 'party_absent', next_hearing_id: r.nextHearingId, version: 2 });
    const next = await court.store.get('SELECT status, date, time, version FROM hearings WHERE id = ?', [r.nextHearingId]);
    expect(next).toEqual({ status: 'scheduled', date: '2026-01-20', time: '10:30', version: 1 });
    expect(await caseRow()).toMatchObject({ status: 'in_hearing', next_hearing_date: '2026-01-20' });
    const outbox = await court.store.get('SELECT name, base_versions, user_id FROM outbox ORDER BY mutation_id DESC LIMIT 1');
    expect(outbox).toEqual({ name: 'adjournHearing', base_versions: JSON.stringify({ [hearingId]: 1 }), user_id: court.judge.userId });
  });

  it('the reason "other" needs a note', async () => {
    const { hearingId } = await schedule('2026-01-06');
    const args = { hearingId, baseVersion: 1, reason: 'other', newDate: '2026-01-20', newTime: '10:30' };
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'adjournHearing', args), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.adjournmentNoteRequired',
    });
    await runCommand(court.db, court.env, court.clerk, 'adjournHearing', { ...args, note: 'إضراب كتابة الضبط' });
  });

  it('the new day must come after the adjourned hearing and obey the hearing rules', async () => {
    const { hearingId } = await schedule('2026-01-08');
    const adjourn = (newDate: string) =>
      runCommand(court.db, court.env, court.clerk, 'adjournHearing', { hearingId, baseVersion: 1, reason: 'lawyer_request', newDate, newTime: '10:00' });
    await expectRefusedWithoutWrites(court, () => adjourn('2026-01-08'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.adjournmentDateNotAfter' });
    await expectRefusedWithoutWrites(court, () => adjourn('2026-01-07'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.adjournmentDateNotAfter' });
    await expectRefusedWithoutWrites(court, () => adjourn('2026-01-10'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.hearingOnWeekend' });
    await expectRefusedWithoutWrites(court, () => adjourn('2026-01-14'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.hearingOnHoliday' });
  });

  it('only a scheduled hearing can be adjourned, and only from the version seen', async () => {
    const { hearingId } = await schedule('2026-01-06');
    const first = await runCommand(court.db, court.env, court.clerk, 'adjournHearing', { hearingId, baseVersion: 1, reason: 'summons_not_served', newDate: '2026-01-20', newTime: '10:00' });
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'adjournHearing', { hearingId, baseVersion: first.version, reason: 'summons_not_served', newDate: '2026-01-27', newTime: '10:00' }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.hearingNotScheduled' },
    );
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'adjournHearing', { hearingId: first.nextHearingId, baseVersion: 2, reason: 'summons_not_served', newDate: '2026-01-27', newTime: '10:00' }),
      { code: 'STALE_VERSION' },
    );
  });
});

describe('recordHearingOutcome and closeCase', () => {
  it('an outcome cannot be recorded before the hearing day', async () => {
    const { hearingId } = await schedule('2026-01-06');
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.judge, 'recordHearingOutcome', { hearingId, baseVersion: 1, outcome: 'debates_held' }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.hearingNotYetHeld' },
    );
  });

  it('nor on its day before its hour on the court\'s clock (14:00 in Rabat for a 15:00 hearing), and from its hour on', async () => {
    const { hearingId } = await schedule('2026-01-06', '15:00');
    court.setNow('2026-01-06T13:00:00Z'); // 14:00 in Rabat (UTC+1)
    const refused = await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.judge, 'recordHearingOutcome', { hearingId, baseVersion: 1, outcome: 'debates_held' }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.hearingNotYetHeld' },
    );
    expect(refused.params).toEqual({ date: '2026-01-06', time: '15:00' });
    court.setNow('2026-01-06T14:00:00Z'); // 15:00 in Rabat
    await runCommand(court.db, court.env, court.judge, 'recordHearingOutcome', { hearingId, baseVersion: 1, outcome: 'debates_held' });
  });

  it('a case goes through debates, deliberation, reopened debates, judgment and final closure', async () => {
    const h1 = await schedule('2026-01-06');
    court.setNow('2026-01-06T10:00:00Z');
    await runCommand(court.db, court.env, court.judge, 'recordHearingOutcome', { hearingId: h1.hearingId, baseVersion: 1, outcome: 'debates_held' });
    expect(await caseRow()).toMatchObject({ status: 'in_hearing', next_hearing_date: null });
    expect(await court.store.get('SELECT status, outcome FROM hearings WHERE id = ?', [h1.hearingId])).toEqual({ status: 'held', outcome: 'debates_held' });

    const h2 = await schedule('2026-01-13');
    court.setNow('2026-01-13T10:00:00Z');
    await runCommand(court.db, court.env, court.judge, 'recordHearingOutcome', {
      hearingId: h2.hearingId,
      baseVersion: 1,
      outcome: 'reserved_for_judgment',
      pronouncementDate: '2026-01-27',
      note: 'للنطق بالحكم',
    });
    expect(await caseRow()).toMatchObject({ status: 'deliberation', pronouncement_date: '2026-01-27' });

    // Debates reopened (confirmed): a new hearing moves the case back in hearing, the pronouncement day goes.
    await expectRefusedWithoutWrites(court, () => schedule('2026-01-20'), { code: 'CONFIRMATION_REQUIRED' });
    const h3 = await schedule('2026-01-20', '09:30', court.clerk, ['reopensDeliberation']);
    expect(await caseRow()).toMatchObject({ status: 'in_hearing', pronouncement_date: null });
    const spare = await schedule('2026-01-27', '09:30', court.clerk, ['anotherHearingPending']);
    court.setNow('2026-01-20T10:00:00Z');
    await runCommand(court.db, court.env, court.judge, 'recordJudgment', {
      caseId,
      baseVersion: await caseVersion(court, caseId),
      hearingId: h3.hearingId,
      pronouncedOn: '2026-01-20',
      operativePart: 'حكمت المحكمة علنيا ابتدائيا وحضوريا بأداء المدعى عليه للمدعي مبلغ 20.000 درهم.',
      confirmed: ['cancelsScheduledHearings'],
    });
    expect(await caseRow()).toMatchObject({ status: 'judged', next_hearing_date: null });
    expect(await court.store.get('SELECT status, outcome FROM hearings WHERE id = ?', [h3.hearingId])).toEqual({ status: 'held', outcome: 'judgment_delivered' });
    // Judgment pronounced: hearings still on the roll for this case are cancelled.
    expect(await court.store.get('SELECT status FROM hearings WHERE id = ?', [spare.hearingId])).toEqual({ status: 'cancelled' });

    await expectRefusedWithoutWrites(court, () => schedule('2026-01-28'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.caseClosedForHearings' });
    await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, court.judge, 'closeCase', { caseId, baseVersion: await caseVersion(court, caseId), reason: 'withdrawn' }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.caseStatusTransition' },
    );
    const closed = await runCommand(court.db, court.env, court.judge, 'closeCase', { caseId, baseVersion: await caseVersion(court, caseId), reason: 'judgment_final' });
    expect(await caseRow()).toMatchObject({ status: 'closed', closure_reason: 'judgment_final', closed_on: '2026-01-20', version: closed.version });
  });

  it('closing a pending case cancels its scheduled hearings in the same command', async () => {
    const a = await schedule('2026-01-07');
    const b = await schedule('2026-01-21', '09:30', court.clerk, ['anotherHearingPending']);
    const r = await runCommand(court.db, court.env, court.chiefClerk, 'closeCase', { caseId, baseVersion: await caseVersion(court, caseId), reason: 'struck_out', note: 'عدم أداء الرسوم' });
    expect(await court.store.query('SELECT status, version FROM hearings WHERE id IN (?, ?) ORDER BY date', [a.hearingId, b.hearingId])).toEqual([
      { status: 'cancelled', version: 2 },
      { status: 'cancelled', version: 2 },
    ]);
    expect(await caseRow()).toMatchObject({ status: 'closed', next_hearing_date: null, closure_note: 'عدم أداء الرسوم', version: r.version });
    const audit = (await court.store.get('SELECT command, changes FROM audit ORDER BY seq DESC LIMIT 1')) as { command: string; changes: string };
    expect((JSON.parse(audit.changes) as AuditChange[]).map((c) => c.entity)).toEqual(['hearing', 'hearing', 'case']);
  });

  it('a pending case cannot be closed as "judgment final"', async () => {
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.judge, 'closeCase', { caseId, baseVersion: 1, reason: 'judgment_final' }), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.caseStatusTransition',
    });
  });

  it('a hearing that was adjourned keeps its history: its outcome cannot be recorded', async () => {
    const { hearingId } = await schedule('2026-01-06');
    await runCommand(court.db, court.env, court.judge, 'adjournHearing', { hearingId, baseVersion: 1, reason: 'expert_report_pending', newDate: '2026-02-03', newTime: '09:00' });
    court.setNow('2026-01-06T12:00:00Z');
    await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, court.judge, 'recordHearingOutcome', { hearingId, baseVersion: await hearingVersion(court, hearingId), outcome: 'debates_held' }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.hearingNotScheduled' },
    );
  });
});
