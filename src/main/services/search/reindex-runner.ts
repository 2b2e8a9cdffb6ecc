// The desk's rebuild of the search index, run in the background of main for the settings screen:
// at most one run at a time (a second start while one runs changes nothing and answers where it
// stands), stopped after the batch under way on request and at close (close waits for it, so the
// file never closes under a batch), every move told to `onChange` for the push channel. The run
// itself is runReindex's (reindex.ts): each batch one transaction with its cursor, so a stop, a
// failure or a killed desk loses no page and indexes none twice. Never throws a raw error: what
// a run throws becomes a typed AppError, kept as the failed state's error.
import { getReindexRun, type Db } from '../../../domain';
import { courtWallClockText } from '../../../shared/court-time-zone';
import { AppError } from '../../../shared/errors';
import type { ReindexStatus } from '../../../shared/schemas/search-index';
import type { Logger } from '../logger';
import { runReindex, type ReindexProgress } from './reindex';

export interface ReindexRunnerOptions {
  db: Db;
  now: () => Date;
  log: Logger;
  /** Pages per batch (transaction); default runReindex's. */
  batch?: number;
  /** Awaited before a run writes: refuses a file known damaged (quick_check's verdict). */
  beforeWrite: () => Promise<void>;
  /** What the desk makes of an error a run threw (SQLite's corruption codes: the damaged file's error); null when it is not one it knows. */
  knownError: (err: unknown) => AppError | null;
  onChange: (status: ReindexStatus) => void;
}

interface ActiveRun {
  abort: AbortController;
  stopping: boolean;
  resumed: boolean;
  progress: ReindexProgress | null;
  done: Promise<void>;
}

/** How this session's last run ended (the stored run cannot tell a stop from a closed desk). */
type LastEnd = { kind: 'finished' | 'stopped'; resumed: boolean } | { kind: 'failed'; resumed: boolean; error: AppError };

export class ReindexRunner {
  private active: ActiveRun | null = null;
  private last: LastEnd | null = null;
  private closing = false;
  /** Moved before each change is told, so the renderer can drop a status older than the one it shows. */
  private revision = 0;

  constructor(private readonly o: ReindexRunnerOptions) {}

  /** Where the rebuild stands: the run under way from memory, else the stored run and how this session's last one ended. */
  async status(): Promise<ReindexStatus> {
    const live = this.liveStatus();
    if (live) return live;
    // Taken before the read: a change told meanwhile is newer than what this read saw.
    const revision = this.revision;
    const run = await getReindexRun(this.o.db);
    const begunMeanwhile = this.liveStatus();
    if (begunMeanwhile) return begunMeanwhile;
    if (!run) return this.last?.kind === 'failed' ? { ...IDLE, revision, state: 'failed', error: this.last.error.toData() } : { ...IDLE, revision, state: 'never' };
    const base = {
      revision,
      stopping: false,
      pagesDone: run.pagesDone,
      pagesTotal: run.pagesTotal,
      resumed: this.last?.resumed ?? false,
      startedAt: wallClock(run.startedAt),
      finishedAt: run.finishedAt === null ? null : wallClock(run.finishedAt),
      error: null,
    };
    if (run.finishedAt !== null) return { ...base, state: 'finished' };
    if (this.last?.kind === 'failed') return { ...base, state: 'failed', error: this.last.error.toData() };
    return { ...base, state: this.last?.kind === 'stopped' ? 'stopped' : 'interrupted' };
  }

  /**
   * Starts a run (resumes one left unfinished unless `rebuild`) and answers once it has begun, with
   * its total. While one runs, changes nothing and answers where it stands. A run that cannot begin
   * (the file damaged, the database refusing) is refused with its typed error.
   */
  async start(mode: 'resume' | 'rebuild'): Promise<ReindexStatus> {
    if (this.closing) throw new AppError('SERVICE_UNAVAILABLE', 'errors.search.reindexClosing');
    if (this.active) return this.status();
    let begun!: { resolve: () => void; reject: (err: AppError) => void };
    const hasBegun = new Promise<void>((resolve, reject) => (begun = { resolve, reject }));
    const active: ActiveRun = { abort: new AbortController(), stopping: false, resumed: false, progress: null, done: Promise.resolve() };
    this.active = active;
    active.done = this.execute(active, mode, begun);
    await hasBegun;
    return this.status();
  }

