// The server's work list of signed judgments to extend for long-term validation (ARCHITECTURE §6,
// "On the server"): one row per file to extend (signature_extension_jobs, migration 0027), in the
// database, never in a process's memory, so the work survives a restart and several instances on one
// PostgreSQL share it. An instance takes a row by compare-and-set of its lease (the UPDATE's WHERE
// names a lease that is free or ran out: READ COMMITTED re-checks it on the row it waited for, so
// two instances never both take it); a lease that runs out (an instance killed mid-way) frees the
// row for the next taker. Correctness never rests on the lease: the domain command that records an
// extension refuses a second one of the same file, so the lease only saves work done twice.
import { judgmentsBelowLevel, judgmentsWithArchiveTimestamp, type Db, type JudgmentToExtend } from '../../domain';
import { archiveRenewalDue } from '../../domain/rules/signature-extension';
import type { AppError } from '../../shared/errors';
import type { ExtensionLevel } from '../../shared/schemas/judgment-signing';

export type ExtensionJob = Awaited<ReturnType<typeof jobsDue>>[number];

/** The longest wait between two tries of one file. */
export const MAX_RETRY_MS = 6 * 3600 * 1000;
const PAGE = 200;

/**
 * Adds a row for the newest file of every locked judgment never extended to `level` (any court, as
 * the desks' automatic pass lists them) that has none yet; returns how many were added. A file
 * done or refused keeps its row, so it is not taken again; a judgment whose chain moved on (a desk
 * extended it to B-LT only) gets a row for its new newest file.
 */

/** A waiting job row for each judgment's newest file; a file that has a row already keeps it. */
function insertWaitingJobs(db: Db, courtId: string, judgments: readonly JudgmentToExtend[], at: string) {
  return db
    .insertInto('signature_extension_jobs')
    .values(
      judgments.map((j) => ({
        from_sha256: j.newestSha256,
        judgment_id: j.judgmentId,
        court_id: courtId,
        state: 'waiting',
        tries: 0,
        next_try_at: at,
        lease_owner: null,
        lease_until: null,
        problem_code: null,
        problem_key: null,
        file_sha256: null,
        level: null,
        updated_at: at,
      })),
    )
    .onConflict((oc) => oc.column('from_sha256').doNothing())
    .executeTakeFirst();
}

export async function enqueueBelowLevel(db: Db, level: ExtensionLevel, now: Date): Promise<number> {
  const at = now.toISOString();
  let added = 0;
  for (const { id: courtId } of await db.selectFrom('courts').select('id').orderBy('id').execute()) {
    let after: { lockedAt: string; judgmentId: string } | null = null;
    for (;;) {
      const page = await judgmentsBelowLevel(db, courtId, level, { after, limit: PAGE });
      if (page.length === 0) break;
      const result = await insertWaitingJobs(db, courtId, page, at);
      added += Number(result.numInsertedOrUpdatedRows ?? 0);
      const last = page[page.length - 1]!;
      after = { lockedAt: last.lockedAt, judgmentId: last.judgmentId };
      if (page.length < PAGE) break;
    }
  }
  return added;
}

/**
 * Adds a row for the newest file of every locked judgment recorded at B-LTA whose archive timestamp
 * is due for renewal (its TSA's certificate expires within `renewDays`, as `expiryOf` reads the
 * court's blob; a file not held yet is looked at again next time). Its extension is the renewal: the
 * TSA's validation data and a new document timestamp, recorded as the chain's next extension.
 * Returns how many were added. A file renewed, or refused, keeps its row (once renewed it is no
 * longer the newest); a renewal that fails waits and is tried again like any extension.
 */
export async function enqueueRenewals(db: Db, renewDays: number, now: Date, expiryOf: (courtId: string, sha256: string) => Promise<string | null>): Promise<number> {
  const at = now.toISOString();
  let added = 0;
  for (const { id: courtId } of await db.selectFrom('courts').select('id').orderBy('id').execute()) {
    let after: { lockedAt: string; judgmentId: string } | null = null;
    for (;;) {
      const page = await judgmentsWithArchiveTimestamp(db, courtId, { after, limit: PAGE });
      if (page.length === 0) break;
      const due: typeof page = [];
      for (const j of page) if (archiveRenewalDue(await expiryOf(courtId, j.newestSha256), now, renewDays)) due.push(j);
      if (due.length > 0) {
        const result = await insertWaitingJobs(db, courtId, due, at);
        added += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      const last = page[page.length - 1]!;
      after = { lockedAt: last.lockedAt, judgmentId: last.judgmentId };
      if (page.length < PAGE) break;
    }
  }
  return added;
}

/** Waiting rows due now whose lease is free or ran out, the longest waiting first. */
export async function jobsDue(db: Db, now: Date, limit: number) {
  const at = now.toISOString();
  return db
    .selectFrom('signature_extension_jobs')
    .selectAll()
    .where('state', '=', 'waiting')
    .where('next_try_at', '<=', at)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .orderBy('next_try_at')
    .orderBy('from_sha256')
    .limit(limit)
    .execute();
}

/** Takes the row for `owner` until `now + leaseMs`, if still waiting and free; null when another took it first. */
export async function claimJob(db: Db, job: ExtensionJob, owner: string, now: Date, leaseMs: number): Promise<ExtensionJob | null> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const taken = await db
    .updateTable('signature_extension_jobs')
    .set({ lease_owner: owner, lease_until: until, updated_at: at })
    .where('from_sha256', '=', job.from_sha256)
    .where('state', '=', 'waiting')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1 ? { ...job, lease_owner: owner, lease_until: until } : null;
}

