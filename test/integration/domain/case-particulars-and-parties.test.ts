// Correcting a case and changing who is on it: updateCaseParticulars, addParty, removeParty. Each
// write bumps versions, refreshes the parties summary, and records before/after in the audit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import type { AuditChange } from '../../../src/shared/schemas/views';
import { caseVersion, expectRefusedWithoutWrites, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';

let court: TestCourt;
let caseId: string;
beforeEach(async () => {
  court = await openTestCourt();
  caseId = (await registerSampleCase(court)).caseId;
});
afterEach(async () => {
  await court.close();
});

async function lastAudit(): Promise<{ command: string; changes: AuditChange[] }> {
  const row = (await court.store.get('SELECT command, changes FROM audit ORDER BY seq DESC LIMIT 1')) as { command: string; changes: string };
  return { command: row.command, changes: JSON.parse(row.changes) as AuditChange[] };
}
async function lastOutbox(): Promise<{ name: string; base_versions: string }> {
  return (await court.store.get('SELECT name, base_versions FROM outbox ORDER BY mutation_id DESC LIMIT 1')) as never;
}

describe('updateCaseParticulars', () => {
  it('a clerk corrects the subject and chamber: version 2, audit shows only what changed', async () => {
    const result = await runCommand(court.db, court.env, court.clerk, 'updateCaseParticulars', {
      caseId,
      baseVersion: 1,
      changes: { subject: 'أداء مبلغ دين وتعويض', chamberId: court.chambers.family },
    });
    expect(result).toEqual({ caseId, version: 2 });
    expect(await lastAudit()).toEqual({
      command: 'updateCaseParticulars',
      changes: [
        {
          entity: 'case',
          id: caseId,
          before: { subject: 'أداء مبلغ دين', chamber_id: court.chambers.civil, version: 1 },
          after: { subject: 'أداء مبلغ دين وتعويض', chamber_id: court.chambers.family, version: 2 },
        },
      ],
    });
    expect(JSON.parse((await lastOutbox()).base_versions)).toEqual({ [caseId]: 1 });
  });

  it('the filing date may be corrected within its year, not moved to another year', async () => {
    await runCommand(court.db, court.env, court.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { filedOn: '2026-01-02' } });
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'updateCaseParticulars', { caseId, baseVersion: 2, changes: { filedOn: '2025-12-31' } }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.filedOnYearChange' },
    );
  });

  it('a correction based on an old version is refused as stale', async () => {
    await runCommand(court.db, court.env, court.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'موضوع أول' } });
    const err = await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'موضوع ثان' } }),
      { code: 'STALE_VERSION', i18nKey: 'errors.staleVersion' },
    );
    expect(err.params).toMatchObject({ entity: 'case', id: caseId, expected: 1, actual: 2 });
  });

  it('saving the same values changes nothing and says so', async () => {
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'أداء مبلغ دين' } }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.nothingToChange' },
    );
  });
});

