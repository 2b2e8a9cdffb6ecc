// The server's auth as a desk meets it (ARCHITECTURE §7), on a real store (SQLite or PostgreSQL)
// through the real app: enrolment with a one-time code, login with a user AND a device, short
// access tokens, rotating refresh tokens whose reuse ends the session, revoked devices and
// deactivated users stopped at once, the login and enrolment rate limits counted before any
// password or code is checked, and the client's address behind a trusted reverse proxy.
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../../src/server/auth/devices';
import { openServerStore } from '../../../src/server/store';
import { buildServer } from '../../../src/server/app';
import { createServerAuth } from '../../../src/server/auth/routes';
import { errorResponseSchema } from '../../../src/shared/schemas/server-api';
import { meResponseSchema, tokenResponseSchema } from '../../../src/shared/schemas/server-auth';
import {
  authStage,
  bearer,
  createCourt,
  createUser,
  deviceOf,
  enrol,
  freshIp,
  issueCode,
  login,
  loginRes,
  PASSWORD,
  setActive,
  serverConfigWithTrustProxy,
  TestClock,
  type AuthStage,
} from './auth-helpers';
import { serverStoreConfig } from '../../helpers/server-database';
import { capturedLogger } from './helpers';

const stages: AuthStage[] = [];
afterEach(async () => {
  for (const s of stages.splice(0)) await s.close();
});
async function stage(...args: Parameters<typeof authStage>): Promise<AuthStage> {
  const s = await authStage(...args);
  stages.push(s);
  return s;
}

function errorOf(res: { statusCode: number; body: string }) {
  return errorResponseSchema.strict().parse(JSON.parse(res.body)).error;
}

describe('enrolment', () => {
  it('a one-time code enrols a device of its court: id, tag, secret shown once and kept only hashed', async () => {
    const s = await stage();
    const court = await createCourt(s);
    const code = await issueCode(s, court);
    // Typed as a person would: lower case, spaces instead of dashes.
    const res = await s.app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: { code: code.toLowerCase().replace(/-/g, ' '), deviceName: 'greffe-pc-1' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ courtId: court.courtId, court: { code: court.code, nameFr: 'Tribunal de première instance' } });
    expect(body.deviceTag).toMatch(/^[A-Z0-9]{6}$/);
    expect(body.deviceSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await s.store.db.selectFrom('devices').selectAll().where('id', '=', body.deviceId).executeTakeFirstOrThrow();
    expect(row.credential_hash).not.toContain(body.deviceSecret);
    expect(row.credential_hash).toMatch(/^[0-9a-f]{64}$/);
    const codes = await s.store.db.selectFrom('enrolment_codes').selectAll().execute();
    expect(codes).toHaveLength(1);
    expect(codes[0]!.code_hash).not.toContain(code.replace(/-/g, ''));
    expect(codes[0]!.used_by_device).toBe(body.deviceId);

    const again = await s.app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: { code, deviceName: 'greffe-pc-2' } });
    expect(again.statusCode).toBe(401);
    expect(errorOf(again)).toEqual({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.enrolment.codeUsed' });
  });

  it('an expired code enrols nothing, and an unknown one is told apart', async () => {
    const s = await stage();
    const court = await createCourt(s);
    const code = await issueCode(s, court, 1);
    s.clock.advance(3_600_000);
    const res = await s.app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: { code, deviceName: 'late' } });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).i18nKey).toBe('errors.enrolment.codeExpired');
    const unknown = await s.app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: { code: '0000-0000-0000-0000', deviceName: 'x' } });
    expect(errorOf(unknown).i18nKey).toBe('errors.enrolment.codeUnknown');
    expect(await s.store.db.selectFrom('devices').select('id').execute()).toHaveLength(0);
  });

  it('20 parallel attempts with one code enrol exactly one device', async () => {
    const s = await stage();
    const court = await createCourt(s);
    const code = await issueCode(s, court);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => s.app.inject({ method: 'POST', url: '/v1/devices/enrol', remoteAddress: freshIp(), payload: { code, deviceName: `racer-${i}` } })),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    for (const a of answers.filter((x) => x.statusCode !== 201)) expect(errorOf(a)).toEqual({ code: 'BAD_CREDENTIALS', i18nKey: 'errors.enrolment.codeUsed' });
    expect(await s.store.db.selectFrom('devices').select('id').execute()).toHaveLength(1);
  });

  it('20 parallel attempts with one code, across two server instances on one database, enrol exactly one device', async () => {
    const s = await stage();
    const court = await createCourt(s);
    const code = await issueCode(s, court);
    const other = await stage({ dataDir: s.dataDir, config: s.config, clock: s.clock });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? s : other).app.inject({ method: 'POST', url: '/v1/devices/enrol', remoteAddress: freshIp(), payload: { code, deviceName: `racer-${i}` } })),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 401)).toHaveLength(19);
    expect(await s.store.db.selectFrom('devices').select('id').execute()).toHaveLength(1);
  });
});

