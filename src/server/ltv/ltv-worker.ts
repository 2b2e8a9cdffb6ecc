// The server's extension of signed judgments for long-term validation, off the request path
// (ARCHITECTURE §6, "On the server"): a loop per process that, every scan interval and whenever a
// push applied a signature or an extension, or a file reached the server, lists the locked judgments
// below what the server reaches and, with a TSA, the B-LTA ones whose archive timestamp is due for
// renewal (extension-jobs.ts), takes the due ones one at a time under a lease,
// and extends each (extend-on-server.ts). Nothing another instance needs is kept here: the work list,
// the tries, the waits and the reasons are rows; the wake-ups only spare a wait.
import { randomUUID } from 'node:crypto';
import type { CommandEnv, Db } from '../../domain';
import { toAppError } from '../../shared/errors';
import type { ExtensionLevel } from '../../shared/schemas/judgment-signing';
import { readTrustAnchorsDir } from '../../signatures/trust-anchors';
import type { BlobStore } from '../blobs/blob-store';
import type { LtvSettings } from '../config';
import type { Logger } from '../logger';
import { newestArchiveTimestamp } from '../../signatures/archive-timestamp';
import { claimJob, endJob, enqueueBelowLevel, enqueueRenewals, fileArrived, jobsDue, nextDueAt } from './extension-jobs';
import { extendOnServer, type ServerExtension } from './extend-on-server';

export interface LtvWorkerOptions {
  db: Db;
  blobs: BlobStore;
  settings: LtvSettings;
  envOf(courtId: string): CommandEnv;
  log: Logger;
  now?: () => Date;
  /** Tests: false for no timer (the passes are runOnce's). */
  timer?: boolean;
  /** Names this instance in the leases it takes (default: the process id and a random part). */
  owner?: string;
}

export interface LtvWorker {
  /** What the server's extensions reach: B-LTA with a TSA, B-LT without; null when it extends nothing (no trust anchors). */
  readonly reachable: ExtensionLevel | null;
  /** Look again soon (a signature or an extension was pushed). */
  wake(): void;
  /** A court came to hold a file: a judgment waiting for it is due now. */
  fileArrived(sha256: string): void;
  /** One pass now (list, then every due job): what the tests and the timer run. */
  runOnce(): Promise<{ added: number; outcomes: ServerExtension['outcome'][] }>;
  /** Stops taking work; resolves once the job under way has ended. */
  stop(): Promise<void>;
}

/** Commands whose application may make a judgment's file extensible (or no longer its newest). */
const WAKING_COMMANDS: ReadonlySet<string> = new Set(['signJudgment', 'recordSignatureExtension']);

export function wakesLtv(names: readonly string[]): boolean {
  return names.some((n) => WAKING_COMMANDS.has(n));
}

