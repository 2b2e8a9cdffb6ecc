// search.reindex*: the search index rebuild from the settings screen (administrators only, the
// desk's upkeep). The run is the app's one ReindexRunner (services/search/reindex-runner.ts), in
// main's background; these only check the role and pass the call on.
import { assertMayMaintain } from '../../../domain';
import { actorOf, type CallContext, type HandlerMap } from './types';

function mayRebuild(ctx: CallContext): void {
  assertMayMaintain(actorOf(ctx), 'rebuildSearchIndex');
}

export const searchIndexHandlers = {
  'search.reindexStatus': async (_input, ctx) => {
    mayRebuild(ctx);
    return ctx.searchIndex.status();
  },
  'search.reindexStart': async (input, ctx) => {
    mayRebuild(ctx);
    return ctx.searchIndex.start(input.mode);
  },
  'search.reindexStop': async (_input, ctx) => {
    mayRebuild(ctx);
    return ctx.searchIndex.stop();
  },
} satisfies HandlerMap<'search.reindexStatus' | 'search.reindexStart' | 'search.reindexStop'>;
