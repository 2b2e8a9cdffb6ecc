// users.*: local accounts of this court. The password is hashed here and dropped; the domain
// (which checks that the actor may create users) sees only the argon2id hash.
import { listUsers, runCommand } from '../../../domain';
import { hashPassword } from '../auth';
import { actorOf, type HandlerMap } from './types';

export const userHandlers = {
  'users.create': async (input, ctx) => {
    const actor = actorOf(ctx);
    const passwordHash = await hashPassword(input.password);
    return runCommand(ctx.db, ctx.commandEnv(), actor, 'createUser', {
      username: input.username,
      displayName: input.displayName,
      roles: input.roles,
      passwordHash,
    });
  },
  'users.list': async (_input, ctx) => ({ users: await listUsers(ctx.db, ctx.courtId()) }),
} satisfies HandlerMap<'users.create' | 'users.list'>;
