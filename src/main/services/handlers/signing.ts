// signing.*: the tokens present (and the watch that pushes their changes while a signing dialog is
// open), the certificates a token offers, a judgment signed on a card, and the built-in verifier's
// verdict on a judgment's signed file, and its extension for long-term validation.
// cases.updateJudgment is the edit a signature forbids.
import { runCommand } from '../../../domain';
import { actorOf, type HandlerMap } from './types';

export const signingHandlers = {
  'cases.updateJudgment': async (input, ctx) => runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'updateJudgment', input),
  'signing.tokens': async (_input, ctx) => ctx.tokenWatch.noted(await ctx.signing.listTokens()),
  'signing.watchTokens': async (input, ctx) => {
    ctx.tokenWatch.setWatching(input.watching);
    return ctx.tokenWatch.noted(await ctx.signing.listTokens());
  },
  'signing.certificates': async (input, ctx) => ctx.signing.certificates(input.token),
  'signing.signJudgment': async (input, ctx) => ctx.signing.sign(input, actorOf(ctx), ctx.commandEnv()),
  'signing.verifyJudgment': async (input, ctx) => ctx.signing.verify(input.judgmentId),
  'signing.extendJudgment': async (input, ctx) => ctx.signing.extend(input.judgmentId, actorOf(ctx), ctx.commandEnv()),
} satisfies HandlerMap<
  'cases.updateJudgment' | 'signing.tokens' | 'signing.watchTokens' | 'signing.certificates' | 'signing.signJudgment' | 'signing.verifyJudgment' | 'signing.extendJudgment'
>;
