// cases.*: the registry, quick find, search, case detail and the commands on a case. Reads go to the
// domain's named queries; writes go only through runCommand (one transaction with outbox + audit).
import { courtLocalNow, getCaseDetail, listCasesForRegistry, quickFind, runCommand, searchCases } from '../../../domain';
import { actorOf, type HandlerMap } from './types';

export const caseHandlers = {
  'cases.listForRegistry': async (input, ctx) => listCasesForRegistry(ctx.db, ctx.courtId(), input),
  'cases.quickFind': async (input, ctx) => quickFind(ctx.db, ctx.courtId(), { ...input, today: courtLocalNow(ctx.now()).date }),
  'cases.search': async (input, ctx) => searchCases(ctx.db, ctx.courtId(), input),
  'cases.getDetail': async (input, ctx) => getCaseDetail(ctx.db, ctx.courtId(), input),
  'cases.register': async (input, ctx) => runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'registerCase', input),
  'cases.updateParticulars': async (input, ctx) =>
    runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'updateCaseParticulars', input),
  'cases.addParty': async (input, ctx) => runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'addParty', input),
  'cases.removeParty': async (input, ctx) => runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'removeParty', input),
  'cases.recordJudgment': async (input, ctx) => runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'recordJudgment', input),
  'cases.close': async (input, ctx) => runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'closeCase', input),
} satisfies HandlerMap<
  | 'cases.listForRegistry'
  | 'cases.quickFind'
  | 'cases.search'
  | 'cases.getDetail'
  | 'cases.register'
  | 'cases.updateParticulars'
  | 'cases.addParty'
  | 'cases.removeParty'
  | 'cases.recordJudgment'
  | 'cases.close'
>;
