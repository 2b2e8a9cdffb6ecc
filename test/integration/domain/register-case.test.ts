// Registering a case at the counter: the case, its parties and links are written with version 1,
// the number comes from the court's number blocks, and one outbox row and one audit entry record
// the command. Every rule of filing is enforced by the command itself.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import type { AuditChange } from '../../../src/shared/schemas/views';
import { CASE_TYPE, expectRefusedWithoutWrites, openTestCourt, registerSampleCase, sampleCaseArgs, verifyChain, type TestCourt } from '../../helpers/db';

let court: TestCourt;
beforeEach(async () => {
  court = await openTestCourt();
});
afterEach(async () => {
  await court.close();
});

describe('a clerk registers a case', () => {
  it('writes the case, its two parties and their links at version 1, with one outbox row and one audit entry', async () => {
    const before = (await court.store.get('SELECT count(*) AS n FROM audit')) as { n: number };
    const result = await registerSampleCase(court);
    expect(result).toEqual({ caseId: expect.any(String), number: '2026/1101/1', provisional: false });

    const kase = await court.db.selectFrom('cases').selectAll().where('id', '=', result.caseId).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({
      court_id: court.courtId,
      number: '2026/1101/1',
      serial: 1,
      provisional: 0,
      type_code: '1101',
      year: 2026,
      status: 'registered',
      filed_on: '2026-01-05',
      parties_summary: 'محمد بناني / شركة الأطلس',
      next_hearing_date: null,
      created_by: court.clerk.userId,
      version: 1,
    });
    const parties = await court.db
      .selectFrom('case_parties as cp')
      .innerJoin('parties as p', 'p.id', 'cp.party_id')
      .select(['cp.role', 'cp.version as link_version', 'p.version', 'p.national_id', 'p.search_text', 'cp.updated_hlc', 'cp.lawyer_name'])
      .where('cp.case_id', '=', result.caseId)
      .orderBy('cp.id')
      .execute();
    expect(parties).toEqual([
      { role: 'plaintiff', link_version: 1, version: 1, national_id: 'AB123456', search_text: 'محمد بناني mohammed bennani ab123456', updated_hlc: kase.updated_hlc, lawyer_name: 'ذ. يوسف العلوي' },
      { role: 'defendant', link_version: 1, version: 1, national_id: null, search_text: 'شركه الاطلس societe atlas sarl', updated_hlc: kase.updated_hlc, lawyer_name: null },
    ]);

    const outbox = (await court.store.get('SELECT * FROM outbox ORDER BY mutation_id DESC LIMIT 1')) as Record<string, unknown>;
    expect(outbox).toMatchObject({ name: 'registerCase', base_versions: '{}', hlc: kase.updated_hlc, user_id: court.clerk.userId, status: 'pending' });
    expect(JSON.parse(outbox.args as string)).toEqual(JSON.parse(JSON.stringify(sampleCaseArgs(court))));

    const audit = (await court.store.get('SELECT * FROM audit ORDER BY seq DESC LIMIT 1')) as Record<string, unknown>;
    expect(audit.seq).toBe(before.n + 1);
    expect(audit).toMatchObject({ command: 'registerCase', user_id: court.clerk.userId, hlc: kase.updated_hlc, wall_time: '2026-01-05T08:00:00.000Z' });
    const changes = JSON.parse(audit.changes as string) as AuditChange[];
    expect(changes.map((c) => c.entity)).toEqual(['number_block', 'number_block', 'case', 'party', 'case_party', 'party', 'case_party']);
    const caseChange = changes.find((c) => c.entity === 'case')!;
    expect(caseChange.before).toBeNull();
    expect(caseChange.after).toMatchObject({ number: '2026/1101/1', status: 'registered', version: 1 });
    expect(caseChange.after).not.toHaveProperty('updated_hlc');
    expect(await verifyChain(court)).toMatchObject({ ok: true });
  });

  it('numbers follow each other within the type and year, and each type has its own series', async () => {
    const a = await registerSampleCase(court);
    const b = await registerSampleCase(court);
    const c = await registerSampleCase(court, { caseTypeId: CASE_TYPE.family, chamberId: court.chambers.family });
    const d = await registerSampleCase(court, { filedOn: '2025-12-31' });
    expect([a.number, b.number, c.number, d.number]).toEqual(['2026/1101/1', '2026/1101/2', '2026/1301/1', '2025/1101/1']);
  });

  it('a standalone workstation grants itself the next 1000 serials when its block is used up (audited)', async () => {
    await runCommand(court.db, court.env, court.pureAdmin, 'grantNumberBlock', { typeCode: '1101', year: 2026, firstSerial: 1, lastSerial: 2 });
    expect((await registerSampleCase(court)).number).toBe('2026/1101/1');
    expect((await registerSampleCase(court)).number).toBe('2026/1101/2');
    const third = await registerSampleCase(court);
    expect(third.number).toBe('2026/1101/3');
    const blocks = await court.store.query('SELECT first_serial, last_serial, next_serial, source FROM number_blocks ORDER BY first_serial');
    expect(blocks).toEqual([
      { first_serial: 1, last_serial: 2, next_serial: 3, source: 'bootstrap' },
      { first_serial: 3, last_serial: 1002, next_serial: 4, source: 'bootstrap' },
    ]);
    const changes = JSON.parse(((await court.store.get('SELECT changes FROM audit ORDER BY seq DESC LIMIT 1')) as { changes: string }).changes) as AuditChange[];
    expect(changes[0]).toMatchObject({ entity: 'number_block', before: null, after: { first_serial: 3, last_serial: 1002 } });
  });

  it('the lowest block with serials left is used first', async () => {
    await runCommand(court.db, court.env, court.pureAdmin, 'grantNumberBlock', { typeCode: '1101', year: 2026, firstSerial: 501, lastSerial: 600 });
    await runCommand(court.db, court.env, court.pureAdmin, 'grantNumberBlock', { typeCode: '1101', year: 2026, firstSerial: 101, lastSerial: 101 });
    expect((await registerSampleCase(court)).number).toBe('2026/1101/101');
    expect((await registerSampleCase(court)).number).toBe('2026/1101/501');
  });

  it('an enrolled workstation with no block left issues provisional numbers with its device tag', async () => {
    court.env.numbering = 'server';
    court.env.deviceTag = 'RBT7';
    const first = await registerSampleCase(court);
    const second = await registerSampleCase(court);
    expect([first, second].map((r) => [r.number, r.provisional])).toEqual([
      ['2026/1101/P-RBT7-1', true],
      ['2026/1101/P-RBT7-2', true],
    ]);
    const row = await court.store.get('SELECT serial, provisional FROM cases WHERE id = ?', [second.caseId]);
    expect(row).toEqual({ serial: null, provisional: 1 });
    // Once a block arrives, numbers are final again.
    await runCommand(court.db, court.env, court.pureAdmin, 'grantNumberBlock', { typeCode: '1101', year: 2026, firstSerial: 1, lastSerial: 50 });
    expect(await registerSampleCase(court)).toMatchObject({ number: '2026/1101/1', provisional: false });
  });

  it('an existing party of the court can be put on a new case without retyping it', async () => {
    const first = await registerSampleCase(court);
    const company = await court.db
      .selectFrom('case_parties')
      .select('party_id')
      .where('case_id', '=', first.caseId)
      .where('role', '=', 'defendant')
      .executeTakeFirstOrThrow();
    const second = await registerSampleCase(court, {
      parties: [
        { party: { newParty: { kind: 'person', nameAr: 'سعاد العمراني' } }, role: 'plaintiff' },
        { party: { existingPartyId: company.party_id }, role: 'defendant' },
      ],
    });
    const summary = await court.db.selectFrom('cases').select('parties_summary').where('id', '=', second.caseId).executeTakeFirstOrThrow();
    expect(summary.parties_summary).toBe('سعاد العمراني / شركة الأطلس');
    expect(((await court.store.get('SELECT count(*) AS n FROM parties')) as { n: number }).n).toBe(3);
  });
});

