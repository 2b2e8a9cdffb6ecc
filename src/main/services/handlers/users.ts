// users.*: local accounts of this court. Passwords are hashed here and dropped; the domain (which
// checks that the actor may manage users, and that the court keeps an administrator) sees only
// argon2id hashes. Changing one's own password needs the current one, checked like an unlock.
import { assertMayRead, listUsers, runCommand } from '../../../domain';
import { AppError } from '../../../shared/errors';
import { hashPassword } from '../auth';
import { checkSignedInPassword } from './session';
import { actorOf, type CallContext, type HandlerMap } from './types';

/** The signed-in user's current password, checked like an unlock: one at a time, each attempt counted as it begins. */
async function verifyCurrentPassword(ctx: CallContext, userId: string, password: string): Promise<void> {
  await ctx.exclusive(async () => {
    const user = await checkSignedInPassword(ctx, userId, password);
    if (!user) {
      ctx.log.warn({ userId }, 'wrong current password when changing it');
      throw new AppError('BAD_CREDENTIALS', 'errors.auth.wrongCurrentPassword', { fields: [{ path: ['currentPassword'], i18nKey: 'errors.auth.wrongCurrentPassword' }] });
    }
  });
}

/**
 * On an enrolled desk the accounts are the server's (pulled, with no password here): a local change
 * would never be pushed and the next pull would undo it, so it is refused, said plainly.
 */
function assertLocalAccounts(ctx: CallContext): void {
  if (ctx.sync.enrolled) throw new AppError('FORBIDDEN', 'errors.enrolment.accountsOnServer');
}

export const userHandlers = {
  'users.create': async (input, ctx) => {
    assertLocalAccounts(ctx);
    const actor = actorOf(ctx);
    const passwordHash = await hashPassword(input.password);
    return runCommand(ctx.db, ctx.commandEnv(), actor, 'createUser', {
      username: input.username,
      displayName: input.displayName,
      roles: input.roles,
      passwordHash,
    });
  },
  'users.list': async (_input, ctx) => {
    assertMayRead(actorOf(ctx), 'listUsers');
    return { users: await listUsers(ctx.db, ctx.courtId()) };
  },
  'users.changeOwnPassword': async (input, ctx) => {
    assertLocalAccounts(ctx);
    const actor = actorOf(ctx);
    await verifyCurrentPassword(ctx, actor.userId, input.currentPassword);
    const passwordHash = await hashPassword(input.newPassword);
    await runCommand(ctx.db, ctx.commandEnv(), actor, 'changeOwnPassword', { passwordHash });
    return ctx.status();
  },
  'users.resetPassword': async (input, ctx) => {
    assertLocalAccounts(ctx);
    const passwordHash = await hashPassword(input.newPassword);
    return runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'resetUserPassword', { userId: input.userId, baseVersion: input.baseVersion, passwordHash });
  },
  'users.setActive': async (input, ctx) => {
    assertLocalAccounts(ctx);
    return runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'setUserActive', input);
  },
  'users.setRoles': async (input, ctx) => {
    assertLocalAccounts(ctx);
    return runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'setUserRoles', input);
  },
} satisfies HandlerMap<'users.create' | 'users.list' | 'users.changeOwnPassword' | 'users.resetPassword' | 'users.setActive' | 'users.setRoles'>;
