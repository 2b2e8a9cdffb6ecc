// Sign-in at the desk: argon2id with OWASP parameters, a wrong password never accepted, the
// brake after five failures in a minute, and the idle lock.
import { describe, expect, it } from 'vitest';
import { AttemptLimiter, DeskSession, MAX_DESK_FAILED_ATTEMPTS, MAX_FAILED_ATTEMPTS, hashPassword, verifyPassword } from '../../../src/main/services/auth';
import { AppError } from '../../../src/shared/errors';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

describe('password hashes', () => {
  it('are argon2id with m=19456 KiB, t=2, p=1 and salted (two hashes of one password differ)', async () => {
    const a = await hashPassword('kalimat-sir-2026');
    const b = await hashPassword('kalimat-sir-2026');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'kalimat-sir-2026')).toBe(true);
    expect(await verifyPassword(a, 'kalimat-sir-2027')).toBe(false);
  });

  it('a stored value that is not a hash never verifies', async () => {
    expect(await verifyPassword('plain-text-password', 'plain-text-password')).toBe(false);
  });
});

describe('the attempt brake', () => {
  it('after five failures within a minute the sixth attempt is refused for a minute, then allowed', () => {
    let t = 1_000_000;
    const limiter = new AttemptLimiter(() => t);
    for (let i = 0; i < 5; i++) {
      limiter.begin('omar.tazi').failed();
      t += 5_000;
    }
    t -= 5_000;
    const err = errorOf(() => limiter.begin('omar.tazi'));
    expect(err.code).toBe('BAD_CREDENTIALS');
    expect(err.i18nKey).toBe('errors.auth.tooManyAttempts');
    expect(err.params?.seconds).toBe(60);
    t += 59_000;
    expect(() => limiter.begin('omar.tazi')).toThrow(AppError);
    t += 1_000;
    expect(() => limiter.begin('omar.tazi')).not.toThrow();
  });

  it('five failures spread over more than a minute do not trigger it', () => {
    let t = 0;
    const limiter = new AttemptLimiter(() => t);
    for (let i = 0; i < 10; i++) {
      limiter.begin('omar.tazi').failed();
      t += 16_000;
    }
    expect(() => limiter.begin('omar.tazi')).not.toThrow();
  });

  it('an attempt holds its place from the moment it begins: a sixth cannot begin while five are being checked', () => {
    const limiter = new AttemptLimiter(() => 0);
    const running = Array.from({ length: 5 }, () => limiter.begin('omar.tazi'));
    const err = errorOf(() => limiter.begin('omar.tazi'));
    expect(err).toMatchObject({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.auth.tooManyAttempts', params: { seconds: 1 } });
    // One of them was the right password: its place is given back and the count starts again.
    running[0]!.succeeded();
    for (const r of running.slice(1)) r.failed();
    expect(() => limiter.begin('omar.tazi')).not.toThrow();
  });

  it('four failures and a running check leave no place; when that check fails the door closes for a minute', () => {
    let t = 0;
    const limiter = new AttemptLimiter(() => t);
    for (let i = 0; i < 4; i++) limiter.begin('omar.tazi').failed();
    const fifth = limiter.begin('omar.tazi');
    expect(() => limiter.begin('omar.tazi')).toThrow(AppError);
    fifth.failed();
    t += 30_000;
    expect(errorOf(() => limiter.begin('omar.tazi')).params?.seconds).toBe(30);
  });

  it('settling a ticket twice counts once', () => {
    const limiter = new AttemptLimiter(() => 0);
    const a = limiter.begin('omar.tazi');
    a.failed();
    a.failed();
    a.succeeded();
    for (let i = 0; i < 3; i++) limiter.begin('omar.tazi').failed();
    expect(() => limiter.begin('omar.tazi')).not.toThrow();
  });
});

describe('the attempt brake, account by account', () => {
  it('a right password for one account does not clear the failures of another', () => {
    let t = 0;
    const limiter = new AttemptLimiter(() => t);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) limiter.begin('admin').failed();
      limiter.begin('clerk').succeeded();
      t += 1_000;
    }
    limiter.begin('admin').failed();
    const err = errorOf(() => limiter.begin('admin'));
    expect(err).toMatchObject({ i18nKey: 'errors.auth.tooManyAttempts', params: { seconds: 60 } });
    // The clerk's own door is open; a right password clears only its own account's count.
    expect(() => limiter.begin('clerk').succeeded()).not.toThrow();
    expect(() => limiter.begin('admin')).toThrow(AppError);
  });

  it('an account’s name is the same whatever its letter case', () => {
    const limiter = new AttemptLimiter(() => 0);
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) limiter.begin(i % 2 ? 'ADMIN' : 'admin').failed();
    expect(() => limiter.begin('Admin')).toThrow(AppError);
  });

  it('guesses spread over many names meet the desk-wide ceiling, which no success clears', () => {
    let t = 0;
    const limiter = new AttemptLimiter(() => t);
    for (let i = 0; i < MAX_DESK_FAILED_ATTEMPTS; i++) {
      limiter.begin(`name-${i}`).failed();
      if (i % 3 === 0) limiter.begin('clerk').succeeded();
    }
    expect(errorOf(() => limiter.begin('someone-new'))).toMatchObject({ i18nKey: 'errors.auth.tooManyAttempts', params: { seconds: 60 } });
    expect(() => limiter.begin('clerk')).toThrow(AppError);
    t += 60_000;
    expect(() => limiter.begin('someone-new')).not.toThrow();
  });

  it('one account failing five times leaves the others open', () => {
    const limiter = new AttemptLimiter(() => 0);
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) limiter.begin('admin').failed();
    expect(() => limiter.begin('admin')).toThrow(AppError);
    expect(() => limiter.begin('clerk')).not.toThrow();
  });
});

describe('the desk session', () => {
  it('locks itself after the idle time and says LOCKED, not NOT_AUTHENTICATED', () => {
    let t = 0;
    const s = new DeskSession(10 * 60_000, () => t);
    expect(errorOf(() => s.requireActiveUser()).code).toBe('NOT_AUTHENTICATED');
    s.signIn('u1');
    t += 9 * 60_000;
    expect(s.requireActiveUser()).toBe('u1');
    s.touch();
    t += 9 * 60_000;
    expect(s.requireActiveUser()).toBe('u1');
    t += 10 * 60_000;
    expect(errorOf(() => s.requireActiveUser()).code).toBe('LOCKED');
    s.unlock();
    expect(s.requireActiveUser()).toBe('u1');
    s.signOut();
    expect(errorOf(() => s.requireActiveUser()).code).toBe('NOT_AUTHENTICATED');
  });
});
