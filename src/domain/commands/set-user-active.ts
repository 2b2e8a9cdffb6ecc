// setUserActive: an admin deactivates a user (who can no longer sign in or act: every call re-reads
// the user) or reactivates one. Never the court's last active administrator, and never oneself.
import { ruleViolation } from '../../shared/errors';
import { assertBaseVersion } from '../load';
import { updateVersioned } from '../rows';
import { assertNotLastAdmin, loadUser } from '../users';
import type { CommandDefinition } from '../types';

export const setUserActive: CommandDefinition<'setUserActive'> = {
  name: 'setUserActive',
  async execute(trx, ctx, args) {
    const user = await loadUser(trx, ctx.env.courtId, args.userId);
    assertBaseVersion('user', user, args.baseVersion);
    if (!args.active) {
      if (user.id === ctx.actor!.userId) throw ruleViolation('cannotDeactivateSelf', undefined, ['active']);
      await assertNotLastAdmin(trx, user, ['active']);
    }
    const { row, change } = await updateVersioned(trx, ctx, 'users', user, { active: args.active ? 1 : 0 });
    if (!change) throw ruleViolation('nothingToChange');
    return { result: { userId: user.id, version: row.version }, changes: [change], baseVersions: { [user.id]: args.baseVersion } };
  },
};
