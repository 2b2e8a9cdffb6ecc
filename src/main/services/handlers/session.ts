// session.*: sign in, lock, unlock, sign out at the desk. A failed sign-in never says whether the
// name or the password was wrong (unlock asks for the password only), and every attempt counts
// toward its account's brake from the moment it begins: password checks run one at a time, each
// after its place was reserved (auth.ts).
import { AppError } from '../../../shared/errors';
import { badCredentials, badPassword, burnVerifyTime, verifyPassword } from '../auth';
import type { CallContext, HandlerMap } from './types';

export async function passwordHashOf(ctx: CallContext, where: { username: string } | { id: string }) {
  let q = ctx.db.selectFrom('users').select(['id', 'username', 'password_hash', 'active']);
  q = 'username' in where ? q.where('username', '=', where.username) : q.where('id', '=', where.id);
  return q.executeTakeFirst();
}

/**
 * Runs one check of `account`'s password inside a reserved attempt: `check` answers the user whose
 * password was right, or null. Anything else that ends the check (a database error) counts as a
 * failure too.
 */
export async function checkedAttempt<T>(ctx: CallContext, account: string, check: () => Promise<T | null>): Promise<T | null> {
  const attempt = ctx.limiter.begin(account);
  try {
    const user = await check();
    if (user) attempt.succeeded();
    return user;
  } finally {
    attempt.failed(); // no effect once succeeded
  }
}

/**
 * Checks the password of the user signed in at the desk (unlock, changing one's own password),
 * against the same account's brake as signing in with that name.
 */
export async function checkSignedInPassword(ctx: CallContext, userId: string, password: string) {
  const found = await passwordHashOf(ctx, { id: userId });
  return checkedAttempt(ctx, found?.username ?? userId, async () => {
    if (!found || found.active !== 1) return null;
    // An enrolled desk holds no password of the server's users: their offline verifier stands for it.
    if (ctx.sync.enrolled) return (await ctx.sync.checkPassword(found.username, password)) === found.id ? found : null;
    return (await verifyPassword(found.password_hash, password)) ? found : null;
  });
}

/** Signing in on an enrolled desk: online when the server answers, else with the offline verifier. */
async function signInEnrolled(ctx: CallContext, username: string, password: string) {
  const outcome = await ctx.sync.signIn(username, password);
  if (!outcome) return null;
  const found = await passwordHashOf(ctx, { id: outcome.userId });
  return found && found.active === 1 ? found : null;
}

export const sessionHandlers = {
  'session.login': async (input, ctx) => {
    if (!ctx.isSetUp()) throw new AppError('NOT_SET_UP', 'errors.setup.notDone');
    await ctx.exclusive(async () => {
      const user = await checkedAttempt(ctx, input.username, async () => {
        if (ctx.sync.enrolled) return signInEnrolled(ctx, input.username, input.password);
        const found = await passwordHashOf(ctx, { username: input.username });
        const ok = found && found.active === 1 ? await verifyPassword(found.password_hash, input.password) : (await burnVerifyTime(input.password), false);
        return ok ? found : null;
      });
      if (!user) {
        ctx.log.warn('failed sign-in attempt');
        throw badCredentials();
      }
      ctx.session.signIn(user.id);
      ctx.log.info({ userId: user.id }, 'signed in');
    });
    return ctx.status();
  },
  'session.lock': async (_input, ctx) => {
    ctx.session.lock();
    return ctx.status();
  },
  'session.unlock': async (input, ctx) => {
    const unlocked = await ctx.exclusive(async () => {
      const userId = ctx.session.currentUserId;
      if (userId === null) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
      const user = await checkSignedInPassword(ctx, userId, input.password);
      if (!user) {
        ctx.log.warn({ userId }, 'failed unlock attempt');
        throw badPassword();
      }
      ctx.session.unlock();
      ctx.log.info({ userId }, 'unlocked');
      return user;
    });
    // Signed in offline earlier: with the password at hand, the server session comes back if it answers.
    ctx.sync.resumed({ userId: unlocked.id, username: unlocked.username, password: input.password });
    return ctx.status();
  },
  'session.logout': async (_input, ctx) => {
    ctx.session.signOut();
    await ctx.sync.signedOut();
    return ctx.status();
  },
} satisfies HandlerMap<'session.login' | 'session.lock' | 'session.unlock' | 'session.logout'>;
