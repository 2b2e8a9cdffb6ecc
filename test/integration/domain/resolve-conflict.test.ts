// resolveConflict on either engine (ARCHITECTURE §4): a clerk's answer to a conflict the server kept
// — per field a value the conflict shows, written on the record as it stands, the conflict closed
// where this store keeps it (the desk's push_outcomes, the server's conflicts row), audited and in
// the outbox; a value the conflict does not show, a conflict unknown or already closed, and the
// operator's answer on a desk's store are refused with nothing written.
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import { canonicalJson } from '../../../src/shared/canonical-json';
import { newId } from '../../../src/shared/ids';
import { expectRefusedWithoutWrites, openTestCourt, registerSampleCase, verifyChain, type TestCourt } from '../../helpers/db';

let court: TestCourt | undefined;
afterEach(async () => {
  await court?.close();
  court = undefined;
});

/** A case corrected on this desk (its outbox row) whose push the server answered with a conflict on the subject. */
async function conflictOnDesk(c: TestCourt) {
  const reg = await registerSampleCase(c, { subject: 'أداء دين' });
  await runCommand(c.db, c.env, c.clerk, 'updateCaseParticulars', { caseId: reg.caseId, baseVersion: 1, changes: { subject: 'أداء دين تجاري' } });
  const mutationId = Number(await c.store.value('SELECT max(mutation_id) FROM outbox'));
  const conflict = { id: newId(), entity: 'case', entityId: reg.caseId, baseVersion: 1, serverVersion: 2, fields: [{ field: 'subject', base: 'أداء دين', mine: 'أداء دين تجاري', theirs: 'أداء كراء' }] };
  await c.store.run('INSERT INTO push_outcomes (mutation_id, outcome, detail, received_at) VALUES (?, ?, ?, ?)', [mutationId, 'conflict', canonicalJson({ conflict }), '2026-12-07T08:00:00.000Z']);
  return { caseId: reg.caseId, mutationId, conflict };
}

describe('resolveConflict', () => {
  it('on the desk: the chosen value is written on the current version, the answer settled, audited and queued for the server', async () => {
    court = await openTestCourt();
    const c = court;
    const { caseId, mutationId, conflict } = await conflictOnDesk(c);
    const r = await runCommand(c.db, c.env, c.clerk, 'resolveConflict', { conflictId: conflict.id, mutationId, entity: 'case', entityId: caseId, values: { subject: 'أداء كراء' } });
    expect(r).toEqual({ entityId: caseId, version: 3 });
    expect(await c.store.get('SELECT subject, version FROM cases WHERE id = ?', [caseId])).toEqual({ subject: 'أداء كراء', version: 3 });
    expect(await c.store.value('SELECT settled_at FROM push_outcomes WHERE mutation_id = ?', [mutationId])).toMatch(/^2026-/);
    expect(await c.store.get("SELECT name, status FROM outbox WHERE name = 'resolveConflict'")).toEqual({ name: 'resolveConflict', status: 'pending' });
    // Quick find follows the chosen subject.
    expect(await c.store.value('SELECT search_text FROM cases WHERE id = ?', [caseId])).toContain('كراء');
    expect(await verifyChain(c)).toMatchObject({ ok: true });
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.clerk, 'resolveConflict', { conflictId: conflict.id, mutationId, entity: 'case', entityId: caseId, values: { subject: 'أداء دين' } }), {
      code: 'CONFLICT',
      i18nKey: 'errors.rule.conflictAlreadyResolved',
    });
  });

  it('refuses a value the conflict does not show, a field it does not name, an unknown conflict, a judge, and the operator on a desk — writing nothing', async () => {
    court = await openTestCourt();
    const c = court;
    const { caseId, mutationId, conflict } = await conflictOnDesk(c);
    const args = { conflictId: conflict.id, mutationId, entity: 'case', entityId: caseId, values: { subject: 'أداء كراء' } };
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.clerk, 'resolveConflict', { ...args, values: { subject: 'something typed anew' } }), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.conflictValueNotOffered' });
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.clerk, 'resolveConflict', { ...args, values: { subject: 'أداء كراء', chamber_id: c.chambers.family } }), { code: 'RULE_VIOLATION' });
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.clerk, 'resolveConflict', { ...args, values: { version: 99 } }), { code: 'RULE_VIOLATION' });
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.clerk, 'resolveConflict', { ...args, values: {} }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.clerk, 'resolveConflict', { ...args, conflictId: newId() }), { code: 'NOT_FOUND' });
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.clerk, 'resolveConflict', { ...args, entity: 'hearing' }), { code: 'NOT_FOUND' });
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.clerk, 'resolveConflict', { ...args, mutationId: mutationId + 100 }), { code: 'NOT_FOUND' });
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.judge, 'resolveConflict', args), { code: 'FORBIDDEN' });
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, null, 'resolveConflict', args), { code: 'FORBIDDEN', i18nKey: 'errors.setup.notOnDesk' });
  });

  it("closes the server's conflict row when the store keeps one, naming who resolved it", async () => {
    court = await openTestCourt();
    const c = court;
    const reg = await registerSampleCase(c, { subject: 'أداء دين' });
    const id = newId();
    const fields = [{ field: 'subject', base: 'أداء دين', mine: 'تعويض', theirs: 'أداء دين' }];
    await c.store.run(
      'INSERT INTO conflicts (id, court_id, device_id, mutation_id, name, args, user_id, entity, entity_id, base_version, server_version, fields, status, created_at, resolved_by, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [id, c.courtId, 'dev-b', 7, 'updateCaseParticulars', '{}', c.clerk.userId, 'case', reg.caseId, 1, 1, canonicalJson(fields), 'open', '2026-12-07T08:00:00.000Z', null, null],
    );
    await runCommand(c.db, c.env, c.chiefClerk, 'resolveConflict', { conflictId: id, mutationId: 7, entity: 'case', entityId: reg.caseId, values: { subject: 'تعويض' } });
    expect(await c.store.get('SELECT status, resolved_by FROM conflicts WHERE id = ?', [id])).toEqual({ status: 'resolved', resolved_by: c.chiefClerk.userId });
    expect(await c.store.value('SELECT subject FROM cases WHERE id = ?', [reg.caseId])).toBe('تعويض');
    expect(await verifyChain(c)).toMatchObject({ ok: true });
  });
});