describe('login, access tokens and /v1/me', () => {
  it('a user signs in on an enrolled device of their court; the token names user, court, roles and device', async () => {
    const s = await stage();
    const court = await createCourt(s);
    const clerkId = await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const tokens = tokenResponseSchema.parse(await login(s, 'clerk.one', device));
    expect(tokens).toMatchObject({ tokenType: 'Bearer', userId: clerkId, courtId: court.courtId, deviceId: device.deviceId, roles: ['clerk'], expiresIn: 900 });
    const payload = JSON.parse(Buffer.from(tokens.accessToken.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ sub: clerkId, court: court.courtId, roles: ['clerk'], device: device.deviceId, iss: 'mahkama-server', aud: 'mahkama-workstation' });
    expect(payload.exp - payload.iat).toBe(900);

    const me = await s.app.inject({ url: '/v1/me', headers: bearer(tokens.accessToken) });
    expect(me.statusCode).toBe(200);
    const body = meResponseSchema.parse(me.json());
    expect(body.user).toMatchObject({ id: clerkId, username: 'clerk.one', roles: ['clerk'], active: true });
    expect(body.court.id).toBe(court.courtId);
    expect(body.device).toEqual({ id: device.deviceId, tag: device.deviceTag, name: 'greffe-pc-1' });
    // The refresh token is stored as its hash only.
    const stored = await s.store.db.selectFrom('refresh_tokens').select('token_hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toBe(tokens.refreshToken);
  });

  it('a wrong password, an unknown user and a wrong device secret get the same kind of refusal, and no token', async () => {
    const s = await stage();
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const wrong = await loginRes(s, 'clerk.one', device, { password: 'not the password' });
    const unknown = await loginRes(s, 'nobody.here', device);
    const badDevice = await s.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'clerk.one', password: PASSWORD, device: { id: device.deviceId, secret: 'A'.repeat(43) } },
    });
    for (const r of [wrong, unknown, badDevice]) {
      expect(r.statusCode).toBe(401);
      expect(errorOf(r).code).toBe('BAD_CREDENTIALS');
    }
    expect(errorOf(wrong).i18nKey).toBe(errorOf(unknown).i18nKey);
    expect(errorOf(badDevice).i18nKey).toBe('errors.auth.deviceNotRecognised');
    expect(await s.store.db.selectFrom('refresh_tokens').select('id').execute()).toHaveLength(0);
  });

  it('a user name with a control character in it (a NUL, a newline) is malformed: 400 naming the field, nothing counted or written', async () => {
    const s = await stage();
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    for (const username of ['clerk.one\u0000', '\u0000', 'clerk\none']) {
      const res = await loginRes(s, username, device);
      expect(res.statusCode, JSON.stringify(username)).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: ['body', 'username'], i18nKey: 'errors.field.badFormat' }] });
    }
    // Only the enrolment's own count: no login was counted.
    expect((await s.store.db.selectFrom('login_throttle').select('bucket').execute()).filter((b) => !b.bucket.startsWith('enrol-'))).toEqual([]);
    expect(await s.store.db.selectFrom('refresh_tokens').select('id').execute()).toEqual([]);
  });

  it('no token, a malformed one, a wrong signature, issuer, audience or algorithm, and an expired one: 401 NOT_AUTHENTICATED', async () => {
    const s = await stage();
    const court = await createCourt(s);
    const clerkId = await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const good = await login(s, 'clerk.one', device);
    const claims = { court: court.courtId, roles: ['clerk'], device: device.deviceId };
    const secret = new TextEncoder().encode(s.config.jwt.secret.reveal());
    const iat = Math.floor(s.clock.t / 1000);
    const forge = (opts: { key?: Uint8Array; iss?: string; aud?: string; exp?: number }) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(clerkId)
        .setIssuer(opts.iss ?? s.config.jwt.issuer)
        .setAudience(opts.aud ?? s.config.jwt.audience)
        .setIssuedAt(iat)
        .setExpirationTime(opts.exp ?? iat + 600)
        .sign(opts.key ?? secret);
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const unsigned = `${header}.${good.accessToken.split('.')[1]}.`;
    const cases: [Record<string, string>, string][] = [
      [{}, 'errors.auth.notAuthenticated'],
      [{ authorization: 'Basic abc' }, 'errors.auth.tokenInvalid'],
      [bearer('not.a.token'), 'errors.auth.tokenInvalid'],
      [bearer(unsigned), 'errors.auth.tokenInvalid'],
      [bearer(await forge({ key: new TextEncoder().encode('another-secret-that-is-long-enough-for-hs256!') })), 'errors.auth.tokenInvalid'],
      [bearer(await forge({ iss: 'someone-else' })), 'errors.auth.tokenInvalid'],
      [bearer(await forge({ aud: 'another-audience' })), 'errors.auth.tokenInvalid'],
      [bearer(`${good.accessToken.slice(0, -2)}xx`), 'errors.auth.tokenInvalid'],
    ];
    for (const [headers, key] of cases) {
      const res = await s.app.inject({ url: '/v1/me', headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(errorOf(res)).toEqual({ code: 'NOT_AUTHENTICATED', i18nKey: key });
    }
    // A forged token with the right secret but the court of another is still refused: the user is read.
    const otherCourt = await createCourt(s);
    const crossed = await new SignJWT({ ...claims, court: otherCourt.courtId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(clerkId)
      .setIssuer(s.config.jwt.issuer)
      .setAudience(s.config.jwt.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(secret);
    expect((await s.app.inject({ url: '/v1/me', headers: bearer(crossed) })).statusCode).toBe(401);

    // The real token works until its expiry, then not.
    expect((await s.app.inject({ url: '/v1/me', headers: bearer(good.accessToken) })).statusCode).toBe(200);
    s.clock.advance(899_000);
    expect((await s.app.inject({ url: '/v1/me', headers: bearer(good.accessToken) })).statusCode).toBe(200);
    s.clock.advance(2_000);
    const expired = await s.app.inject({ url: '/v1/me', headers: bearer(good.accessToken) });
    expect(expired.statusCode).toBe(401);
    expect(errorOf(expired)).toEqual({ code: 'NOT_AUTHENTICATED', i18nKey: 'errors.auth.tokenExpired' });
  });
});

describe('refresh tokens', () => {
  it('rotate: each is exchanged once for the next pair; reusing a rotated one revokes the whole family', async () => {
    const s = await stage();
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const first = await login(s, 'clerk.one', device);
    const refresh = (token: string) => s.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: token, device: deviceOf(device) } });

    const r1 = await refresh(first.refreshToken);
    expect(r1.statusCode).toBe(200);
    const second = tokenResponseSchema.parse(r1.json());
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const r2 = await refresh(second.refreshToken);
    expect(r2.statusCode).toBe(200);
    const third = tokenResponseSchema.parse(r2.json());

    // Someone replays the first token: taken for theft, the family ends — the newest token too.
    const replay = await refresh(first.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(errorOf(replay)).toEqual({ code: 'NOT_AUTHENTICATED', i18nKey: 'errors.auth.refreshReused' });
    const after = await refresh(third.refreshToken);
    expect(after.statusCode).toBe(401);
    expect(errorOf(after).i18nKey).toBe('errors.auth.refreshInvalid');
    // Its access tokens end with it, before their expiry: whoever stole the refresh token has nothing left.
    for (const token of [first.accessToken, third.accessToken]) {
      const me = await s.app.inject({ url: '/v1/me', headers: bearer(token) });
      expect(me.statusCode).toBe(401);
      expect(errorOf(me)).toEqual({ code: 'NOT_AUTHENTICATED', i18nKey: 'errors.auth.sessionEnded' });
    }
    const alive = await s.store.db.selectFrom('refresh_tokens').select('id').where('revoked_at', 'is', null).execute();
    expect(alive).toHaveLength(0);
    // Another login is another family, untouched.
    const other = await login(s, 'clerk.one', device);
    expect((await s.app.inject({ url: '/v1/me', headers: bearer(other.accessToken) })).statusCode).toBe(200);
    expect((await refresh(other.refreshToken)).statusCode).toBe(200);
  });

  it('two parallel refreshes with one token: one gets the next pair, the other ends the family', async () => {
    const s = await stage();
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const t = await login(s, 'clerk.one', device);
    const both = await Promise.all(
      [0, 1].map(() => s.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: t.refreshToken, device: deviceOf(device) } })),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    expect(await s.store.db.selectFrom('refresh_tokens').select('id').where('revoked_at', 'is', null).execute()).toHaveLength(0);
  });

  it('are bound to their device, expire, and end at logout', async () => {
    const s = await stage();
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const deskA = await enrol(s, court);
    const deskB = await enrol(s, court);
    const t = await login(s, 'clerk.one', deskA);
    const onB = await s.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: t.refreshToken, device: deviceOf(deskB) } });
    expect(onB.statusCode).toBe(401);
    expect(errorOf(onB).i18nKey).toBe('errors.auth.refreshInvalid');

    const t2 = await login(s, 'clerk.one', deskA);
    const out = await s.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(t2.accessToken), payload: { refreshToken: t2.refreshToken } });
    expect(out.statusCode).toBe(204);
    const afterLogout = await s.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: t2.refreshToken, device: deviceOf(deskA) } });
    expect(afterLogout.statusCode).toBe(401);
    // Signed out means out: the access token stops too, while the first session goes on.
    const meAfterLogout = await s.app.inject({ url: '/v1/me', headers: bearer(t2.accessToken) });
    expect(errorOf(meAfterLogout)).toEqual({ code: 'NOT_AUTHENTICATED', i18nKey: 'errors.auth.sessionEnded' });
    expect((await s.app.inject({ url: '/v1/me', headers: bearer(t.accessToken) })).statusCode).toBe(200);

    const t3 = await login(s, 'clerk.one', deskA);
    s.clock.advance(s.config.jwt.refreshTokenTtlSeconds * 1000 + 1);
    const late = await s.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: t3.refreshToken, device: deviceOf(deskA) } });
    expect(late.statusCode).toBe(401);
    expect(errorOf(late).i18nKey).toBe('errors.auth.refreshExpired');
  });
});

