// Sign-in at the desk: argon2id with OWASP parameters, a wrong password never accepted, the
// brake after five failures in a minute, and the idle lock.
import { describe, expect, it } from 'vitest';
import { AttemptLimiter, DeskSession, hashPassword, verifyPassword } from '../../../src/main/services/auth';
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
    for (let i = 0; i < 4; i++) {
      limiter.assertAllowed();
      limiter.recordFailure();
      t += 5_000;
    }
    limiter.assertAllowed();
    limiter.recordFailure();
    const err = errorOf(() => limiter.assertAllowed());
    expect(err.code).toBe('BAD_CREDENTIALS');
    expect(err.i18nKey).toBe('errors.auth.tooManyAttempts');
    expect(err.params?.seconds).toBe(60);
    t += 59_000;
    expect(() => limiter.assertAllowed()).toThrow(AppError);
    t += 1_000;
    expect(() => limiter.assertAllowed()).not.toThrow();
  });

  it('five failures spread over more than a minute do not trigger it', () => {
    let t = 0;
    const limiter = new AttemptLimiter(() => t);
    for (let i = 0; i < 10; i++) {
      limiter.assertAllowed();
      limiter.recordFailure();
      t += 16_000;
    }
    expect(() => limiter.assertAllowed()).not.toThrow();
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