  /** Stops the run after the batch under way (the answer says `stopping`); nothing to do when none runs. */
  async stop(): Promise<ReindexStatus> {
    const active = this.active;
    if (active && !active.stopping) {
      active.stopping = true;
      active.abort.abort();
      this.revision++;
      this.emit(this.liveStatus());
    }
    return this.status();
  }

  /** Before the database closes: no new run, and the one under way stops after its batch. */
  async close(): Promise<void> {
    this.closing = true;
    const active = this.active;
    if (!active) return;
    active.abort.abort();
    await active.done;
  }

  private async execute(active: ActiveRun, mode: 'resume' | 'rebuild', begun: { resolve: () => void; reject: (err: AppError) => void }): Promise<void> {
    try {
      await this.o.beforeWrite();
      // Stopped or closed while the file's verdict was awaited: nothing begun, nothing written.
      if (active.abort.signal.aborted) {
        this.last = { kind: 'stopped', resumed: false };
        return;
      }
      const end = await runReindex(this.o.db, {
        signal: active.abort.signal,
        restart: mode === 'rebuild',
        now: this.o.now,
        ...(this.o.batch !== undefined ? { batch: this.o.batch } : {}),
        onProgress: (p) => {
          active.progress = p;
          active.resumed = p.resumed;
          begun.resolve();
          this.revision++;
          this.emit(this.liveStatus());
        },
      });
      this.last = { kind: end.finished ? 'finished' : 'stopped', resumed: end.resumed };
      this.o.log.info({ pagesDone: end.pagesDone, pagesTotal: end.pagesTotal, finished: end.finished, resumed: end.resumed }, 'search index rebuild ended');
    } catch (err) {
      const error = this.failure(err, active);
      this.last = { kind: 'failed', resumed: active.resumed, error };
      this.o.log.error({ err, code: error.code, pagesDone: active.progress?.pagesDone ?? 0 }, 'search index rebuild failed; what it indexed stays, and it resumes from its last batch');
      begun.reject(error);
    } finally {
      this.active = null;
      begun.resolve();
      this.revision++;
      await this.emitStored();
    }
  }

  private failure(err: unknown, active: ActiveRun): AppError {
    if (err instanceof AppError) return err;
    const known = this.o.knownError(err);
    if (known) return known;
    const p = active.progress;
    return new AppError('DB_UNAVAILABLE', 'errors.search.reindexFailed', { params: { pagesDone: p?.pagesDone ?? 0, pagesTotal: p?.pagesTotal ?? 0 }, cause: err });
  }

  private liveStatus(): ReindexStatus | null {
    const active = this.active;
    if (!active) return null;
    const p = active.progress;
    return {
      revision: this.revision,
      state: 'running',
      stopping: active.stopping,
      pagesDone: p?.pagesDone ?? 0,
      pagesTotal: p?.pagesTotal ?? 0,
      resumed: active.resumed,
      startedAt: p ? wallClock(p.startedAt) : null,
      finishedAt: null,
      error: null,
    };
  }

  /** The end of a run as the stored run says it; a database that cannot be read now is logged, the renderer reads the status again. */
  private async emitStored(): Promise<void> {
    try {
      this.emit(await this.status());
    } catch (err) {
      this.o.log.warn({ err }, 'the end of the search index rebuild could not be read back');
    }
  }

  private emit(status: ReindexStatus | null): void {
    if (status) this.o.onChange(status);
  }
}

const IDLE = { stopping: false, pagesDone: 0, pagesTotal: 0, resumed: false, startedAt: null, finishedAt: null, error: null } as const;

function wallClock(iso: string): string {
  return courtWallClockText(new Date(iso));
}
