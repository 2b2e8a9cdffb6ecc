// User management through the IPC contract: a password typed once, hashed in main and never seen
// again; an admin's reset forcing the user to choose their own before anything else; only an
// administrator reading the user list; changing one's own password checked like an unlock; and bad
// values for every new method refused with a typed error and nothing written.
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcMethod } from '../../../src/shared/ipc/contract';
import { Desk, PASSWORD, setUpDesk } from './desk';

const open: Desk[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.service.close();
});
async function desk() {
  const s = await setUpDesk();
  open.push(s.desk);
  return s;
}

const CLERK_PASSWORD = 'greffier-kenitra-9';

describe('users through the IPC contract', () => {
  it('an admin reads the list; a clerk is refused it', async () => {
    const { desk: d } = await desk();
    await d.ok('users.create', { username: 'karim.greffe', displayName: 'كريم', roles: ['clerk'], password: CLERK_PASSWORD });
    expect((await d.ok('users.list', {})).users.map((u) => u.username)).toEqual(['karim.greffe', 'samira.alaoui']);
    await d.ok('session.logout', {});
    await d.ok('session.login', { username: 'karim.greffe', password: CLERK_PASSWORD });
    expect(await d.fails('users.list', {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await d.fails('users.setActive', { userId: (await d.ok('app.status', {})).user!.id, baseVersion: 1, active: false })).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a reset password must be changed at the next sign-in: until then every other call is refused', async () => {
    const { desk: d } = await desk();
    const { userId } = await d.ok('users.create', { username: 'karim.greffe', displayName: 'كريم', roles: ['clerk'], password: CLERK_PASSWORD });
    await d.ok('users.resetPassword', { userId, baseVersion: 1, newPassword: 'mot-de-passe-provisoire' });
    await d.ok('session.logout', {});
    expect(await d.fails('session.login', { username: 'karim.greffe', password: CLERK_PASSWORD })).toMatchObject({ code: 'BAD_CREDENTIALS' });
    const signedIn = await d.ok('session.login', { username: 'karim.greffe', password: 'mot-de-passe-provisoire' });
    expect(signedIn.user).toMatchObject({ username: 'karim.greffe', mustChangePassword: true });
    for (const [method, input] of [
      ['cases.quickFind', { text: 'x', limit: 5 }],
      ['reference.get', {}],
      ['cases.listForRegistry', { filter: {}, offset: 0, limit: 10 }],
    ] as [IpcMethod, unknown][]) {
      expect(await d.fails(method, input), method).toEqual({ code: 'FORBIDDEN', i18nKey: 'errors.auth.mustChangePassword' });
    }
    expect(await d.fails('users.changeOwnPassword', { currentPassword: 'wrong-one', newPassword: 'ma-propre-cle-2026' })).toMatchObject({
      code: 'BAD_CREDENTIALS',
      i18nKey: 'errors.auth.wrongCurrentPassword',
      fields: [{ path: ['currentPassword'], i18nKey: 'errors.auth.wrongCurrentPassword' }],
    });
    // Keeping the password the administrator gave is not choosing one's own.
    expect(await d.fails('users.changeOwnPassword', { currentPassword: 'mot-de-passe-provisoire', newPassword: 'mot-de-passe-provisoire' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: ['newPassword'], i18nKey: 'errors.auth.sameAsCurrentPassword' }],
    });
    expect((await d.ok('app.status', {})).user?.mustChangePassword).toBe(true);
    const changed = await d.ok('users.changeOwnPassword', { currentPassword: 'mot-de-passe-provisoire', newPassword: 'ma-propre-cle-2026' });
    expect(changed.user?.mustChangePassword).toBe(false);
    expect((await d.ok('cases.listForRegistry', { filter: {}, offset: 0, limit: 10 })).total).toBe(0);
    await d.ok('session.logout', {});
    await d.ok('session.login', { username: 'karim.greffe', password: 'ma-propre-cle-2026' });
  });

  it('a deactivated user is signed out at the next call and cannot sign in again; the last administrator stays', async () => {
    const { desk: d } = await desk();
    const { userId } = await d.ok('users.create', { username: 'karim.greffe', displayName: 'كريم', roles: ['clerk'], password: CLERK_PASSWORD });
    const me = (await d.ok('app.status', {})).user!;
    expect(await d.fails('users.setRoles', { userId: me.id, baseVersion: me.version, roles: ['chief_clerk'] })).toMatchObject({ code: 'RULE_VIOLATION', i18nKey: 'errors.rule.lastAdmin' });
    await d.ok('users.setActive', { userId, baseVersion: 1, active: false });
    await d.ok('session.logout', {});
    expect(await d.fails('session.login', { username: 'karim.greffe', password: CLERK_PASSWORD })).toMatchObject({ code: 'BAD_CREDENTIALS' });
  });

  it('bad values for the new methods: typed errors naming the field, nothing written', async () => {
    const { desk: d } = await desk();
    const me = (await d.ok('app.status', {})).user!;
    const before = d.counts();
    const cases: [IpcMethod, unknown, string][] = [
      ['users.resetPassword', { userId: me.id, baseVersion: 1, newPassword: 'short' }, 'newPassword'],
      ['users.resetPassword', { userId: 'not-an-id', baseVersion: 1, newPassword: 'long-enough-123' }, 'userId'],
      ['users.setActive', { userId: me.id, baseVersion: 1, active: 'no' }, 'active'],
      ['users.setRoles', { userId: me.id, baseVersion: 1, roles: [] }, 'roles'],
      ['users.setRoles', { userId: me.id, baseVersion: 1, roles: ['admin', 'emperor'] }, 'roles.1'],
      ['users.changeOwnPassword', { currentPassword: PASSWORD, newPassword: 'x'.repeat(257) }, 'newPassword'],
      ['users.create', { username: 'Bad Name', displayName: 'x', roles: ['clerk'], password: CLERK_PASSWORD }, 'username'],
      ['users.create', { username: 'ok.name', displayName: 'Ali \u202Eevil', roles: ['clerk'], password: CLERK_PASSWORD }, 'displayName'],
      ['cases.recordJudgment', { caseId: me.id, baseVersion: 1, pronouncedOn: '30/11/2026', operativePart: 'x' }, 'pronouncedOn'],
      ['hearings.recordOutcome', { hearingId: me.id, baseVersion: 1, outcome: 'judgment_delivered' }, 'outcome'],
      ['hearings.schedule', { caseId: me.id, baseVersion: 1, date: '2026-03-03', time: '9:30 AM' }, 'time'],
      ['hearings.schedule', { caseId: me.id, baseVersion: 1, date: '2026-03-03', time: '09:30', confirmed: ['everything'] }, 'confirmed.0'],
    ];
    for (const [method, input, field] of cases) {
      const err = await d.fails(method, input);
      expect(err.code, `${method} ${field}`).toBe('VALIDATION_FAILED');
      expect(err.fields?.map((f) => f.path.join('.')), `${method} ${field}`).toContain(field);
    }
    expect(d.counts()).toEqual(before);
  });
});