describe('addParty and removeParty', () => {
  it('a clerk adds a second plaintiff: link written, summary unchanged (first plaintiff stays first), case version moves on', async () => {
    const r = await runCommand(court.db, court.env, court.clerk, 'addParty', {
      caseId,
      baseVersion: 1,
      entry: { party: { newParty: { kind: 'person', nameAr: 'سعاد بناني', nationalId: 'K99' } }, role: 'plaintiff', lawyerName: 'ذة. نادية', lawyerBarNumber: '1234' },
    });
    expect(r).toMatchObject({ caseId, version: 2 });
    expect((await lastAudit()).changes.map((c) => [c.entity, c.before])).toEqual([
      ['party', null],
      ['case_party', null],
      ['case', { version: 1 }],
    ]);
    const link = await court.store.get('SELECT role, lawyer_bar_number, version FROM case_parties WHERE id = ?', [r.casePartyId]);
    expect(link).toEqual({ role: 'plaintiff', lawyer_bar_number: '1234', version: 1 });
  });

  it('removing the first defendant moves the summary to the next one, softly (the row stays)', async () => {
    const added = await runCommand(court.db, court.env, court.clerk, 'addParty', {
      caseId,
      baseVersion: 1,
      entry: { party: { newParty: { kind: 'organisation', nameLatin: 'Banque Populaire' } }, role: 'defendant' },
    });
    const first = await court.db
      .selectFrom('case_parties')
      .select(['id'])
      .where('case_id', '=', caseId)
      .where('role', '=', 'defendant')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const r = await runCommand(court.db, court.env, court.clerk, 'removeParty', { caseId, baseVersion: added.version, casePartyId: first.id, reason: 'entered_in_error' });
    expect(r).toEqual({ caseId, version: 3 });
    const summary = await court.db.selectFrom('cases').select('parties_summary').where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(summary.parties_summary).toBe('محمد بناني / Banque Populaire');
    const removed = await court.store.get('SELECT removed_at, removal_reason, version FROM case_parties WHERE id = ?', [first.id]);
    expect(removed).toEqual({ removed_at: '2026-01-05T08:00:00.000Z', removal_reason: 'entered_in_error', version: 2 });
    const audit = await lastAudit();
    expect(audit.changes).toEqual([
      { entity: 'case_party', id: first.id, before: { removed_at: null, removal_reason: null, version: 1 }, after: { removed_at: '2026-01-05T08:00:00.000Z', removal_reason: 'entered_in_error', version: 2 } },
      { entity: 'case', id: caseId, before: { parties_summary: 'محمد بناني / شركة الأطلس', version: 2 }, after: { parties_summary: 'محمد بناني / Banque Populaire', version: 3 } },
    ]);
  });

  it('the last active party of a case cannot be removed', async () => {
    const links = await court.db.selectFrom('case_parties').select('id').where('case_id', '=', caseId).orderBy('id').execute();
    const r = await runCommand(court.db, court.env, court.clerk, 'removeParty', { caseId, baseVersion: 1, casePartyId: links[1]!.id, reason: 'withdrew' });
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'removeParty', { caseId, baseVersion: r.version, casePartyId: links[0]!.id, reason: 'withdrew' }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.lastActiveParty' },
    );
  });

  it('a party already removed cannot be removed again, nor added twice while active', async () => {
    const links = await court.db.selectFrom('case_parties').select(['id', 'party_id']).where('case_id', '=', caseId).orderBy('id').execute();
    const added = await runCommand(court.db, court.env, court.clerk, 'addParty', {
      caseId,
      baseVersion: 1,
      entry: { party: { newParty: { kind: 'person', nameAr: 'ليلى' } }, role: 'intervener' },
    });
    const r = await runCommand(court.db, court.env, court.clerk, 'removeParty', { caseId, baseVersion: added.version, casePartyId: links[1]!.id, reason: 'withdrew' });
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'removeParty', { caseId, baseVersion: r.version, casePartyId: links[1]!.id, reason: 'withdrew' }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.partyAlreadyRemoved' },
    );
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'addParty', { caseId, baseVersion: r.version, entry: { party: { existingPartyId: links[0]!.party_id }, role: 'intervener' } }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.partyAlreadyOnCase' },
    );
  });

  it('a case party of another case is not found on this one', async () => {
    const other = await registerSampleCase(court);
    const link = await court.db.selectFrom('case_parties').select('id').where('case_id', '=', other.caseId).limit(1).executeTakeFirstOrThrow();
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'removeParty', { caseId, baseVersion: 1, casePartyId: link.id, reason: 'withdrew' }),
      { code: 'NOT_FOUND' },
    );
  });

  it('a closed case takes no new party', async () => {
    const closed = await runCommand(court.db, court.env, court.chiefClerk, 'closeCase', { caseId, baseVersion: 1, reason: 'withdrawn' });
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.clerk, 'addParty', { caseId, baseVersion: closed.version, entry: { party: { newParty: { kind: 'person', nameAr: 'ليلى' } }, role: 'intervener' } }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.caseClosed' },
    );
    expect(await caseVersion(court, caseId)).toBe(closed.version);
  });
});

describe('the case version moves with its parts', () => {
  it('adding a second defendant leaves the summary as it was but still moves the case version, so a clerk working from the old version is stopped', async () => {
    const summaryBefore = (await court.db.selectFrom('cases').select('parties_summary').where('id', '=', caseId).executeTakeFirstOrThrow()).parties_summary;
    const added = await runCommand(court.db, court.env, court.clerk, 'addParty', {
      caseId,
      baseVersion: 1,
      entry: { party: { newParty: { kind: 'person', nameAr: 'سعيد الإدريسي' } }, role: 'defendant' },
    });
    expect(added.version).toBe(2);
    expect(await caseVersion(court, caseId)).toBe(2);
    const summaryAfter = (await court.db.selectFrom('cases').select('parties_summary').where('id', '=', caseId).executeTakeFirstOrThrow()).parties_summary;
    expect(summaryAfter).toBe(summaryBefore);
    // The audit shows the version step even though no other field of the case changed.
    const caseChange = (await lastAudit()).changes.find((c) => c.entity === 'case');
    expect(caseChange).toEqual({ entity: 'case', id: caseId, before: { version: 1 }, after: { version: 2 } });
    await expectRefusedWithoutWrites(
      court,
      () =>
        runCommand(court.db, court.env, court.clerk, 'addParty', {
          caseId,
          baseVersion: 1,
          entry: { party: { newParty: { kind: 'person', nameLatin: 'Karim Tazi' } }, role: 'defendant' },
        }),
      { code: 'STALE_VERSION' },
    );
  });
});
