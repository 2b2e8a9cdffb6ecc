// session.*: sign in, lock, unlock, sign out at the desk. A failure never says whether the name
// or the password was wrong, and every failure counts toward the attempt brake.
import { AppError } from '../../../shared/errors';
import { badCredentials, burnVerifyTime, verifyPassword } from '../auth';
import type { CallContext, HandlerMap } from './types';

async function passwordHashOf(ctx: CallContext, where: { username: string } | { id: string }) {
  let q = ctx.db.selectFrom('users').select(['id', 'password_hash', 'active']);
  q = 'username' in where ? q.where('username', '=', where.username) : q.where('id', '=', where.id);
  return q.executeTakeFirst();
}

export const sessionHandlers = {
  'session.login': async (input, ctx) => {
    if (!ctx.isSetUp()) throw new AppError('NOT_SET_UP', 'errors.setup.notDone');
    ctx.limiter.assertAllowed();
    const user = await passwordHashOf(ctx, { username: input.username });
    const ok = user && user.active === 1 ? await verifyPassword(user.password_hash, input.password) : (await burnVerifyTime(input.password), false);
    if (!ok || !user) {
      ctx.limiter.recordFailure();
      ctx.log.warn('failed sign-in attempt');
      throw badCredentials();
    }
    ctx.limiter.recordSuccess();
    ctx.session.signIn(user.id);
    ctx.log.info({ userId: user.id }, 'signed in');
    return ctx.status();
  },
  'session.lock': async (_input, ctx) => {
    ctx.session.lock();
    return ctx.status();
  },
  'session.unlock': async (input, ctx) => {
    const userId = ctx.session.currentUserId;
    if (userId === null) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
    ctx.limiter.assertAllowed();
    const user = await passwordHashOf(ctx, { id: userId });
    const ok = user && user.active === 1 ? await verifyPassword(user.password_hash, input.password) : false;
    if (!ok) {
      ctx.limiter.recordFailure();
      ctx.log.warn({ userId }, 'failed unlock attempt');
      throw badCredentials();
    }
    ctx.limiter.recordSuccess();
    ctx.session.unlock();
    return ctx.status();
  },
  'session.logout': async (_input, ctx) => {
    ctx.session.signOut();
    return ctx.status();
  },
} satisfies HandlerMap<'session.login' | 'session.lock' | 'session.unlock' | 'session.logout'>;