describe('revoked devices and deactivated users', () => {
  it("a revoked device's access token, refresh token and credential stop working at once", async () => {
    const s = await stage();
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const t = await login(s, 'clerk.one', device);
    const { revokedTokens } = await revokeDevice(s.store.db, device.deviceTag, s.clock.now());
    expect(revokedTokens).toBe(1);
    const me = await s.app.inject({ url: '/v1/me', headers: bearer(t.accessToken) });
    expect(me.statusCode).toBe(401);
    expect(errorOf(me).i18nKey).toBe('errors.auth.deviceRevoked');
    const refresh = await s.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: t.refreshToken, device: deviceOf(device) } });
    expect(refresh.statusCode).toBe(401);
    expect(errorOf(refresh).i18nKey).toBe('errors.auth.deviceRevoked');
    const again = await loginRes(s, 'clerk.one', device);
    expect(again.statusCode).toBe(401);
    expect(errorOf(again).i18nKey).toBe('errors.auth.deviceRevoked');
  });

  it('a deactivated user gets nothing: the access token stops, refresh ends the family, login is refused', async () => {
    const s = await stage();
    const court = await createCourt(s);
    const clerkId = await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const t = await login(s, 'clerk.one', device);
    await setActive(s, court, clerkId, false);
    const me = await s.app.inject({ url: '/v1/me', headers: bearer(t.accessToken) });
    expect(me.statusCode).toBe(401);
    expect(errorOf(me).i18nKey).toBe('errors.auth.accountInactive');
    const refresh = await s.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: t.refreshToken, device: deviceOf(device) } });
    expect(refresh.statusCode).toBe(403);
    expect(errorOf(refresh)).toEqual({ code: 'FORBIDDEN', i18nKey: 'errors.auth.accountInactive' });
    const relogin = await loginRes(s, 'clerk.one', device);
    expect(relogin.statusCode).toBe(403);
    // Reactivated, they sign in again, but the ended family stays ended.
    await setActive(s, court, clerkId, true);
    expect((await loginRes(s, 'clerk.one', device)).statusCode).toBe(200);
    const old = await s.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: t.refreshToken, device: deviceOf(device) } });
    expect(old.statusCode).toBe(401);
  });

  it('roles are read again: a role taken away stops counting before the token expires', async () => {
    const s = await stage();
    const court = await createCourt(s);
    const presidentId = await createUser(s, court, 'president.one', ['president', 'clerk']);
    const device = await enrol(s, court);
    const t = await login(s, 'president.one', device);
    const url = `/v1/courts/${court.courtId}/users`;
    expect((await s.app.inject({ url, headers: bearer(t.accessToken) })).statusCode).toBe(200);
    const { version } = await s.store.db.selectFrom('users').select('version').where('id', '=', presidentId).executeTakeFirstOrThrow();
    const { runCommand } = await import('../../../src/domain');
    const { operatorEnv } = await import('../../../src/server/cli');
    await runCommand(s.store.db, operatorEnv(court.courtId, s.clock.now), { userId: court.admin.id, roles: ['admin'] }, 'setUserRoles', {
      userId: presidentId,
      baseVersion: version,
      roles: ['clerk'],
    });
    const res = await s.app.inject({ url, headers: bearer(t.accessToken) });
    expect(res.statusCode).toBe(403);
  });
});

