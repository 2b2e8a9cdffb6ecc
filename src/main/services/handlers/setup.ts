// setup.initialize: first-run setup of the workstation (court, chambers, first user). The
// password is hashed here; only the hash reaches the domain, the outbox and the audit.
import { runCommand } from '../../../domain';
import { AppError } from '../../../shared/errors';
import { hashPassword } from '../auth';
import type { HandlerMap } from './types';

export const setupHandlers = {
  'setup.initialize': async (input, ctx) => {
    // Two setup calls racing (double click) must not both get past the "not set up yet" check.
    await ctx.exclusive(async () => {
      if (ctx.isSetUp()) throw new AppError('ALREADY_SET_UP', 'errors.setup.alreadyDone');
      const passwordHash = await hashPassword(input.user.password);
      const result = await runCommand(ctx.db, ctx.commandEnv(), null, 'initializeWorkstation', {
        court: input.court,
        chambers: input.chambers,
        user: { username: input.user.username, displayName: input.user.displayName, passwordHash },
      });
      ctx.settings.language = input.language;
      await ctx.markSetUp(result.courtId);
      ctx.session.signIn(result.userId);
      ctx.log.info({ courtId: result.courtId, userId: result.userId }, 'workstation set up');
    });
    return ctx.status();
  },
} satisfies HandlerMap<'setup.initialize'>;
