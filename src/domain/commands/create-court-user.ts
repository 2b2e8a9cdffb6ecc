// createCourtUser: the server's operator (admin CLI) adds a user to a court of the server. Runs with
// no actor (OPERATOR_COMMANDS); the journal's user is the user it creates, and the audit names the
// operator by the CLI's device id. An admin of the court uses createUser; this is how a court gets
// users before (or without) one.
import { ROLES } from '../../shared/enums';
import { notFound } from '../../shared/errors';
import { insertVersioned } from '../rows';
import type { CommandDefinition } from '../types';
import { assertServerStore, assertUsernameFree } from './server-store';

export const createCourtUser: CommandDefinition<'createCourtUser'> = {
  name: 'createCourtUser',
  async execute(trx, ctx, args) {
    await assertServerStore(trx);
    const court = await trx.selectFrom('courts').select('id').where('id', '=', ctx.env.courtId).executeTakeFirst();
    if (!court) throw notFound('court', ctx.env.courtId);
    await assertUsernameFree(trx, args.username, ['username']);
    const roles = ROLES.filter((r) => args.roles.includes(r));
    const { row, change } = await insertVersioned(trx, ctx, 'users', {
      id: ctx.newId('user'),
      court_id: court.id,
      username: args.username,
      display_name: args.displayName,
      roles: JSON.stringify(roles),
      password_hash: args.passwordHash,
      active: 1,
      must_change_password: 0,
      created_at: ctx.wallTime,
    });
    return { result: { userId: row.id }, changes: [change], baseVersions: {}, outboxUserId: row.id };
  },
  outboxArgs: ({ passwordHash: _secret, ...rest }) => rest,
};
