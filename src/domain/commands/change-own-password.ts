// changeOwnPassword: the person at the desk sets a new password for themselves (main checked the
// current one and hashed the new one); a password an admin had reset is theirs again. The hash is
// stored, audited as '[redacted]', and never put in the outbox.
import { updateVersioned } from '../rows';
import { loadUser } from '../users';
import type { CommandDefinition } from '../types';

export const changeOwnPassword: CommandDefinition<'changeOwnPassword'> = {
  name: 'changeOwnPassword',
  async execute(trx, ctx, args) {
    const user = await loadUser(trx, ctx.env.courtId, ctx.actor!.userId);
    const { row, change } = await updateVersioned(trx, ctx, 'users', user, { password_hash: args.passwordHash, must_change_password: 0 }, { touch: true });
    return { result: { userId: user.id, version: row.version }, changes: change ? [change] : [], baseVersions: {} };
  },
  outboxArgs: () => ({}),
};