describe('login rate limit: 5 a minute per IP and per user name, counted before the password check', () => {
  it('the 6th attempt at one user name (from different addresses) is refused with 429 and Retry-After, right password or not', async () => {
    const s = await stage();
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    for (let i = 0; i < 5; i++) expect((await loginRes(s, 'clerk.one', device, { password: `wrong-${i}-password` })).statusCode).toBe(401);
    s.clock.advance(20_000);
    const sixth = await loginRes(s, 'CLERK.ONE', device);
    expect(sixth.statusCode).toBe(429);
    expect(errorOf(sixth)).toEqual({ code: 'TOO_MANY_REQUESTS', i18nKey: 'errors.auth.tooManyLogins', params: { seconds: 40 } });
    expect(sixth.headers['retry-after']).toBe('40');
    // Another user is not held up by it.
    await createUser(s, court, 'clerk.two', ['clerk']);
    expect((await loginRes(s, 'clerk.two', device)).statusCode).toBe(200);
    // A minute after the first attempt there is room again.
    s.clock.advance(40_001);
    expect((await loginRes(s, 'clerk.one', device)).statusCode).toBe(200);
  });

  it('the 6th attempt from one address (at different user names) is refused', async () => {
    const s = await stage();
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await loginRes(s, `guess.${i}`, device, { ip })).statusCode).toBe(401);
    const sixth = await loginRes(s, 'clerk.one', device, { ip });
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect((await loginRes(s, 'clerk.one', device)).statusCode).toBe(200);
  });

  it('30 parallel logins at one user name: at most 5 are checked, the rest refused before any password check', async () => {
    const s = await stage();
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => loginRes(s, 'clerk.one', device, { password: i === 29 ? PASSWORD : `guess-number-${i}` })));
    const checked = answers.filter((a) => a.statusCode !== 429);
    // Exactly five: the limit holds, and is not stricter than it says.
    expect(checked).toHaveLength(5);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(25);
  });

  it('30 parallel logins from one address over two server instances on one database: at most 5 checked', async () => {
    const s = await stage();
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const other = await stage({ dataDir: s.dataDir, config: s.config, clock: s.clock });
    const ip = freshIp();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? s : other).app.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: ip, payload: { username: `guess.${i}`, password: PASSWORD, device: deviceOf(device) } }),
      ),
    );
    expect(answers.filter((a) => a.statusCode !== 429).length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.statusCode === 429).length).toBeGreaterThanOrEqual(25);
  });
});

