// The desk extends its judgments' signatures by itself while online (ARCHITECTURE §6, "Extended
// judgments"): after a sync round went through, one pass extends at most a few locked judgments
// whose newest file this desk made and holds and which were never extended to what it can reach now, oldest
// lock first, as the signed-in clerk. A failure (TSA or responder down, a file that does not
// verify) is logged, ends the pass, and that judgment waits longer at each failure before it is
// tried again; nothing is shown to the clerk, who can still extend from the signature panel. Never
// inside the round: a slow responder must not hold back the next push.
//
// With a TSA it also renews the archive timestamp of a B-LTA file this desk made once that
// timestamp's TSA certificate expires within the desk's margin (MAHKAMA_LTV_RENEW_DAYS, 30 days):
// the court's server renews within its own, longer margin (90 days) first, so a desk renews only
// what the server did not (a server without a TSA, or one that cannot reach it); should both
// renew one file, the first recorded holds it (recordSignatureExtension) as for any extension.
import fs from 'node:fs';
import { judgmentsBelowLevel, judgmentsWithArchiveTimestamp, type Actor, type CommandEnv, type Db } from '../../../domain';
import { archiveRenewalDue } from '../../../domain/rules/signature-extension';
import { toAppError } from '../../../shared/errors';
import type { ExtensionLevel } from '../../../shared/schemas/judgment-signing';
import type { Logger } from '../logger';
import { retryDelayMs, type BackoffPolicy } from '../sync/backoff';
import { boundedMemo } from '../../../shared/bounded-memo';

export interface AutoExtensionOptions {
  db: Db;
  /** The desk's court; null before set-up. */
  courtId(): string | null;
  /** What an extension reaches here now: B-LTA with a TSA, B-LT without, null without trust anchors. */
  reachable(): ExtensionLevel | null;
  /** Where the desk's store keeps a file: only judgments whose newest file is here are extended here. */
  pathOf(sha256: string): string;
  /**
   * Whether this desk made the file (signed or extended it here). Signed files travel to every
   * desk of the court: each judgment is extended by the desk of its last signature, not by all.
   */
  madeHere?(sha256: string): Promise<boolean>;
  /** Who the extension is recorded for: the signed-in user when one of the judgment's keepers, else null (wait). */
  actor(): Promise<Actor | null>;
  env(): CommandEnv;
  extend(judgmentId: string, actor: Actor, env: CommandEnv, opts?: { renewal?: boolean }): Promise<{ level: ExtensionLevel }>;
  /** Days before its TSA certificate expires that a B-LTA file's archive timestamp is renewed (default: never). */
  renewDays?(): number;
  /** When the TSA certificate of the newest document timestamp of a file in the store expires (null: none). */
  archiveExpiryOf?(sha256: string): string | null;
  now(): number;
  log: Logger;
  /** Judgments extended at most per pass (default 3): each costs OCSP and TSA requests. */
  perPass?: number;
  /** Wait before a failed judgment is tried again: doubling from base to max, with jitter. */
  backoff?: BackoffPolicy;
  random?: () => number;
}

export interface PassOutcome {
  extended: string[];
  /** Of `extended`, those whose archive timestamp was renewed. */
  renewed: string[];
  failed: string[];
}

/** A minute after the first failure, then doubling, at most six hours. */
export const AUTO_EXTENSION_BACKOFF: BackoffPolicy = { baseMs: 60_000, maxMs: 6 * 60 * 60_000 };
const PAGE = 200;

export class AutoExtension {
  private running: Promise<PassOutcome> | null = null;
  private again = false;
  private closed = false;
  private readonly failures = new Map<string, { count: number; until: number }>();
  /** Archive expiry per file (a file's content never changes under its hash), read once. */
  private readonly archiveExpiry = boundedMemo(10_000, (sha256: string) => this.o.archiveExpiryOf?.(sha256) ?? null);

  constructor(private readonly o: AutoExtensionOptions) {}

