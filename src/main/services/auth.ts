// Local sign-in of the workstation: argon2id password hashes (OWASP parameters), the session of
// the person at the desk (who, locked or not, last activity, idle lock), and the brake on guessing.
// Errors never say whether the name or the password was wrong; passwords are never logged or kept.
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { AppError } from '../../shared/errors';

/** OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB, t=2, p=1. */
export const ARGON2_OPTIONS = {
  algorithm: 2 as Algorithm, // Argon2id; the enum is a const enum the bundler cannot inline
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password and for anything that is not a hash we can read. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/**
 * Verifies against a throw-away hash, so a login for a name that does not exist costs as much
 * time as one with a wrong password and timing does not reveal which names exist.
 */
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('mahkama-no-such-user-placeholder');
  await verifyPassword(await dummyHash, password);
}

export const MAX_FAILED_ATTEMPTS = 5;
export const ATTEMPT_WINDOW_MS = 60_000;
export const LOCKOUT_MS = 60_000;

/** One password check under way: settle it exactly once with its outcome. */
export interface AttemptTicket {
  succeeded(): void;
  failed(): void;
}

function tooManyAttempts(waitMs: number): AppError {
  return new AppError('BAD_CREDENTIALS', 'errors.auth.tooManyAttempts', { params: { seconds: Math.max(1, Math.ceil(waitMs / 1000)) } });
}

/**
 * Five failed attempts within a minute close the door for a minute (workstation-wide, sign-in and
 * unlock together). An attempt is counted when it begins, in the same synchronous step that checks
 * the door is open, and before the slow password check: checks still running hold a place among the
 * five, so guesses sent all at once cannot all get past the check (issue 7, item 1).
 */
export class AttemptLimiter {
  private failures: number[] = [];
  private inFlight = 0;
  private blockedUntil = 0;
  constructor(private readonly now: () => number = Date.now) {}

  /** Reserves one attempt or throws tooManyAttempts (with the seconds to wait); call before checking a password. */
  begin(): AttemptTicket {
    const t = this.now();
    if (t < this.blockedUntil) throw tooManyAttempts(this.blockedUntil - t);
    this.failures = this.failures.filter((f) => t - f < ATTEMPT_WINDOW_MS);
    // Every place is held by a recent failure or a check still running: whichever way those end,
    // this guess may not be checked now. A running check ends within a second.
    if (this.failures.length + this.inFlight >= MAX_FAILED_ATTEMPTS) throw tooManyAttempts(1000);
    this.inFlight++;
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      this.inFlight--;
      return true;
    };
    return {
      succeeded: () => {
        if (settle()) this.failures = [];
      },
      failed: () => {
        if (!settle()) return;
        const at = this.now();
        this.failures = this.failures.filter((f) => at - f < ATTEMPT_WINDOW_MS);
        this.failures.push(at);
        if (this.failures.length >= MAX_FAILED_ATTEMPTS) {
          this.blockedUntil = at + LOCKOUT_MS;
          this.failures = [];
        }
      },
    };
  }
}

export function badCredentials(): AppError {
  return new AppError('BAD_CREDENTIALS', 'errors.auth.badCredentials');
}

/** The lock screen asks for a password only: its refusal names only the password. */
export function badPassword(): AppError {
  return new AppError('BAD_CREDENTIALS', 'errors.auth.badPassword');
}

/** Who is at the desk. The user id only: roles are re-read from the database for every call. */
export class DeskSession {
  private userId: string | null = null;
  private locked = false;
  private lastActivity = 0;

  constructor(
    private readonly idleLockMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get currentUserId(): string | null {
    return this.userId;
  }

  /** Locks the session if it has been idle too long; call before answering anything. */
  applyIdleLock(): void {
    if (this.userId !== null && !this.locked && this.now() - this.lastActivity >= this.idleLockMs) this.locked = true;
  }

  get isLocked(): boolean {
    return this.userId !== null && this.locked;
  }

  signIn(userId: string): void {
    this.userId = userId;
    this.locked = false;
    this.lastActivity = this.now();
  }

  touch(): void {
    if (this.userId !== null && !this.locked) this.lastActivity = this.now();
  }

  lock(): void {
    if (this.userId !== null) this.locked = true;
  }

  unlock(): void {
    this.locked = false;
    this.lastActivity = this.now();
  }

  signOut(): void {
    this.userId = null;
    this.locked = false;
  }

  /** Throws NOT_AUTHENTICATED or LOCKED unless someone is signed in and the screen is open. */
  requireActiveUser(): string {
    this.applyIdleLock();
    if (this.userId === null) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
    if (this.locked) throw new AppError('LOCKED', 'errors.auth.locked');
    return this.userId;
  }
}