describe('enrolment rate limit: 10 a minute per IP, counted before the code is looked up', () => {
  const enrolFrom = (s: AuthStage, ip: string, code: string) => s.app.inject({ method: 'POST', url: '/v1/devices/enrol', remoteAddress: ip, payload: { code, deviceName: 'greffe-pc' } });

  it('30 parallel attempts from one address: exactly 10 are checked, the rest 429 with Retry-After; other addresses go on, and a minute later it has room again', async () => {
    const s = await stage();
    const court = await createCourt(s);
    const ip = freshIp();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => enrolFrom(s, ip, `0000-0000-0000-${String(i).padStart(4, '0')}`)));
    const checked = answers.filter((a) => a.statusCode !== 429);
    expect(checked).toHaveLength(10);
    for (const a of checked) expect(errorOf(a).i18nKey).toBe('errors.enrolment.codeUnknown');
    const refused = answers.filter((a) => a.statusCode === 429);
    expect(refused).toHaveLength(20);
    expect(errorOf(refused[0]!)).toEqual({ code: 'TOO_MANY_REQUESTS', i18nKey: 'errors.enrolment.tooManyAttempts', params: { seconds: 60 } });
    expect(refused[0]!.headers['retry-after']).toBe('60');
    // A refused attempt looked nothing up: a real code sent from that address now is refused too, and stays unused.
    const code = await issueCode(s, court);
    expect((await enrolFrom(s, ip, code)).statusCode).toBe(429);
    expect(await s.store.db.selectFrom('devices').select('id').execute()).toHaveLength(0);
    // Another address is not held up, and the address has room again a minute later.
    s.clock.advance(60_001);
    expect((await enrolFrom(s, ip, code)).statusCode).toBe(201);
    // Login keeps its own count: enrolling did not spend the address's sign-ins.
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    for (let i = 0; i < 9; i++) expect((await enrolFrom(s, ip, '0000-0000-0000-0000')).statusCode).toBe(401);
    expect((await loginRes(s, 'clerk.one', device, { ip })).statusCode).toBe(200);
  });

  it('30 parallel attempts from one address over two server instances on one database: at most 10 checked', async () => {
    const s = await stage();
    await createCourt(s);
    const other = await stage({ dataDir: s.dataDir, config: s.config, clock: s.clock });
    const ip = freshIp();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => enrolFrom(i % 2 ? s : other, ip, '0000-0000-0000-0000')));
    expect(answers.filter((a) => a.statusCode !== 429).length).toBeLessThanOrEqual(10);
    expect(answers.filter((a) => a.statusCode === 429).length).toBeGreaterThanOrEqual(20);
    expect(answers.every((a) => a.statusCode === 401 || a.statusCode === 429)).toBe(true);
  });
});

