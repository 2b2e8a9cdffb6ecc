// resetUserPassword: an admin gives a user (who forgot theirs) a new password, which the user must
// replace at the next sign-in. The hash is stored, audited as '[redacted]', never put in the outbox.
// Never one's own: that would change an administrator's password without the current one.
import { assertBaseVersion } from '../load';
import { ruleViolation } from '../../shared/errors';
import { updateVersioned } from '../rows';
import { loadUser } from '../users';
import type { CommandDefinition } from '../types';

export const resetUserPassword: CommandDefinition<'resetUserPassword'> = {
  name: 'resetUserPassword',
  async execute(trx, ctx, args) {
    const user = await loadUser(trx, ctx.env.courtId, args.userId);
    if (user.id === ctx.actor!.userId) throw ruleViolation('cannotResetOwnPassword', undefined, ['newPassword']);
    assertBaseVersion('user', user, args.baseVersion);
    const { row, change } = await updateVersioned(trx, ctx, 'users', user, { password_hash: args.passwordHash, must_change_password: 1 }, { touch: true });
    return { result: { userId: user.id, version: row.version }, changes: change ? [change] : [], baseVersions: { [user.id]: args.baseVersion } };
  },
  outboxArgs: (args) => ({ userId: args.userId, baseVersion: args.baseVersion }),
};
