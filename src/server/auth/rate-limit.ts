// The rate limits of the unauthenticated routes (ARCHITECTURE §7): login, at most 5 attempts a
// minute per client IP and per user name; enrolment, at most 10 a minute per client IP.
// An attempt is counted when it begins, before any password is checked, in one transaction that
// locks the row of each of its buckets (an INSERT … ON CONFLICT DO UPDATE: a row lock on
// PostgreSQL, the write lock on SQLite), so guesses sent all at once, to one instance or to several
// on one database, meet the same count: at most five of them are ever checked. The state is in the
// database, never in a process. An attempt that is refused is not counted, so a client that keeps
// knocking is let in again a minute after its fifth attempt.
import { AppError } from '../../shared/errors';
import type { Db } from '../../domain/db-schema';

export interface RateLimit {
  max: number;
  windowMs: number;
}
export const LOGIN_RATE_LIMIT: RateLimit = { max: 5, windowMs: 60_000 };
/** Codes are long and random, so guessing one is hopeless anyway; the limit keeps a prober from
 * filling the log and the database with refusals. An office enrolling its desks stays far below. */
export const ENROL_RATE_LIMIT: RateLimit = { max: 10, windowMs: 60_000 };

export function ipBucket(ip: string): string {
  return `ip:${ip}`;
}
/** Enrolment counts apart from login: a desk being enrolled does not spend its clerk's sign-ins. */
export function enrolIpBucket(ip: string): string {
  return `enrol-ip:${ip}`;
}
/** User names are compared as the login compares them (lower case), so case changes are one bucket. */
export function userBucket(username: string): string {
  return `user:${username.trim().toLowerCase()}`;
}

export function tooManyAttempts(seconds: number): AppError {
  return new AppError('TOO_MANY_REQUESTS', 'errors.auth.tooManyLogins', { params: { seconds: Math.max(1, seconds) } });
}

export function tooManyEnrolments(seconds: number): AppError {
  return new AppError('TOO_MANY_REQUESTS', 'errors.enrolment.tooManyAttempts', { params: { seconds: Math.max(1, seconds) } });
}

function recentAttempts(json: string, since: number): number[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((t): t is number => typeof t === 'number' && t > since) : [];
  } catch {
    return [];
  }
}

/**
 * Counts one attempt against every bucket, or throws TOO_MANY_REQUESTS (`refuse`, with the seconds
 * until the fullest bucket has room) and counts nothing when any bucket is full.
 */
export async function reserveAttempt(
  db: Db,
  buckets: readonly string[],
  now: number,
  limit: RateLimit = LOGIN_RATE_LIMIT,
  refuse: (seconds: number) => AppError = tooManyAttempts,
): Promise<void> {
  const since = now - limit.windowMs;
  const waitMs = await db.transaction().execute(async (trx) => {
    // Buckets quiet for a whole window hold nothing: the table keeps only the last minute's callers.
    await trx.deleteFrom('login_throttle').where('last_attempt_ms', '<=', since).execute();
    const rows: { bucket: string; attempts: number[] }[] = [];
    // Locked in one order, so two logins sharing buckets never wait on each other crosswise.
    for (const bucket of [...new Set(buckets)].sort()) {
      const row = await trx
        .insertInto('login_throttle')
        .values({ bucket, attempts: '[]', last_attempt_ms: now })
        .onConflict((oc) => oc.column('bucket').doUpdateSet((eb) => ({ attempts: eb.ref('login_throttle.attempts') })))
        .returning(['attempts'])
        .executeTakeFirstOrThrow();
      rows.push({ bucket, attempts: recentAttempts(row.attempts, since) });
    }
    let wait = 0;
    for (const r of rows) {
      if (r.attempts.length >= limit.max) wait = Math.max(wait, Math.min(...r.attempts) + limit.windowMs - now);
    }
    if (wait > 0) return wait;
    for (const r of rows) {
      await trx
        .updateTable('login_throttle')
        .set({ attempts: JSON.stringify([...r.attempts, now]), last_attempt_ms: now })
        .where('bucket', '=', r.bucket)
        .execute();
    }
    return 0;
  });
  if (waitMs > 0) throw refuse(Math.ceil(waitMs / 1000));
}
