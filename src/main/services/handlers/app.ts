// app.* and settings.*: what the start screen asks before anyone signs in (status, language).
import type { HandlerMap } from './types';

export const appHandlers = {
  'app.status': async (_input, ctx) => ctx.status(),
  'settings.setLanguage': async (input, ctx) => {
    await ctx.setLanguage(input.language);
    return ctx.status();
  },
} satisfies HandlerMap<'app.status' | 'settings.setLanguage'>;
