// registers.*: the signed daily register from the desk (ARCHITECTURE §6): whether a court day is
// closed, and closing it with the chief clerk's card — the same token service, policy and PIN
// handling as a judgment's signature, and the same closeCourtDay as `cli close-day`.
import { readTrustAnchorsDir } from '../../../signatures/trust-anchors';
import { closeCourtDay } from '../registers/close-day';
import { dayRegisterOf } from '../registers/day-register';
import { actorOf, type HandlerMap } from './types';

export const registerHandlers = {
  'registers.ofDay': async (input, ctx) => dayRegisterOf(ctx.db, ctx.courtId(), input.courtDate, readTrustAnchorsDir(ctx.config.trustAnchorsDir)),
  'registers.closeDay': async (input, ctx) => {
    const { courtDate, ...card } = input;
    const signer = await ctx.signing.openCardSigner(card);
    const closed = await closeCourtDay({ db: ctx.db, env: ctx.commandEnv(), actor: actorOf(ctx), signer, ...(courtDate ? { courtDate } : {}) });
    return dayRegisterOf(ctx.db, ctx.courtId(), closed.courtDate, readTrustAnchorsDir(ctx.config.trustAnchorsDir));
  },
} satisfies HandlerMap<'registers.ofDay' | 'registers.closeDay'>;
