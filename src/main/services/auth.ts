// Local sign-in of the workstation: argon2id password hashes (OWASP parameters), the session of
// the person at the desk (who, locked or not, last activity, idle lock), and the brake on guessing.
// Errors never say whether the name or the password was wrong; passwords are never logged or kept.
import fs from 'node:fs';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { ARGON2ID_PARAMETERS } from '../../shared/password-policy';

/** argon2id with the parameters the server uses too (src/shared/password-policy.ts). */
export const ARGON2_OPTIONS = {
  algorithm: 2 as Algorithm, // Argon2id; the enum is a const enum the bundler cannot inline
  ...ARGON2ID_PARAMETERS,
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
/** Failures against all accounts together, within the same minute, before the whole desk waits. */
export const MAX_DESK_FAILED_ATTEMPTS = 20;
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

/** Failures within the last minute and checks still running, against one limit. */
class Brake {
  private failures: number[] = [];
  private inFlight = 0;
  private blockedUntil = 0;
  constructor(private readonly max: number) {}

  /** The refusal a new attempt meets now, or null when it may begin. */
  refusal(t: number): AppError | null {
    if (t < this.blockedUntil) return tooManyAttempts(this.blockedUntil - t);
    this.failures = this.failures.filter((f) => t - f < ATTEMPT_WINDOW_MS);
    // Every place is held by a recent failure or a check still running: whichever way those end,
    // this guess may not be checked now. A running check ends within a second.
    return this.failures.length + this.inFlight >= this.max ? tooManyAttempts(1000) : null;
  }

  hold(): void {
    this.inFlight++;
  }

  release(): void {
    this.inFlight--;
  }

  fail(t: number): void {
    this.failures = this.failures.filter((f) => t - f < ATTEMPT_WINDOW_MS);
    this.failures.push(t);
    if (this.failures.length >= this.max) {
      this.blockedUntil = t + LOCKOUT_MS;
      this.failures = [];
    }
  }

  clear(): void {
    this.failures = [];
  }

  /** Nothing to remember: no recent failure, no running check, no wait. */
  idle(t: number): boolean {
    return this.inFlight === 0 && t >= this.blockedUntil && this.failures.every((f) => t - f >= ATTEMPT_WINDOW_MS);
  }

  /** What outlives the process: the failures and the wait (checks under way end with it). */
  snapshot(): BrakeState {
    return { failures: [...this.failures], blockedUntil: this.blockedUntil };
  }

  restore(state: BrakeState): this {
    this.failures = [...state.failures];
    this.blockedUntil = state.blockedUntil;
    return this;
  }
}

const brakeStateSchema = z.object({ failures: z.array(z.number().finite()).max(100), blockedUntil: z.number().finite() });
type BrakeState = z.infer<typeof brakeStateSchema>;
const limiterStateSchema = z.object({ desk: brakeStateSchema, accounts: z.record(z.string().max(200), brakeStateSchema) });
type LimiterState = z.infer<typeof limiterStateSchema>;

/**
 * Where the brake is kept between runs, so restarting the app does not hand out fresh guesses
 * (desk attack review). A file beside the database, not the database: the brake is no court
 * record and must work when the database is locked or damaged.
 */
export interface BrakeMemory {
  load(): unknown;
  save(state: LimiterState): void;
}

/** A small JSON file, written whole (temporary name, then rename); unreadable or malformed reads as no memory. */
export function brakeFile(file: string): BrakeMemory {
  return {
    load() {
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      } catch {
        return null;
      }
    },
    save(state) {
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(tmp, JSON.stringify(state));
        fs.renameSync(tmp, file);
      } catch {
        // A brake that cannot be written still holds for this run.
        fs.rmSync(tmp, { force: true });
      }
    },
  };
}

/**
 * The brake on guessing passwords, kept per account (sign-in, unlock and changing one's own
 * password count against the account whose password is tried): five failures within a minute close
 * that account's door for a minute. A right password clears its own account's count only, so
 * signing in with a known account between guesses does not reset the count of another (issue 7
 * review). Beside it, a desk-wide ceiling that no success clears bounds guesses spread over many
 * names. An attempt is counted when it begins, in the same synchronous step that checks the door
 * is open, and before the slow password check: checks still running hold a place, so guesses sent
 * all at once cannot all get past the check (issue 7, item 1).
 */
export class AttemptLimiter {
  private readonly desk = new Brake(MAX_DESK_FAILED_ATTEMPTS);
  private readonly accounts = new Map<string, Brake>();
  constructor(
    private readonly now: () => number = Date.now,
    private readonly memory?: BrakeMemory,
  ) {
    const kept = limiterStateSchema.safeParse(memory?.load());
    if (!kept.success) return;
    this.desk.restore(kept.data.desk);
    for (const [name, state] of Object.entries(kept.data.accounts)) this.accounts.set(name, new Brake(MAX_FAILED_ATTEMPTS).restore(state));
  }

  private remember(): void {
    if (!this.memory) return;
    const t = this.now();
    const accounts: Record<string, BrakeState> = {};
    for (const [name, brake] of this.accounts) if (!brake.idle(t)) accounts[name] = brake.snapshot();
    this.memory.save({ desk: this.desk.snapshot(), accounts });
  }

  /** Reserves one attempt at `account`'s password or throws tooManyAttempts (with the seconds to wait); call before checking it. */
  begin(account: string): AttemptTicket {
    const t = this.now();
    for (const [name, brake] of this.accounts) if (brake.idle(t)) this.accounts.delete(name);
    const key = account.toLowerCase();
    const own = this.accounts.get(key) ?? new Brake(MAX_FAILED_ATTEMPTS);
    const refusal = this.desk.refusal(t) ?? own.refusal(t);
    if (refusal) throw refusal;
    this.accounts.set(key, own);
    this.desk.hold();
    own.hold();
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      this.desk.release();
      own.release();
      return true;
    };
    return {
      succeeded: () => {
        if (!settle()) return;
        own.clear();
        this.remember();
      },
      failed: () => {
        if (!settle()) return;
        const at = this.now();
        own.fail(at);
        this.desk.fail(at);
        this.remember();
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
