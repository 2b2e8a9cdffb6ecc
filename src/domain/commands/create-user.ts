// createUser: an admin adds a person to this court's desk. The args carry an argon2id hash, never a
// password; the hash is stored but written to the audit as '[redacted]' and left out of the outbox.
import { ROLES } from '../../shared/enums';
import { ruleViolation } from '../../shared/errors';
import { insertVersioned } from '../rows';
import type { CommandDefinition } from '../types';

export const createUser: CommandDefinition<'createUser'> = {
  name: 'createUser',
  async execute(trx, ctx, args) {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', args.username).executeTakeFirst();
    if (taken) throw ruleViolation('usernameTaken', { username: args.username }, ['username']);
    const roles = ROLES.filter((r) => args.roles.includes(r));
    const { row, change } = await insertVersioned(trx, ctx, 'users', {
      id: ctx.newId('user'),
      court_id: ctx.env.courtId,
      username: args.username,
      display_name: args.displayName,
      roles: JSON.stringify(roles),
      password_hash: args.passwordHash,
      active: 1,
      must_change_password: 0,
      created_at: ctx.wallTime,
    });
    return { result: { userId: row.id }, changes: [change], baseVersions: {} };
  },
  outboxArgs: ({ passwordHash: _secret, ...rest }) => rest,
};