describe('behind a reverse proxy (MAHKAMA_SERVER_TRUST_PROXY)', () => {
  const PROXY = '10.200.0.1';
  const loginVia = (s: AuthStage, peer: string, forwardedFor: string, username: string, device: { deviceId: string; deviceSecret: string }) =>
    s.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      remoteAddress: peer,
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { username, password: PASSWORD, device: { id: device.deviceId, secret: device.deviceSecret } },
    });

  it('off by default: X-Forwarded-For is not believed, so every client behind one proxy shares its limit', async () => {
    const s = await stage();
    const court = await createCourt(s);
    const device = await enrol(s, court);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => loginVia(s, PROXY, `192.0.2.${i + 1}`, `guess.${i}`, device)));
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(3);
  });

  it('with the proxy named, each client behind it has its own limit, and a client that is not the proxy cannot choose its address', async () => {
    const s = await stage({ config: serverConfigWithTrustProxy(`${PROXY}, 10.201.0.0/16`) });
    const court = await createCourt(s);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    // Six clients behind the proxy, in parallel: each its own bucket, so none is refused.
    const many = await Promise.all(Array.from({ length: 6 }, (_, i) => loginVia(s, PROXY, `192.0.2.${i + 1}`, `guess.${i}`, device)));
    expect(many.map((a) => a.statusCode)).toEqual(Array(6).fill(401));
    // One client behind the proxy (of the trusted subnet this time) is limited at its sixth attempt.
    const one = await Promise.all(Array.from({ length: 6 }, (_, i) => loginVia(s, '10.201.3.4', '198.51.100.7', `other.${i}`, device)));
    expect(one.filter((a) => a.statusCode === 429)).toHaveLength(1);
    expect((await loginVia(s, PROXY, '198.51.100.8', 'clerk.one', device)).statusCode).toBe(200);
    // A client reaching the server directly, forging the header, is counted by its own address.
    const direct = freshIp();
    const forged = await Promise.all(Array.from({ length: 6 }, (_, i) => loginVia(s, direct, `203.0.113.${i + 1}`, `forger.${i}`, device)));
    expect(forged.filter((a) => a.statusCode === 429)).toHaveLength(1);
  });
});

