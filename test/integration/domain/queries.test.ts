// The named reads as the screens use them: the registry (newest first, filtered, counted), the case
// file with its audit timeline, the hearing roll of a day, reference data and users. Every result
// matches its view schema exactly. Quick find, a desk read over FTS5, is in quick-find.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getAppUser,
  getCaseDetail,
  getReferenceData,
  listCasesForRegistry,
  listHearingsOfDay,
  listUsers,
  runCommand,
} from '../../../src/domain';
import { newId } from '../../../src/shared/ids';
import {
  caseDetailSchema,
  hearingRollEntrySchema,
  referenceDataSchema,
  registryPageSchema,
  userViewSchema,
} from '../../../src/shared/schemas/views';
import { CASE_TYPE, caseVersion, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';
import { openRegistryCourt } from '../../helpers/sample-courts';

let court: TestCourt;
let ids: Awaited<ReturnType<typeof openRegistryCourt>>['ids'];
beforeAll(async () => {
  ({ court, ids } = await openRegistryCourt());
});
afterAll(async () => {
  await court.close();
});

describe('listCasesForRegistry', () => {
  it('lists the newest case first, with the total for the pager', async () => {
    const page = registryPageSchema.parse(await listCasesForRegistry(court.db, court.courtId, { filter: {}, offset: 0, limit: 3 }));
    expect(page.total).toBe(13);
    expect(page.rows.map((r) => r.number)).toEqual(['2026/1101/11', '2026/1101/10', '2026/1101/9']);
    const next = await listCasesForRegistry(court.db, court.courtId, { filter: {}, offset: 12, limit: 3 });
    expect(next.rows.map((r) => r.number)).toEqual(['2026/1101/1']);
  });

  it('filters by status, type, year and chamber, and counts what the filter keeps', async () => {
    const byStatus = await listCasesForRegistry(court.db, court.courtId, { filter: { status: 'in_hearing' }, offset: 0, limit: 50 });
    expect(byStatus.total).toBe(3);
    expect(byStatus.rows.map((r) => r.id)).toEqual([ids.helene, ids.family, ids.bennani]);
    expect((await listCasesForRegistry(court.db, court.courtId, { filter: { year: 2025 }, offset: 0, limit: 50 })).rows.map((r) => r.status)).toEqual(['closed']);
    expect((await listCasesForRegistry(court.db, court.courtId, { filter: { caseTypeId: CASE_TYPE.family }, offset: 0, limit: 50 })).total).toBe(1);
    const both = await listCasesForRegistry(court.db, court.courtId, { filter: { chamberId: court.chambers.civil, status: 'registered' }, offset: 0, limit: 2 });
    expect(both.total).toBe(9);
    expect(both.rows).toHaveLength(2);
  });

  it('shows the parties summary and the next hearing date in the row', async () => {
    const page = await listCasesForRegistry(court.db, court.courtId, { filter: { status: 'in_hearing' }, offset: 0, limit: 50 });
    const row = page.rows.find((r) => r.id === ids.family)!;
    expect(row).toMatchObject({ number: '2026/1301/1', partiesSummary: ['فَاطِمَة الزَّهْرَاء الإدريسي', 'عبد الإله الإدريسي'], nextHearingDate: '2026-01-07', provisional: false });
  });

  it('another court sees nothing of this one', async () => {
    expect(await listCasesForRegistry(court.db, newId(), { filter: {}, offset: 0, limit: 10 })).toEqual({ total: 0, rows: [] });
  });
});

describe('getCaseDetail', () => {
  it('shows particulars, parties, hearings by date and the audit timeline of this case only', async () => {
    const c = court;
    const r1 = await runCommand(c.db, c.env, c.clerk, 'scheduleHearing', {
      caseId: ids.bennani,
      baseVersion: await caseVersion(c, ids.bennani),
      date: '2026-01-06',
      time: '12:00',
      confirmed: ['anotherHearingPending'],
    });
    await runCommand(c.db, c.env, c.judge, 'adjournHearing', { hearingId: r1.hearingId, baseVersion: 1, reason: 'documents_pending', note: 'الإدلاء بعقد الكراء', newDate: '2026-02-03', newTime: '09:00' });
    const detail = caseDetailSchema.parse(await getCaseDetail(c.db, c.courtId, { caseId: ids.bennani }));
    expect(detail.case).toMatchObject({ id: ids.bennani, number: '2026/1101/1', courtId: c.courtId, closedOn: null, closureReason: null, createdAt: '2026-01-05T08:00:00.000Z' });
    expect(detail.parties.map((p) => [p.role, p.nameAr, p.removedAt])).toEqual([
      ['plaintiff', 'محمد بناني', null],
      ['defendant', 'شركة الأطلس', null],
    ]);
    expect(detail.hearings.map((h) => [h.date, h.status])).toEqual([
      ['2026-01-06', 'adjourned'],
      ['2026-01-07', 'scheduled'],
      ['2026-02-03', 'scheduled'],
    ]);
    expect(detail.hearings[0]).toMatchObject({ adjournmentReason: 'documents_pending', adjournmentNote: 'الإدلاء بعقد الكراء', nextHearingId: detail.hearings[2]!.id });
    expect(detail.audit.map((a) => [a.command, a.userDisplayName])).toEqual([
      ['registerCase', 'كريم الكاتب'],
      ['scheduleHearing', 'كريم الكاتب'],
      ['scheduleHearing', 'كريم الكاتب'],
      ['adjournHearing', 'سميرة القاضية'],
    ]);
    expect(detail.audit[3]!.changes.find((ch) => ch.entity === 'hearing' && ch.before !== null)).toMatchObject({
      before: { status: 'scheduled', adjournment_reason: null },
      after: { status: 'adjourned', adjournment_reason: 'documents_pending' },
    });
  });

  it('gives each audit entry, and each instant inside its changes, as the court\'s wall clock read in main', async () => {
    const c = court;
    const detail = caseDetailSchema.parse(await getCaseDetail(c.db, c.courtId, { caseId: ids.helene }));
    // Registered at 08:00 UTC on 5 January 2026: 09:00 in Rabat (UTC+1).
    expect(detail.audit[0]).toMatchObject({ command: 'registerCase', wallTime: '2026-01-05T08:00:00.000Z', courtTime: '2026-01-05 09:00' });
    // In Ramadan Morocco is on UTC+0: a party removed at 08:05 UTC was removed at 08:05 court time.
    c.setNow('2026-03-12T08:05:00.000Z');
    const added = await runCommand(c.db, c.env, c.clerk, 'addParty', {
      caseId: ids.helene,
      baseVersion: await caseVersion(c, ids.helene),
      entry: { party: { newParty: { kind: 'person', nameLatin: 'Youssef Berrada' } }, role: 'intervener' },
    });
    c.setNow('2026-06-15T08:05:00.000Z');
    await runCommand(c.db, c.env, c.clerk, 'removeParty', { caseId: ids.helene, baseVersion: added.version, casePartyId: added.casePartyId, reason: 'entered_in_error' });
    c.setNow('2026-01-05T08:00:00.000Z');
    const after = caseDetailSchema.parse(await getCaseDetail(c.db, c.courtId, { caseId: ids.helene }));
    const removal = after.audit.find((a) => a.command === 'removeParty')!;
    expect(removal.courtTime).toBe('2026-06-15 09:05');
    const link = removal.changes.find((ch) => ch.entity === 'case_party')!;
    expect(link.after).toMatchObject({ removed_at: '2026-06-15T08:05:00.000Z' });
    expect(link.courtTimes).toEqual({ before: {}, after: { removed_at: '2026-06-15 09:05' } });
    expect(after.audit.find((a) => a.command === 'addParty')!.courtTime).toBe('2026-03-12 08:05');
  });

  it('shows a removed party with when and why, and a closed case with its reason', async () => {
    const detail = await getCaseDetail(court.db, court.courtId, { caseId: ids.old });
    expect(detail.case).toMatchObject({ status: 'closed', closedOn: '2026-01-05', closureReason: 'withdrawn' });
    expect(detail.audit.map((a) => a.command)).toEqual(['registerCase', 'closeCase']);
  });

  it('a case of another court, or no case at all, is not found', async () => {
    await expect(getCaseDetail(court.db, newId(), { caseId: ids.bennani })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getCaseDetail(court.db, court.courtId, { caseId: newId() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('listHearingsOfDay', () => {
  it('gives the roll of the day by time, for the court or one chamber', async () => {
    const all = await listHearingsOfDay(court.db, court.courtId, { date: '2026-01-07' });
    for (const e of all.entries) hearingRollEntrySchema.parse(e);
    expect(all.entries.map((e) => [e.time, e.caseNumber])).toEqual([
      ['09:00', '2026/1301/1'],
      ['10:00', '2026/1101/2'],
      ['11:00', '2026/1101/1'],
    ]);
    expect(all.entries[1]).toMatchObject({ room: 'B', caseSubject: 'Recouvrement', caseStatus: 'in_hearing', partiesSummary: ['Hélène Benani', 'Crédit du Maroc'] });
    const family = await listHearingsOfDay(court.db, court.courtId, { date: '2026-01-07', chamberId: court.chambers.family });
    expect(family.entries.map((e) => e.caseNumber)).toEqual(['2026/1301/1', '2026/1101/2']);
    expect((await listHearingsOfDay(court.db, court.courtId, { date: '2026-01-08' })).entries).toEqual([]);
  });
});

describe('reference data and users', () => {
  it('gives the court, its chambers, the case types in force, the holidays and the document types', async () => {
    const ref = referenceDataSchema.parse(await getReferenceData(court.db, court.courtId));
    expect(ref.court).toMatchObject({ id: court.courtId, code: 'TPI-RABAT' });
    expect(ref.chambers.map((c) => c.code)).toEqual(['CIV', 'FAM']);
    expect(ref.caseTypes.map((t) => t.code)).toContain('1101');
    expect(ref.caseTypes.every((t) => /^[0-9]{4}$/.test(t.code) && t.nameAr && t.nameFr && t.nameEn)).toBe(true);
    expect(ref.holidays.find((h) => h.date === '2026-01-14')).toMatchObject({ nameFr: 'Nouvel An amazigh' });
    expect(ref.holidays.filter((h) => h.date.startsWith('2027-'))).not.toHaveLength(0);
    expect(ref.documentTypes.map((d) => d.code)).toEqual(['exhibit', 'expert_report', 'judgment_copy', 'memorandum', 'minutes', 'other', 'petition', 'summons']);
    await court.store.run("UPDATE case_types SET valid_to = '2025-12-31' WHERE code = '1801'");
    const on = await getReferenceData(court.db, court.courtId, '2026-01-05');
    expect(on.caseTypes.map((t) => t.code)).not.toContain('1801');
    expect((await getReferenceData(court.db, court.courtId, '2025-06-01')).caseTypes.map((t) => t.code)).toContain('1801');
    await court.store.run("UPDATE case_types SET valid_to = NULL WHERE code = '1801'");
  });

  it('lists the court\'s users without their password hashes, and finds one by id', async () => {
    const users = await listUsers(court.db, court.courtId);
    for (const u of users) userViewSchema.strict().parse(u);
    expect(users.map((u) => u.username)).toEqual(['amina.admin', 'hassan.chef', 'it.admin', 'karim.greffier', 'samira.juge']);
    expect(JSON.stringify(users)).not.toContain('argon2');
    expect(await getAppUser(court.db, court.judge.userId)).toEqual({ id: court.judge.userId, username: 'samira.juge', displayName: 'سميرة القاضية', roles: ['judge'], active: true, mustChangePassword: false, version: 1 });
    expect(await getAppUser(court.db, newId())).toBeNull();
  });
});

describe('registry totals', () => {
  it('the totals (kept by triggers in case_counts) agree with counting the cases, for every filter, after cases move chamber and status', async () => {
    const court = await openTestCourt();
    await registerSampleCase(court);
    await registerSampleCase(court, { filedOn: '2025-11-20' });
    const heard = await registerSampleCase(court);
    await runCommand(court.db, court.env, court.clerk, 'scheduleHearing', { caseId: heard.caseId, baseVersion: 1, date: '2026-01-07', time: '11:00' });
    const closed = await registerSampleCase(court);
    await runCommand(court.db, court.env, court.chiefClerk, 'closeCase', { caseId: closed.caseId, baseVersion: 1, reason: 'withdrawn' });
    const moved = await registerSampleCase(court, { subject: 'ملف ينقل' });
    await runCommand(court.db, court.env, court.clerk, 'updateCaseParticulars', { caseId: moved.caseId, baseVersion: 1, changes: { chamberId: court.chambers.family } });
    const count = async (where: string, params: unknown[]) =>
      Number(((await court.store.get(`SELECT count(*) AS n FROM cases WHERE court_id = ? ${where}`, [court.courtId, ...params])) as { n: number }).n);
    const filters: { filter: Record<string, string | number>; where: string; params: unknown[] }[] = [{ filter: {}, where: '', params: [] }];
    for (const status of ['registered', 'in_hearing', 'closed', 'judged']) filters.push({ filter: { status }, where: 'AND status = ?', params: [status] });
    for (const chamberId of [court.chambers.civil, court.chambers.family]) {
      filters.push({ filter: { chamberId }, where: 'AND chamber_id = ?', params: [chamberId] });
      filters.push({ filter: { chamberId, status: 'registered', year: 2026 }, where: 'AND chamber_id = ? AND status = ? AND year = ?', params: [chamberId, 'registered', 2026] });
    }
    filters.push({ filter: { caseTypeId: CASE_TYPE.civil, year: 2025 }, where: 'AND case_type_id = ? AND year = ?', params: [CASE_TYPE.civil, 2025] });
    for (const f of filters) {
      const page = await listCasesForRegistry(court.db, court.courtId, { filter: f.filter, offset: 0, limit: 1 });
      expect({ filter: f.filter, total: page.total }).toEqual({ filter: f.filter, total: await count(f.where, f.params) });
    }
    expect(await count('AND chamber_id = ?', [court.chambers.family])).toBe(1);
    await court.close();
  });
});

describe('a party whose own name holds " / ", the separator the summary is shown with', () => {
  it('is one name in the registry row and on the roll, stored as the joined text a desk one release behind shows whole; a summary stored before still reads', async () => {
    const own = await openTestCourt();
    try {
      const atlas = 'Société Atlas Transport / succursale de Casablanca';
      const branch = 'شركة الأطلس للنقل / فرع الدار البيضاء';
      const registered = await registerSampleCase(own, {
        parties: [
          { party: { newParty: { kind: 'organisation', nameLatin: atlas } }, role: 'plaintiff' },
          { party: { newParty: { kind: 'organisation', nameAr: branch } }, role: 'defendant' },
        ],
      });
      const page = registryPageSchema.parse(await listCasesForRegistry(own.db, own.courtId, { filter: {}, offset: 0, limit: 10 }));
      expect(page.rows.map((r) => r.partiesSummary)).toEqual([[atlas, branch]]);
      const stored = await own.db.selectFrom('cases').select('parties_summary').where('id', '=', registered.caseId).executeTakeFirstOrThrow();
      expect(stored.parties_summary.split(' / ')).toHaveLength(2);
      expect(stored.parties_summary.replace(/\u00a0/g, ' ')).toBe(`${atlas} / ${branch}`);
      await runCommand(own.db, own.env, own.clerk, 'scheduleHearing', { caseId: registered.caseId, baseVersion: 1, date: '2026-01-07', time: '09:00' });
      const roll = await listHearingsOfDay(own.db, own.courtId, { date: '2026-01-07' });
      expect(roll.entries.map((e) => hearingRollEntrySchema.parse(e).partiesSummary)).toEqual([[atlas, branch]]);
      // A row written by an earlier release, its names joined by plain " / ": read as before.
      await own.db.updateTable('cases').set({ parties_summary: 'محمد بناني / شركة الأطلس' }).where('id', '=', registered.caseId).execute();
      expect((await listCasesForRegistry(own.db, own.courtId, { filter: {}, offset: 0, limit: 10 })).rows[0]!.partiesSummary).toEqual(['محمد بناني', 'شركة الأطلس']);
    } finally {
      await own.close();
    }
  });
});