export function startLtvWorker(o: LtvWorkerOptions): LtvWorker {
  const now = o.now ?? (() => new Date());
  const { settings, db, log } = o;
  const reachable: ExtensionLevel | null = settings.trustAnchorsDir === null ? null : settings.tsaUrl ? 'B-LTA' : 'B-LT';
  const owner = o.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let lastScan = 0;
  // When each B-LTA file's archive timestamp's TSA certificate expires, as read from the court's
  // blob: a file's content never changes under its name, so what was read once holds (a cache,
  // not state: another instance reads the same from the same blob).
  const archiveExpiry = new Map<string, string | null>();
  async function expiryOf(courtId: string, sha256: string): Promise<string | null> {
    if (archiveExpiry.has(sha256)) return archiveExpiry.get(sha256)!;
    let file: string;
    try {
      file = (await o.blobs.findBlob({ courtId, deviceId: 'server' }, sha256)).file;
    } catch {
      return null; // Not here yet: looked at again at the next scan.
    }
    let expires: string | null = null;
    try {
      expires = newestArchiveTimestamp(file)?.tsaCertificateExpiresAt ?? null;
    } catch (err) {
      log.warn({ sha256, err }, 'could not read the archive timestamp of a B-LTA judgment file');
    }
    if (archiveExpiry.size >= 100_000) archiveExpiry.clear();
    archiveExpiry.set(sha256, expires);
    return expires;
  }

  async function pass(): Promise<{ added: number; outcomes: ServerExtension['outcome'][] }> {
    const outcomes: ServerExtension['outcome'][] = [];
    if (reachable === null) return { added: 0, outcomes };
    let added = await enqueueBelowLevel(db, reachable, now());
    // Renewing archive timestamps takes a TSA; the server renews first (its margin is the longer).
    if (reachable === 'B-LTA') added += await enqueueRenewals(db, settings.renewDays, now(), expiryOf);
    lastScan = Date.now();
    // Read afresh each pass: an anchor the operator adds counts from the next one, as on the desk.
    const trustAnchors = readTrustAnchorsDir(settings.trustAnchorsDir);
    while (!stopped) {
      const due = await jobsDue(db, now(), 8);
      let job = null;
      for (const candidate of due) if ((job = await claimJob(db, candidate, owner, now(), settings.leaseMs))) break;
      if (!job) break;
      let result: ServerExtension;
      try {
        result = await extendOnServer({ db, blobs: o.blobs, envOf: o.envOf, tsaUrl: settings.tsaUrl, trustAnchors, now, log, owner }, job);
      } catch (err) {
        // A fault of the server's own (its database, its disk): tried again later like a TSA down.
        result = { outcome: 'retry', error: toAppError(err) };
      }
      outcomes.push(result.outcome);
      const ending =
        result.outcome === 'extended'
          ? ({ state: 'done', file: { sha256: result.sha256, level: result.level } } as const)
          : result.outcome === 'superseded'
            ? ({ state: 'done', file: null } as const)
            : result.outcome === 'refused'
              ? ({ state: 'refused', error: result.error } as const)
              : ({ state: 'retry', error: result.error, retryMs: settings.retryMs } as const);
      if (result.outcome === 'retry' || result.outcome === 'refused') {
        const line = { judgmentId: job.judgment_id, fromSha256: job.from_sha256, outcome: result.outcome, code: result.error.code, i18nKey: result.error.i18nKey, params: result.error.params, tries: job.tries + 1 };
        // A file still on its way is the usual order of things (the record comes before the file): not a warning.
        if (result.error.code === 'NOT_FOUND') log.info(line, 'judgment not extended by the server yet: its file has not arrived');
        else log.warn(line, 'judgment not extended by the server');
      }
      if (!(await endJob(db, job, owner, now(), ending))) log.warn({ judgmentId: job.judgment_id }, 'the extension job\'s lease ran out before it ended: another instance may take it again');
    }
    return { added, outcomes };
  }

  // One pass at a time in this process: the timer's, a wake-up's and runOnce's queue one behind the other.
  let tail: Promise<unknown> = Promise.resolve();
  let queued = false;
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const p = tail.then(fn);
    tail = p.catch(() => undefined);
    return p;
  }

  function schedule(ms: number): void {
    if (stopped || o.timer === false) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), Math.max(0, ms));
    timer.unref();
  }

  async function run(): Promise<void> {
    if (queued) return;
    queued = true;
    await exclusive(async () => {
      queued = false;
      await pass().catch((err: unknown) => log.error({ err }, 'the extension pass failed; it runs again at the next scan'));
    });
    if (stopped || queued) return;
    // Next: the earliest due row (a retry's wait, a lease that runs out), or the next scan.
    const due = await nextDueAt(db).catch(() => null);
    const untilScan = settings.scanIntervalMs - (Date.now() - lastScan);
    schedule(Math.min(untilScan, due ? due.getTime() - now().getTime() + 10 : untilScan));
  }

  if (reachable !== null) schedule(0);
  else log.info('no trust anchors configured (MAHKAMA_SERVER_TRUST_ANCHORS): the server extends no signed judgment');

  return {
    reachable,
    wake() {
      if (reachable !== null) schedule(100);
    },
    fileArrived(sha256) {
      if (reachable === null) return;
      void fileArrived(db, sha256, now()).then(
        (n) => n > 0 && schedule(0),
        (err: unknown) => log.warn({ err }, 'could not note a file\'s arrival for the extension job'),
      );
    },
    runOnce() {
      return exclusive(pass);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await tail;
    },
  };
}