describe('RBAC by role and by court', () => {
  it("a token of court A gets nothing of court B; the user list is for A's admin and president only", async () => {
    const s = await stage();
    const a = await createCourt(s, 'TPI-A');
    const b = await createCourt(s, 'TPI-B');
    await createUser(s, a, 'clerk.a', ['clerk']);
    await createUser(s, a, 'judge.a', ['judge']);
    await createUser(s, a, 'chief.a', ['chief_clerk']);
    await createUser(s, a, 'president.a', ['president']);
    await createUser(s, b, 'clerk.b', ['clerk']);
    const deskA = await enrol(s, a);
    const deskB = await enrol(s, b);
    const tokenOf = async (u: string, d = deskA) => (await login(s, u, d)).accessToken;
    const usersOf = (courtId: string, token: string) => s.app.inject({ url: `/v1/courts/${courtId}/users`, headers: bearer(token) });

    // Route by route, role by role, on court A.
    const expected: [string, number][] = [
      [a.admin.username, 200],
      ['president.a', 200],
      ['chief.a', 403],
      ['clerk.a', 403],
      ['judge.a', 403],
    ];
    for (const [user, status] of expected) {
      const token = await tokenOf(user);
      const own = await usersOf(a.courtId, token);
      expect(own.statusCode, user).toBe(status);
      if (status === 200) {
        const names = (own.json() as { users: { username: string }[] }).users.map((u) => u.username);
        expect(names).toContain('clerk.a');
        expect(names).not.toContain('clerk.b');
      }
      const theirs = await usersOf(b.courtId, token);
      expect(theirs.statusCode, user).toBe(403);
      const me = (await s.app.inject({ url: '/v1/me', headers: bearer(token) })).json();
      expect(me.court.id).toBe(a.courtId);
    }
    // Court B's own admin reads B, never A.
    const adminB = await tokenOf(b.admin.username, deskB);
    expect((await usersOf(b.courtId, adminB)).statusCode).toBe(200);
    expect((await usersOf(a.courtId, adminB)).statusCode).toBe(403);
    // A user of A cannot sign in on B's device, nor B's on A's.
    const crossed = await loginRes(s, 'clerk.a', deskB);
    expect(crossed.statusCode).toBe(403);
    expect(errorOf(crossed).i18nKey).toBe('errors.auth.otherCourtDevice');
    expect((await loginRes(s, 'clerk.b', deskA)).statusCode).toBe(403);
    // Without a token: nothing.
    expect((await s.app.inject({ url: `/v1/courts/${a.courtId}/users` })).statusCode).toBe(401);
  });

  it('the routes are in the OpenAPI document with their schemas', async () => {
    const s = await stage();
    const doc = (await s.app.inject({ url: '/openapi.json' })).json();
    for (const p of ['/v1/auth/login', '/v1/auth/refresh', '/v1/auth/logout', '/v1/devices/enrol', '/v1/me', '/v1/courts/{courtId}/users']) expect(doc.paths[p], p).toBeDefined();
    expect(doc.paths['/v1/auth/login'].post.responses['429']).toBeDefined();
  });
});

describe('createServerAuth for later routes', () => {
  it('requireAuth(roles) guards any route and sets request.auth', async () => {
    const dataDir = (await stage()).dataDir;
    const store = await openServerStore(await serverStoreConfig(dataDir));
    const clock = new TestClock();
    const { serverConfig } = await import('./helpers');
    const config = serverConfig({ MAHKAMA_SERVER_DATA_DIR: dataDir });
    const auth = createServerAuth({ db: store.db, jwt: config.jwt, now: clock.now });
    const app = await buildServer({
      config,
      logger: capturedLogger('info').logger,
      routes: (a) => {
        auth.routes(a);
        a.get('/v1/judges-only', { preHandler: auth.requireAuth(['judge']) }, (request) => ({ auth: request.auth }));
      },
    });
    const s: AuthStage = { dataDir, config, store, clock, app, close: async () => (await app.close(), await store.close()) };
    stages.push(s);
    const court = await createCourt(s);
    const judgeId = await createUser(s, court, 'judge.one', ['judge']);
    await createUser(s, court, 'clerk.one', ['clerk']);
    const device = await enrol(s, court);
    const judge = await login(s, 'judge.one', device);
    const ok = await app.inject({ url: '/v1/judges-only', headers: bearer(judge.accessToken) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ auth: { userId: judgeId, roles: ['judge'], courtId: court.courtId, deviceId: device.deviceId } });
    const clerk = await login(s, 'clerk.one', device);
    const refused = await app.inject({ url: '/v1/judges-only', headers: bearer(clerk.accessToken) });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('FORBIDDEN');
  });
});
