// Rebuilding the desk's search index of document pages from the settings screen (issue 9): where
// the rebuild stands, as the search.reindex* methods answer and the push channel's `search.reindex`
// event carries it, and how one is started. Times are court wall-clock readings made in main.
import { z } from 'zod';
import { appErrorSchema } from '../errors';
import { COURT_WALL_CLOCK_PATTERN } from '../court-time-zone';

/**
 * never: no rebuild ever ran on this desk. running: one runs now (in main, in the background).
 * finished: the last one went to the end. stopped: stopped at someone's request in this session.
 * interrupted: left unfinished by a desk that closed or died mid-run. failed: the database refused a
 * batch in this session. The last three resume where they stood.
 */
export const REINDEX_STATES = ['never', 'running', 'finished', 'stopped', 'interrupted', 'failed'] as const;
export type ReindexStateName = (typeof REINDEX_STATES)[number];

const courtWallClockSchema = z.string().regex(COURT_WALL_CLOCK_PATTERN);

export const reindexStatusSchema = z.strictObject({
  /**
   * Grows with every change of the rebuild's state in this run of the app: of two statuses, the one
   * with the higher revision is the newer (answers and pushed events travel apart and may cross).
   */
  revision: z.number().int().min(0),
  state: z.enum(REINDEX_STATES),
  /** A stop was asked: the batch under way is written first. */
  stopping: z.boolean(),
  pagesDone: z.number().int().min(0),
  /** Grows when documents are read while it runs; equals pagesDone once finished. */
  pagesTotal: z.number().int().min(0),
  /** The run went on from where an earlier one stood (known for this session's runs only). */
  resumed: z.boolean(),
  startedAt: courtWallClockSchema.nullable(),
  finishedAt: courtWallClockSchema.nullable(),
  /** Why the last run failed (state failed only). */
  error: appErrorSchema.nullable(),
});
export type ReindexStatus = z.infer<typeof reindexStatusSchema>;

export const REINDEX_MODES = ['resume', 'rebuild'] as const;

export const reindexStartInputSchema = z.strictObject({
  /** resume: go on with a run left unfinished (a new one when there is none); rebuild: from the first page. */
  mode: z.enum(REINDEX_MODES),
});
