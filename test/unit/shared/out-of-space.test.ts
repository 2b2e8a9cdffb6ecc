// A full disk is a typed error the person can act on (DISK_FULL, errors.disk.full) on the desk and in
// the CLIs, whatever layer saw it first (the system, SQLite, PostgreSQL, or an error that wraps
// theirs); the server never sends that code, only SERVICE_UNAVAILABLE, which every desk retries.
import { describe, expect, it } from 'vitest';
import { toHttpError } from '../../../src/server/http-errors';
import { AppError, isOutOfSpace, toAppError } from '../../../src/shared/errors';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('a full disk', () => {
  it('is recognised from the system, SQLite and PostgreSQL, and through causes', () => {
    for (const code of ['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']) expect(isOutOfSpace(withCode(code)), code).toBe(true);
    expect(isOutOfSpace(new Error('write failed', { cause: new Error('flush', { cause: withCode('ENOSPC') }) }))).toBe(true);
    for (const other of [withCode('EACCES'), withCode('SQLITE_BUSY'), withCode('23505'), new Error('ENOSPC in a message only'), null, 'ENOSPC', 42]) {
      expect(isOutOfSpace(other)).toBe(false);
    }
  });

  it('is DISK_FULL with its own message, the original kept as the cause; other failures stay INTERNAL', () => {
    const cause = withCode('SQLITE_FULL', 'database or disk is full');
    const e = toAppError(cause);
    expect(e.toData()).toEqual({ code: 'DISK_FULL', i18nKey: 'errors.disk.full' });
    expect(e.cause).toBe(cause);
    expect(toAppError(withCode('EIO')).code).toBe('INTERNAL');
  });

  it('over HTTP is SERVICE_UNAVAILABLE with the server\'s own message, never DISK_FULL, and names no file', () => {
    for (const err of [withCode('ENOSPC', "ENOSPC: no space left on device, write '/srv/mahkama/blobs/ab/cd'"), new AppError('DISK_FULL', 'errors.disk.full', { cause: withCode('53100') })]) {
      const answer = toHttpError(err, 1 << 20);
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', i18nKey: 'errors.server.diskFull' } });
      expect(answer.logCause).toBe(err);
    }
  });
});
