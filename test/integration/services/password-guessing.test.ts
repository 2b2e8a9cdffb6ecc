// Guessing a password in parallel through the real app service (`handle`, real argon2id, a real
// database): 300 guesses sent at once, the 40th of them right, must meet the same brake as 300 sent
// one after another — at most five passwords are ever checked, and the right one is refused too.
// The same for the lock screen, whose refusal names only the password it asked for.
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService, SIGN_IN_BRAKE_FILE, type AppService } from '../../../src/main/services/app-service';
import { MAX_DESK_FAILED_ATTEMPTS, MAX_FAILED_ATTEMPTS } from '../../../src/main/services/auth';
import { createLogger } from '../../../src/main/services/logger';
import type { AppErrorData } from '../../../src/shared/errors';
import { tempDir, testConfig } from './helpers';

const PASSWORD = 'Tanger-greffe-2026!';
const GUESSES = 300;
const RIGHT_ONE = 39; // the 40th guess

interface Desk {
  service: AppService;
  dataDir: string;
  clock: { t: number };
  /** Log lines written so far, parsed. */
  lines(): { msg: string; level: number }[];
}

const opened: AppService[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function setUpDesk(): Promise<Desk> {
  const dataDir = tempDir();
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const clock = { t: Date.parse('2026-03-02T09:00:00Z') };
  const service = await createAppService({
    dataDir,
    config: testConfig(dataDir, { logLevel: 'debug' }),
    log: createLogger('debug', sink),
    now: () => new Date(clock.t),
    dailySnapshots: false,
  });
  opened.push(service);
  const setup = await service.handle('setup.initialize', {
    language: 'fr',
    court: { code: 'TPI-TANGER', nameAr: 'المحكمة الابتدائية بطنجة', nameFr: 'Tribunal de première instance de Tanger' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    user: { username: 'omar.tazi', displayName: 'Omar Tazi', password: PASSWORD },
  });
  expect(setup.ok).toBe(true);
  return {
    service,
    dataDir,
    clock,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { msg: string; level: number }),
  };
}

function errorsOf(results: { ok: boolean; error?: AppErrorData }[]): AppErrorData[] {
  return results.map((r) => {
    if (r.ok) throw new Error('a guess was accepted');
    return r.error!;
  });
}

describe('300 password guesses sent at once', () => {
  it('sign-in: the 40th guess, the right one, is refused; no more than five passwords were checked', async () => {
    const desk = await setUpDesk();
    await desk.service.handle('session.logout', {});
    const before = desk.lines().length;

    const results = await Promise.all(
      Array.from({ length: GUESSES }, (_, i) =>
        desk.service.handle('session.login', { username: 'omar.tazi', password: i === RIGHT_ONE ? PASSWORD : `guess-${i}-xyz` }),
      ),
    );

    expect(results[RIGHT_ONE]!.ok).toBe(false);
    const errors = errorsOf(results);
    const checked = desk.lines().slice(before).filter((l) => l.msg === 'failed sign-in attempt' || l.msg === 'signed in');
    expect(checked.length).toBeLessThanOrEqual(MAX_FAILED_ATTEMPTS);
    expect(errors.filter((e) => e.i18nKey === 'errors.auth.badCredentials').length).toBeLessThanOrEqual(MAX_FAILED_ATTEMPTS);
    // Everything else was turned away before any password was looked at, with the wait to count down.
    for (const e of errors.filter((e) => e.i18nKey !== 'errors.auth.badCredentials')) {
      expect(e).toMatchObject({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.auth.tooManyAttempts' });
      expect(e.params?.seconds).toBeGreaterThan(0);
    }
    expect(errors[RIGHT_ONE]).toMatchObject({ i18nKey: 'errors.auth.tooManyAttempts' });
    const status = await desk.service.handle('app.status', {});
    expect(status.ok && status.value.user).toBeNull();

    // A minute later the right password works again.
    desk.clock.t += 61_000;
    const later = await desk.service.handle('session.login', { username: 'omar.tazi', password: PASSWORD });
    expect(later.ok).toBe(true);
  });

  it('a restart hands out no fresh guesses: the brake is kept beside the database; a damaged copy of it counts as none', async () => {
    const desk = await setUpDesk();
    await desk.service.handle('session.logout', {});
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await desk.service.handle('session.login', { username: 'omar.tazi', password: `guess-${i}-xyz` });
    const { dataDir } = desk;
    await desk.service.close();
    const reopen = async () => {
      const s = await createAppService({ dataDir, config: testConfig(dataDir), now: () => new Date(desk.clock.t), dailySnapshots: false });
      opened.push(s);
      return s;
    };
    const again = await reopen();
    expect(await again.handle('session.login', { username: 'omar.tazi', password: PASSWORD })).toMatchObject({ ok: false, error: { i18nKey: 'errors.auth.tooManyAttempts' } });
    await again.close();
    // The wait ends as it would have without the restart.
    desk.clock.t += 61_000;
    const later = await reopen();
    expect((await later.handle('session.login', { username: 'omar.tazi', password: PASSWORD })).ok).toBe(true);
    await later.close();
    fs.writeFileSync(path.join(dataDir, SIGN_IN_BRAKE_FILE), '{"desk": "not a brake"');
    expect((await (await reopen()).handle('session.login', { username: 'omar.tazi', password: PASSWORD })).ok).toBe(true);
  });

  it('unlock: the locked desk stays locked though the 40th guess is right; no more than five passwords were checked', async () => {
    const desk = await setUpDesk();
    await desk.service.handle('session.lock', {});
    const before = desk.lines().length;

    const results = await Promise.all(
      Array.from({ length: GUESSES }, (_, i) => desk.service.handle('session.unlock', { password: i === RIGHT_ONE ? PASSWORD : `guess-${i}-xyz` })),
    );

    const errors = errorsOf(results);
    const checked = desk.lines().slice(before).filter((l) => l.msg === 'failed unlock attempt' || l.msg === 'unlocked');
    expect(checked.length).toBeLessThanOrEqual(MAX_FAILED_ATTEMPTS);
    expect(errors[RIGHT_ONE]).toMatchObject({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.auth.tooManyAttempts' });
    const wrong = errors.filter((e) => e.i18nKey !== 'errors.auth.tooManyAttempts');
    expect(wrong.length).toBeLessThanOrEqual(MAX_FAILED_ATTEMPTS);
    // The lock screen asks for a password only, and its refusal says just that.
    for (const e of wrong) expect(e).toEqual({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.auth.badPassword' });
    const status = await desk.service.handle('app.status', {});
    expect(status.ok && status.value.locked).toBe(true);
    expect(await desk.service.handle('reference.get', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });

    desk.clock.t += 61_000;
    expect((await desk.service.handle('session.unlock', { password: PASSWORD })).ok).toBe(true);
  });

  it('sign-in and unlock share one brake: guesses at both doors at once are counted together', async () => {
    const desk = await setUpDesk();
    await desk.service.handle('session.lock', {});
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? desk.service.handle('session.unlock', { password: `guess-${i}-xyz` })
          : desk.service.handle('session.login', { username: 'omar.tazi', password: `guess-${i}-xyz` }),
      ),
    );
    const errors = errorsOf(results);
    expect(errors.filter((e) => e.i18nKey !== 'errors.auth.tooManyAttempts').length).toBe(MAX_FAILED_ATTEMPTS);
  });

  it('a right password after four wrong ones still signs in (the brake counts, it does not trip early)', async () => {
    const desk = await setUpDesk();
    await desk.service.handle('session.logout', {});
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => desk.service.handle('session.login', { username: 'omar.tazi', password: i === 4 ? PASSWORD : `guess-${i}-xyz` })),
    );
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false, true]);
    // A success clears the count: five more wrong guesses are needed to close the door again.
    await desk.service.handle('session.logout', {});
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) {
      expect(await desk.service.handle('session.login', { username: 'omar.tazi', password: `again-${i}-xyz` })).toMatchObject({ error: { i18nKey: 'errors.auth.badCredentials' } });
    }
    expect((await desk.service.handle('session.login', { username: 'omar.tazi', password: PASSWORD })).ok).toBe(true);
  });
});

