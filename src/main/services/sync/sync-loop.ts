// The background sync of an enrolled desk (ARCHITECTURE §4): one round at a time, started a moment
// after each command (debounced, so a burst of work is one round), on a timer, and after a failure
// with exponential backoff and jitter. A round asked for while one runs is run once after it.
// stop() ends the timer and waits for the round under way, so a closing app never cuts a round's
// transaction in half (a cut round would be safe anyway: §4, kill tests).
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff';

export interface SyncLoopOptions {
  /** One round; throws when it did not go through. */
  round: () => Promise<void>;
  /** False while no round may run (nobody signed in online, the desk locked): the loop waits. */
  mayRun: () => boolean;
  intervalMs: number;
  debounceMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  onRoundStart?: () => void;
  onRoundEnd?: (error: unknown) => void;
}

export class SyncLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private stopped = true;

  constructor(private readonly opts: SyncLoopOptions) {}

  get isRunning(): boolean {
    return this.running !== null;
  }

  /** Failed rounds in a row since the last one that went through. */
  get failuresInARow(): number {
    return this.failures;
  }

  /** Starts the loop with a round now. */
  start(): void {
    this.stopped = false;
    this.failures = 0;
    this.schedule(0);
  }

  /** Something changed (a command ran, the desk was unlocked): a round soon, once the burst is over. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // During a backoff the wait is kept: a desk offline does not try again at every keystroke.
    if (this.failures > 0) return;
    this.schedule(this.opts.debounceMs ?? 1_000);
  }

  /** A round now (or after the one under way), whatever the timer; resolves when it is done. */
  async runNow(): Promise<void> {
    if (this.stopped) return;
    if (this.running) await this.running;
    this.clearTimer();
    await this.tick();
  }

  /** No more rounds; waits for the one under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.again = false;
    this.clearTimer();
    await this.running;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.clearTimer();
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): Promise<void> {
    this.timer = null;
    if (this.stopped || this.running) return this.running ?? Promise.resolve();
    if (!this.opts.mayRun()) {
      this.schedule(this.opts.intervalMs);
      return Promise.resolve();
    }
    this.opts.onRoundStart?.();
    const run = this.opts.round().then(
      () => {
        this.failures = 0;
        this.opts.onRoundEnd?.(null);
      },
      (err: unknown) => {
        this.failures++;
        this.opts.onRoundEnd?.(err);
      },
    );
    this.running = run.finally(() => {
      this.running = null;
      if (this.failures > 0) this.schedule(retryDelayMs(this.failures, (this.opts.random ?? Math.random)(), this.opts.backoff ?? DEFAULT_BACKOFF));
      else if (this.again) this.schedule(this.opts.debounceMs ?? 1_000);
      else this.schedule(this.opts.intervalMs);
      this.again = false;
    });
    return this.running;
  }
}
