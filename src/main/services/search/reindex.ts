// `reindex`: rebuilds the desk's page index (all documents read) in batches, each batch one
// transaction that also moves a persisted cursor (domain/page-index.ts), so the run can be stopped
// (an AbortSignal, between batches) or killed at any moment and resumed by the next call where it
// stood: no page indexed twice, none missed. Progress after each batch, for the CLI and the app.
// The index stays usable while it runs: pages are replaced one by one, never dropped first.
import { beginReindex, reindexBatch, type Db, type ReindexState } from '../../../domain';

export const REINDEX_BATCH = 200;

export interface ReindexProgress {
  /** When the run began (ISO), an earlier session's time for a resumed run. */
  startedAt: string;
  pagesDone: number;
  pagesTotal: number;
  resumed: boolean;
}

export interface ReindexOptions {
  signal?: AbortSignal;
  batch?: number;
  onProgress?: (progress: ReindexProgress) => void;
  now?: () => Date;
  /** Start from the first page even when a run was left unfinished (default: resume it). */
  restart?: boolean;
}

/** Runs (or resumes) the rebuild until it is done or stopped; `finished` false when stopped. */
export async function runReindex(db: Db, opts: ReindexOptions = {}): Promise<ReindexState> {
  const now = opts.now ?? (() => new Date());
  const batch = opts.batch ?? REINDEX_BATCH;
  const begun = await beginReindex(db, now(), { restart: opts.restart ?? false });
  let state: ReindexState = begun;
  opts.onProgress?.({ startedAt: begun.startedAt, pagesDone: state.pagesDone, pagesTotal: state.pagesTotal, resumed: begun.resumed });
  while (!state.finished) {
    if (opts.signal?.aborted) break;
    state = await reindexBatch(db, batch, now());
    opts.onProgress?.({ startedAt: begun.startedAt, pagesDone: state.pagesDone, pagesTotal: state.pagesTotal, resumed: begun.resumed });
    // Lets other work of the process (IPC, OCR events) run between batches.
    await new Promise((r) => setImmediate(r));
  }
  return { ...state, resumed: begun.resumed };
}
