// setUserRoles: an admin changes what a user may do. The court's last active administrator keeps
// the admin role. Roles are stored in the order of ROLES, so the same set always reads the same.
import { ROLES } from '../../shared/enums';
import { ruleViolation } from '../../shared/errors';
import { assertBaseVersion } from '../load';
import { updateVersioned } from '../rows';
import { assertNotLastAdmin, loadUser } from '../users';
import type { CommandDefinition } from '../types';

export const setUserRoles: CommandDefinition<'setUserRoles'> = {
  name: 'setUserRoles',
  async execute(trx, ctx, args) {
    const user = await loadUser(trx, ctx.env.courtId, args.userId);
    assertBaseVersion('user', user, args.baseVersion);
    if (!args.roles.includes('admin')) await assertNotLastAdmin(trx, user, ['roles']);
    const roles = JSON.stringify(ROLES.filter((r) => args.roles.includes(r)));
    const { row, change } = await updateVersioned(trx, ctx, 'users', user, { roles });
    if (!change) throw ruleViolation('nothingToChange');
    return { result: { userId: user.id, version: row.version }, changes: [change], baseVersions: { [user.id]: args.baseVersion } };
  },
};