/** The earliest time a waiting row becomes due (its try time, or its lease's end), or null when none waits. */
export async function nextDueAt(db: Db): Promise<Date | null> {
  const rows = await db.selectFrom('signature_extension_jobs').select(['next_try_at', 'lease_until']).where('state', '=', 'waiting').orderBy('next_try_at').limit(50).execute();
  let best: number | null = null;
  for (const r of rows) {
    const t = Math.max(Date.parse(r.next_try_at), r.lease_until ? Date.parse(r.lease_until) : 0);
    if (best === null || t < best) best = t;
  }
  return best === null ? null : new Date(best);
}

type Ending =
  | { state: 'done'; file: { sha256: string; level: ExtensionLevel } | null }
  | { state: 'refused'; error: AppError }
  | { state: 'retry'; error: AppError; retryMs: number };

/** Ends the owner's try: done, refused for good, or waiting again after a wait doubling from `retryMs`. Nothing when the lease was lost. */
export async function endJob(db: Db, job: ExtensionJob, owner: string, now: Date, ending: Ending): Promise<boolean> {
  const at = now.toISOString();
  const tries = job.tries + 1;
  const set =
    ending.state === 'done'
      ? { state: 'done', tries, file_sha256: ending.file?.sha256 ?? null, level: ending.file?.level ?? null, problem_code: null, problem_key: null }
      : ending.state === 'refused'
        ? { state: 'refused', tries, file_sha256: null, problem_code: ending.error.code, problem_key: ending.error.i18nKey }
        : {
            state: 'waiting',
            tries,
            file_sha256: null,
            next_try_at: new Date(now.getTime() + Math.min(MAX_RETRY_MS, ending.retryMs * 2 ** Math.min(job.tries, 20))).toISOString(),
            problem_code: ending.error.code,
            problem_key: ending.error.i18nKey,
          };
  const r = await db
    .updateTable('signature_extension_jobs')
    .set({ ...set, lease_owner: null, lease_until: null, updated_at: at })
    .where('from_sha256', '=', job.from_sha256)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A file just reached the server: rows waiting for it are due now. */
export async function fileArrived(db: Db, sha256: string, now: Date): Promise<number> {
  const r = await db
    .updateTable('signature_extension_jobs')
    .set({ next_try_at: now.toISOString() })
    .where('from_sha256', '=', sha256)
    .where('state', '=', 'waiting')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The operator's view of the work list (`list-extension-jobs`): every row not done, oldest change first, with its judgment's case. */
export async function extensionJobsNotDone(db: Db, courtId: string | undefined) {
  let q = db
    .selectFrom('signature_extension_jobs as j')
    .innerJoin('courts as c', 'c.id', 'j.court_id')
    .innerJoin('judgments as g', 'g.id', 'j.judgment_id')
    .innerJoin('cases as k', 'k.id', 'g.case_id')
    .select(['j.from_sha256', 'j.judgment_id', 'j.state', 'j.tries', 'j.next_try_at', 'j.problem_code', 'j.problem_key', 'j.updated_at', 'c.code as court_code', 'k.number as case_number'])
    .where('j.state', '!=', 'done');
  if (courtId !== undefined) q = q.where('j.court_id', '=', courtId);
  return q.orderBy('j.updated_at').orderBy('j.from_sha256').execute();
}

/** How many rows are done (extended, or renewed), for the listing's closing line. */
export async function extensionJobsDone(db: Db, courtId: string | undefined): Promise<number> {
  let q = db.selectFrom('signature_extension_jobs').select((eb) => eb.fn.countAll<number | string>().as('n')).where('state', '=', 'done');
  if (courtId !== undefined) q = q.where('court_id', '=', courtId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * A refused row waits again, due now, its tries counted from zero (`retry-extension-job`): after
 * the operator fixed what refused it (a trust anchor added, a TSA configured). A row that still
 * waits is made due now. Returns the row as it was, or null when no row is for that file.
 */
export async function retryExtensionJob(db: Db, fromSha256: string, now: Date) {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('signature_extension_jobs').select(['from_sha256', 'state', 'court_id']).where('from_sha256', '=', fromSha256).executeTakeFirst();
    if (!row || row.state === 'done') return row ?? null;
    const at = now.toISOString();
    await tx
      .updateTable('signature_extension_jobs')
      .set({ state: 'waiting', tries: 0, next_try_at: at, problem_code: null, problem_key: null, updated_at: at })
      .where('from_sha256', '=', fromSha256)
      .where('state', '=', row.state)
      .execute();
    return row;
  });
}