  /** A round went through: a pass soon (one at a time; one asked for meanwhile runs after it). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again && !this.closed) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Waits for the pass under way and any asked for after it (tests, close). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.again = false;
    await this.settled();
  }

  /** One pass; never throws (its failures are logged). */
  async pass(): Promise<PassOutcome> {
    const outcome: PassOutcome = { extended: [], renewed: [], failed: [] };
    try {
      const level = this.o.reachable();
      const courtId = this.o.courtId();
      if (level === null || courtId === null) return outcome;
      const actor = await this.o.actor();
      if (!actor) return outcome;
      const due = await this.due(courtId, level);
      const limit = this.o.perPass ?? 3;
      if (level === 'B-LTA' && due.length < limit) for (const judgmentId of await this.renewalsDue(courtId, limit - due.length)) due.push({ judgmentId, renewal: true });
      for (const { judgmentId, renewal } of due) {
        if (this.closed) break;
        try {
          const done = await this.o.extend(judgmentId, actor, this.o.env(), renewal ? { renewal } : undefined);
          this.failures.delete(judgmentId);
          outcome.extended.push(judgmentId);
          if (renewal) outcome.renewed.push(judgmentId);
          this.o.log.info({ judgmentId, level: done.level, renewal }, renewal ? 'archive timestamp of a judgment renewed automatically' : 'judgment signatures extended automatically');
        } catch (err) {
          const e = toAppError(err);
          const tries = (this.failures.get(judgmentId)?.count ?? 0) + 1;
          const waitMs = retryDelayMs(tries, (this.o.random ?? Math.random)(), this.o.backoff ?? AUTO_EXTENSION_BACKOFF);
          this.failures.set(judgmentId, { count: tries, until: this.o.now() + waitMs });
          outcome.failed.push(judgmentId);
          this.o.log.warn({ judgmentId, code: e.code, i18nKey: e.i18nKey, params: e.params, tries, retryInSeconds: Math.round(waitMs / 1000) }, 'automatic extension failed; tried again later');
          // The next would most likely fail the same way (the TSA or a responder is down).
          break;
        }
      }
    } catch (err) {
      this.o.log.warn({ err }, 'automatic extension pass failed');
    }
    return outcome;
  }

  /** The judgments to extend now: below the level, their newest file here, not waiting after a failure. */
  private async due(courtId: string, level: ExtensionLevel): Promise<{ judgmentId: string; renewal: boolean }[]> {
    const limit = this.o.perPass ?? 3;
    const now = this.o.now();
    const out: { judgmentId: string; renewal: boolean }[] = [];
    let after: { lockedAt: string; judgmentId: string } | null = null;
    for (;;) {
      const page = await judgmentsBelowLevel(this.o.db, courtId, level, { after, limit: PAGE });
      for (const j of page) {
        if ((this.failures.get(j.judgmentId)?.until ?? 0) > now) continue;
        if (!fs.existsSync(this.o.pathOf(j.newestSha256))) continue;
        // A judgment countersigned on another desk is that desk's to extend (its file came here too).
        if (this.o.madeHere && !(await this.o.madeHere(j.newestSha256))) continue;
        out.push({ judgmentId: j.judgmentId, renewal: false });
        if (out.length >= limit) return out;
      }
      const last = page.at(-1);
      if (page.length < PAGE || !last) return out;
      after = { lockedAt: last.lockedAt, judgmentId: last.judgmentId };
    }
  }

  /** B-LTA judgments whose newest file this desk made and holds, their archive timestamp's TSA certificate expiring within the margin. */
  private async renewalsDue(courtId: string, limit: number): Promise<string[]> {
    const days = this.o.renewDays?.();
    if (days === undefined || !this.o.archiveExpiryOf) return [];
    const now = this.o.now();
    const out: string[] = [];
    let after: { lockedAt: string; judgmentId: string } | null = null;
    for (;;) {
      const page = await judgmentsWithArchiveTimestamp(this.o.db, courtId, { after, limit: PAGE });
      for (const j of page) {
        if ((this.failures.get(j.judgmentId)?.until ?? 0) > now) continue;
        if (!fs.existsSync(this.o.pathOf(j.newestSha256))) continue;
        // The expiry first (read once per file, then kept): most B-LTA files are years from renewal.
        if (!archiveRenewalDue(this.archiveExpiry(j.newestSha256), new Date(now), days)) continue;
        if (this.o.madeHere && !(await this.o.madeHere(j.newestSha256))) continue;
        out.push(j.judgmentId);
        if (out.length >= limit) return out;
      }
      const last = page.at(-1);
      if (page.length < PAGE || !last) return out;
      after = { lockedAt: last.lockedAt, judgmentId: last.judgmentId };
    }
  }
}