describe('the filing rules are enforced by registerCase (nothing written when one fails)', () => {
  it('a filing date in the future is refused', async () => {
    await expectRefusedWithoutWrites(court, () => registerSampleCase(court, { filedOn: '2026-01-06' }), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.filedOnInFuture',
    });
  });

  it('a case type not yet in force on the filing date is refused', async () => {
    await court.store.run("UPDATE case_types SET valid_from = '2026-02-01' WHERE id = ?", [CASE_TYPE.commercial]);
    await expectRefusedWithoutWrites(court, () => registerSampleCase(court, { caseTypeId: CASE_TYPE.commercial }), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.caseTypeNotValidOnDate',
    });
  });

  it('a case type no longer in force on the filing date is refused', async () => {
    await court.store.run("UPDATE case_types SET valid_to = '2025-12-31' WHERE id = ?", [CASE_TYPE.commercial]);
    await expectRefusedWithoutWrites(court, () => registerSampleCase(court, { caseTypeId: CASE_TYPE.commercial }), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.caseTypeNotValidOnDate',
    });
  });

  it('a chamber of another court is reported as not found', async () => {
    await court.store.run("INSERT INTO courts (id, code, name_ar, name_fr, version, updated_hlc) VALUES ('01900000-0000-7000-8000-00000000c0c0', 'TPI-FES', 'المحكمة الابتدائية بفاس', 'TPI de Fès', 1, 'x')");
    await court.store.run("INSERT INTO chambers (id, court_id, code, name_ar, name_fr, version, updated_hlc) VALUES ('01900000-0000-7000-8000-00000000c1c1', '01900000-0000-7000-8000-00000000c0c0', 'CIV', 'الغرفة المدنية', 'Civile', 1, 'x')");
    await expectRefusedWithoutWrites(court, () => registerSampleCase(court, { chamberId: '01900000-0000-7000-8000-00000000c1c1' }), {
      code: 'NOT_FOUND',
    });
  });

  it('a party with no name, a swapped name or a bad CIN is refused (by the command\'s schema) with the field that is wrong', async () => {
    const bad = [
      [{ kind: 'person' as const, nameAr: '   ' }, 'errors.rule.partyNameRequired', 'nameAr'],
      [{ kind: 'person' as const, nameAr: 'Bennani' }, 'errors.rule.partyNameArNotArabic', 'nameAr'],
      [{ kind: 'person' as const, nameAr: 'محمد', nationalId: '12AB' }, 'errors.rule.nationalIdFormat', 'nationalId'],
      [{ kind: 'organisation' as const, nameLatin: 'Atlas', nationalId: 'AB1' }, 'errors.rule.nationalIdForOrganisation', 'nationalId'],
    ] as const;
    for (const [newParty, key, field] of bad) {
      const err = await expectRefusedWithoutWrites(
        court,
        () => registerSampleCase(court, { parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني' } }, role: 'plaintiff' }, { party: { newParty }, role: 'defendant' }] }),
        { code: 'VALIDATION_FAILED' },
      );
      expect(err.fields).toEqual([{ path: ['parties', 1, 'party', 'newParty', field], i18nKey: key }]);
    }
  });

  it('the same existing party cannot appear twice on one case', async () => {
    const first = await registerSampleCase(court);
    const p = await court.db.selectFrom('case_parties').select('party_id').where('case_id', '=', first.caseId).limit(1).executeTakeFirstOrThrow();
    await expectRefusedWithoutWrites(
      court,
      () =>
        registerSampleCase(court, {
          parties: [
            { party: { existingPartyId: p.party_id }, role: 'plaintiff' },
            { party: { existingPartyId: p.party_id }, role: 'defendant' },
          ],
        }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.partyAlreadyOnCase' },
    );
  });

  it('a refused registration does not use up a case number', async () => {
    await registerSampleCase(court);
    await expect(registerSampleCase(court, { parties: [{ party: { newParty: { kind: 'person', nameLatin: 'محمد' } }, role: 'plaintiff' }] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(registerSampleCase(court, { filedOn: '2026-02-01' })).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    expect((await registerSampleCase(court)).number).toBe('2026/1101/2');
  });
});
