// sync.*: enrolment with the court's server (admins), the sync status of the header, a round on
// demand, connecting again after an offline sign-in, and the refused pushes kept for the clerk (ARCHITECTURE §4, §7). The work is DeskSync's
// and the domain's; this maps calls to it.
import { assertMayRun, runCommand } from '../../../domain';
import { badPassword } from '../auth';
import { acknowledgeRejected, conflictAnswer, listSyncProblems } from '../sync/sync-problems';
import { checkSignedInPassword } from './session';
import { actorOf, type HandlerMap } from './types';

export const syncHandlers = {
  'sync.enrol': async (input, ctx) => {
    const actor = actorOf(ctx);
    // Asked before the server spends the code; the command asks again.
    assertMayRun(actor, 'joinServerCourt');
    await ctx.exclusive(() =>
      ctx.sync.enrol(input, async (args) => {
        await runCommand(ctx.db, ctx.commandEnv(), actor, 'joinServerCourt', args);
      }),
    );
    // The court is the server's now, and so are its users: whoever is here signs in online next.
    ctx.session.signOut();
    return ctx.status();
  },
  'sync.status': async (_input, ctx) => ctx.sync.status(),
  'sync.now': async (_input, ctx) => {
    await ctx.sync.syncNow();
    return ctx.sync.status();
  },
  // Signed in offline while the server was away: the person at the desk connects again with their
  // password (checked as an unlock is, on the same brake) instead of signing out and in.
  'sync.reconnect': async (input, ctx) => {
    const actor = actorOf(ctx);
    const user = await ctx.exclusive(() => checkSignedInPassword(ctx, actor.userId, input.password));
    if (!user) {
      ctx.log.warn({ userId: actor.userId }, 'wrong password when connecting to the server again');
      throw badPassword();
    }
    await ctx.sync.reconnectNow({ userId: user.id, username: user.username, password: input.password });
    return ctx.sync.status();
  },
  'sync.problems': async (input, ctx) => listSyncProblems(ctx.db, input),
  'sync.resolveConflict': async (input, ctx) => {
    const args = await conflictAnswer(ctx.db, input);
    const result = await runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'resolveConflict', args);
    ctx.sync.commandRan();
    // A page's text chosen: search and the page's checks follow it, as after a correction.
    if (args.entity === 'page_correction') {
      const page = await ctx.db.selectFrom('page_corrections').select(['document_id', 'page_index']).where('id', '=', args.entityId).executeTakeFirst();
      if (page) await ctx.pageTextChanged({ documentId: page.document_id, pageIndex: page.page_index });
    }
    return result;
  },
  'sync.acknowledgeRejected': async (input, ctx) => {
    await acknowledgeRejected(ctx.db, input.mutationId, ctx.now());
    ctx.sync.scheduleEmit(0);
    return ctx.sync.status();
  },
  // A read of the court's own record: whoever may see the case may have its file brought here.
  'sync.documentFile': async (input, ctx) => ctx.sync.documentFile(input.documentId),
} satisfies HandlerMap<'sync.enrol' | 'sync.status' | 'sync.now' | 'sync.reconnect' | 'sync.problems' | 'sync.resolveConflict' | 'sync.acknowledgeRejected' | 'sync.documentFile'>;
