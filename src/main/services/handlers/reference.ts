// reference.get: court, chambers, case types in force on a date, holidays — what forms offer.
import { getReferenceData } from '../../../domain';
import type { HandlerMap } from './types';

export const referenceHandlers = {
  'reference.get': async (input, ctx) => getReferenceData(ctx.db, ctx.courtId(), input.onDate),
} satisfies HandlerMap<'reference.get'>;
