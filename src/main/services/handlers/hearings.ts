// hearings.*: scheduling, adjournment (reason required), outcomes, and the roll of a day.
import { listHearingsOfDay, runCommand } from '../../../domain';
import { actorOf, type HandlerMap } from './types';

export const hearingHandlers = {
  'hearings.schedule': async (input, ctx) => runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'scheduleHearing', input),
  'hearings.adjourn': async (input, ctx) => runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'adjournHearing', input),
  'hearings.recordOutcome': async (input, ctx) =>
    runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'recordHearingOutcome', input),
  'hearings.listOfDay': async (input, ctx) => listHearingsOfDay(ctx.db, ctx.courtId(), input),
} satisfies HandlerMap<'hearings.schedule' | 'hearings.adjourn' | 'hearings.recordOutcome' | 'hearings.listOfDay'>;