describe('guesses at one account, with right sign-ins of another between them', () => {
  const CLERK_PASSWORD = 'Greffe-Karim-2026!';

  async function withClerk(): Promise<Desk> {
    const desk = await setUpDesk();
    const created = await desk.service.handle('users.create', { username: 'karim.greffe', displayName: 'Karim', roles: ['clerk'], password: CLERK_PASSWORD });
    expect(created.ok).toBe(true);
    await desk.service.handle('session.logout', {});
    return desk;
  }

  it('sign-in: a clerk signing in between guesses does not give the administrator’s account new tries', async () => {
    const desk = await withClerk();
    const before = desk.lines().length;
    const answers: string[] = [];
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 4; i++) {
        const r = await desk.service.handle('session.login', { username: 'omar.tazi', password: `guess-${round}-${i}-xyz` });
        answers.push(r.ok ? 'accepted' : r.error.i18nKey);
      }
      expect((await desk.service.handle('session.login', { username: 'karim.greffe', password: CLERK_PASSWORD })).ok).toBe(true);
      await desk.service.handle('session.logout', {});
    }
    expect(answers.filter((a) => a === 'errors.auth.badCredentials')).toHaveLength(MAX_FAILED_ATTEMPTS);
    expect(answers.filter((a) => a === 'errors.auth.tooManyAttempts')).toHaveLength(40 - MAX_FAILED_ATTEMPTS);
    const checked = desk.lines().slice(before).filter((l) => l.msg === 'failed sign-in attempt');
    expect(checked).toHaveLength(MAX_FAILED_ATTEMPTS);
    // Within the minute even the right password of the guessed account is refused.
    expect(await desk.service.handle('session.login', { username: 'omar.tazi', password: PASSWORD })).toMatchObject({ ok: false, error: { i18nKey: 'errors.auth.tooManyAttempts' } });
    desk.clock.t += 61_000;
    expect((await desk.service.handle('session.login', { username: 'omar.tazi', password: PASSWORD })).ok).toBe(true);
  });

  it('unlock and sign-in count against the same account, and a clerk’s sign-in between them clears nothing', async () => {
    const desk = await withClerk();
    expect((await desk.service.handle('session.login', { username: 'omar.tazi', password: PASSWORD })).ok).toBe(true);
    await desk.service.handle('session.lock', {});
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await desk.service.handle('session.unlock', { password: `guess-${i}-xyz` });
      answers.push(r.ok ? 'accepted' : r.error.i18nKey);
    }
    await desk.service.handle('session.logout', {});
    for (let i = 0; i < 4; i++) {
      expect((await desk.service.handle('session.login', { username: 'karim.greffe', password: CLERK_PASSWORD })).ok).toBe(true);
      await desk.service.handle('session.logout', {});
      const r = await desk.service.handle('session.login', { username: 'omar.tazi', password: `again-${i}-xyz` });
      answers.push(r.ok ? 'accepted' : r.error.i18nKey);
    }
    expect(answers).toEqual([
      'errors.auth.badPassword',
      'errors.auth.badPassword',
      'errors.auth.badPassword',
      'errors.auth.badCredentials',
      'errors.auth.badCredentials',
      'errors.auth.tooManyAttempts',
      'errors.auth.tooManyAttempts',
    ]);
    expect(await desk.service.handle('session.login', { username: 'omar.tazi', password: PASSWORD })).toMatchObject({ ok: false, error: { i18nKey: 'errors.auth.tooManyAttempts' } });
  });

  it('guesses spread over many names stop at the desk-wide ceiling', async () => {
    const desk = await withClerk();
    const answers: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await desk.service.handle('session.login', { username: `name-${i}`, password: `guess-${i}-xyz` });
      answers.push(r.ok ? 'accepted' : r.error.i18nKey);
    }
    expect(answers.filter((a) => a === 'errors.auth.badCredentials')).toHaveLength(MAX_DESK_FAILED_ATTEMPTS);
    expect(await desk.service.handle('session.login', { username: 'karim.greffe', password: CLERK_PASSWORD })).toMatchObject({ ok: false, error: { i18nKey: 'errors.auth.tooManyAttempts' } });
  });
});
