// The desk's users as an administrator manages them: roles changed, a password reset (to be changed
// by its owner at the next sign-in), a user deactivated and reactivated — each audited, none with a
// password hash in the outbox, and never leaving the court without an active administrator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAppUser, runCommand } from '../../../src/domain';
import type { AuditChange } from '../../../src/shared/schemas/views';
import { TEST_PASSWORD_HASH, expectRefusedWithoutWrites, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';

const OTHER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0b3RoZXI$b3RoZXJoYXNob3RoZXJoYXNo';

let court: TestCourt;
beforeEach(async () => {
  court = await openTestCourt();
});
afterEach(async () => {
  await court.close();
});

const version = async (userId: string) => (await getAppUser(court.db, userId))!.version;
const lastAudit = async () => (await court.store.get('SELECT command, user_id, changes FROM audit ORDER BY seq DESC LIMIT 1')) as { command: string; user_id: string; changes: string };
const lastOutbox = async () => (await court.store.get('SELECT name, args FROM outbox ORDER BY mutation_id DESC LIMIT 1')) as { name: string; args: string };

describe('an administrator manages the users', () => {
  it('changes a clerk\'s roles: audited before and after, stored in the vocabulary\'s order', async () => {
    const r = await runCommand(court.db, court.env, court.pureAdmin, 'setUserRoles', { userId: court.clerk.userId, baseVersion: 1, roles: ['judge', 'clerk'] });
    expect(r.version).toBe(2);
    expect(await court.store.value('SELECT roles FROM users WHERE id = ?', [court.clerk.userId])).toBe('["clerk","judge"]');
    const audit = await lastAudit();
    expect(audit.command).toBe('setUserRoles');
    expect((JSON.parse(audit.changes) as AuditChange[])[0]).toMatchObject({ entity: 'user', before: { roles: '["clerk"]', version: 1 }, after: { roles: '["clerk","judge"]', version: 2 } });
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.pureAdmin, 'setUserRoles', { userId: court.clerk.userId, baseVersion: 1, roles: ['clerk'] }),
      { code: 'STALE_VERSION' },
    );
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.pureAdmin, 'setUserRoles', { userId: court.clerk.userId, baseVersion: 2, roles: ['judge', 'clerk'] }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.nothingToChange' },
    );
  });

  it('resets a password: the user must change it; the hash is stored, audited as [redacted], never in the outbox', async () => {
    await runCommand(court.db, court.env, court.pureAdmin, 'resetUserPassword', { userId: court.judge.userId, baseVersion: 1, passwordHash: OTHER_HASH });
    expect(await court.store.get('SELECT password_hash, must_change_password FROM users WHERE id = ?', [court.judge.userId])).toEqual({ password_hash: OTHER_HASH, must_change_password: 1 });
    expect((await getAppUser(court.db, court.judge.userId))!.mustChangePassword).toBe(true);
    expect((await lastAudit()).changes).not.toContain('argon2');
    expect(await lastOutbox()).toEqual({ name: 'resetUserPassword', args: JSON.stringify({ baseVersion: 1, userId: court.judge.userId }) });

    // The judge chooses their own: the reset is over, and the outbox learns only that it happened.
    await runCommand(court.db, court.env, court.judge, 'changeOwnPassword', { passwordHash: TEST_PASSWORD_HASH });
    expect(await court.store.get('SELECT password_hash, must_change_password FROM users WHERE id = ?', [court.judge.userId])).toEqual({ password_hash: TEST_PASSWORD_HASH, must_change_password: 0 });
    expect(await lastAudit()).toMatchObject({ command: 'changeOwnPassword', user_id: court.judge.userId });
    expect(await lastOutbox()).toEqual({ name: 'changeOwnPassword', args: '{}' });
    expect(await court.store.value("SELECT count(*) FROM outbox WHERE args LIKE '%argon2%'")).toBe(0);
  });

  it('an administrator cannot reset their own password (that would skip the current one): refused, nothing written', async () => {
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.pureAdmin, 'resetUserPassword', { userId: court.pureAdmin.userId, baseVersion: 1, passwordHash: OTHER_HASH }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.cannotResetOwnPassword' },
    );
  });

  it('deactivates a clerk, who can no longer act; reactivates them', async () => {
    const caseArgsOk = await registerSampleCase(court);
    expect(caseArgsOk.number).toBe('2026/1101/1');
    await runCommand(court.db, court.env, court.pureAdmin, 'setUserActive', { userId: court.clerk.userId, baseVersion: 1, active: false });
    await expectRefusedWithoutWrites(court, () => registerSampleCase(court), { code: 'FORBIDDEN' });
    await runCommand(court.db, court.env, court.pureAdmin, 'setUserActive', { userId: court.clerk.userId, baseVersion: 2, active: true });
    expect((await registerSampleCase(court)).number).toBe('2026/1101/2');
  });

  it('never leaves the court without an active administrator, and an admin never deactivates themselves', async () => {
    // Two admins: amina (admin + chief clerk) and it.admin. One may go; the last one may not.
    await runCommand(court.db, court.env, court.pureAdmin, 'setUserActive', { userId: court.admin.userId, baseVersion: 1, active: false });
    const last = await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, court.pureAdmin, 'setUserRoles', { userId: court.pureAdmin.userId, baseVersion: await version(court.pureAdmin.userId), roles: ['clerk'] }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.lastAdmin' },
    );
    expect(last.fields).toEqual([{ path: ['roles'], i18nKey: 'errors.rule.lastAdmin', params: { username: 'it.admin' } }]);
    await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, court.pureAdmin, 'setUserActive', { userId: court.pureAdmin.userId, baseVersion: await version(court.pureAdmin.userId), active: false }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.cannotDeactivateSelf' },
    );
    // With amina back, it.admin may drop the admin role: amina is still there.
    await runCommand(court.db, court.env, court.pureAdmin, 'setUserActive', { userId: court.admin.userId, baseVersion: 2, active: true });
    await runCommand(court.db, court.env, court.pureAdmin, 'setUserRoles', { userId: court.pureAdmin.userId, baseVersion: await version(court.pureAdmin.userId), roles: ['clerk'] });
    // Now amina is the last: nobody may take her admin role (she is the only one left to do it anyway).
    await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, court.admin, 'setUserRoles', { userId: court.admin.userId, baseVersion: await version(court.admin.userId), roles: ['chief_clerk'] }),
      { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.lastAdmin' },
    );
  });

  it('only an administrator manages users; a user of another court is not found', async () => {
    for (const actor of [court.clerk, court.judge, court.chiefClerk]) {
      await expectRefusedWithoutWrites(
        court,
        () => runCommand(court.db, court.env, actor, 'setUserActive', { userId: court.judge.userId, baseVersion: 1, active: false }),
        { code: 'FORBIDDEN' },
      );
    }
    await court.store.run("INSERT INTO courts (id, code, name_ar, name_fr, version, updated_hlc) VALUES ('01900000-0000-7000-8000-00000000c0c0', 'TPI-FES', 'فاس', 'Fès', 1, 'x')");
    await court.store.run(
      "INSERT INTO users (id, court_id, username, display_name, roles, password_hash, active, must_change_password, created_at, version, updated_hlc) VALUES ('01900000-0000-7000-8000-00000000d0d0', '01900000-0000-7000-8000-00000000c0c0', 'fes.clerk', 'x', '[\"clerk\"]', ?, 1, 0, 'x', 1, 'x')",
      [TEST_PASSWORD_HASH],
    );
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.pureAdmin, 'resetUserPassword', { userId: '01900000-0000-7000-8000-00000000d0d0', baseVersion: 1, passwordHash: OTHER_HASH }),
      { code: 'NOT_FOUND' },
    );
  });
});
