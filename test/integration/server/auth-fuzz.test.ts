// Bad input at the auth routes (issue 8, "Bad input and faults"): malformed, oversized and replayed
// bodies, and bad tokens (forged, expired, of another court, of a revoked device), sent at
// random: only typed 4xx answers, never a 5xx, and the store unchanged by every refusal. The one
// table a refusal may write is login_throttle: a well-formed login attempt is counted before it is
// checked, which is the rate limit doing its work.
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../../src/server/auth/devices';
import { errorResponseSchema } from '../../../src/shared/schemas/server-api';
import { fingerprintOfStore } from '../../helpers/store';
import { authStage, bearer, createCourt, createUser, deviceOf, enrol, issueCode, login, PASSWORD, serverConfigWithLimit, type AuthStage } from './auth-helpers';

let s: AuthStage;
let courtA = '';
/** Access tokens that are all refused: of a revoked device, forged, tampered, expired. */
const refusedTokens: string[] = [];
/** Court B's valid token: refused on court A's routes only. */
let tokenOfB = '';
const refreshTokens: string[] = [];
const codes: string[] = [];
let deskA: { id: string; secret: string };
let revokedDesk: { id: string; secret: string };
let wrongSecret: { id: string; secret: string };

/** Every row of every table but login_throttle, as one string: equal means nothing was written. */
function snapshot(): Promise<string> {
  return fingerprintOfStore(s.store.db, s.store.engine, { except: ['login_throttle'] });
}

beforeAll(async () => {
  s = await authStage({ config: serverConfigWithLimit(4096) });
  const a = await createCourt(s, 'TPI-A');
  const b = await createCourt(s, 'TPI-B');
  courtA = a.courtId;
  // A code that will have expired, a used one, and one never issued.
  const expired = await issueCode(s, a, 1);
  s.clock.advance(2 * 3_600_000);
  const used = await issueCode(s, a);
  await s.app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: { code: used, deviceName: 'first' } });
  codes.push(used, expired, '0000-0000-0000-0000');

  await createUser(s, a, 'clerk.a', ['clerk']);
  await createUser(s, b, 'clerk.b', ['clerk']);
  const enrolledA = await enrol(s, a);
  const enrolledB = await enrol(s, b);
  const enrolledRevoked = await enrol(s, a);
  deskA = deviceOf(enrolledA);
  revokedDesk = deviceOf(enrolledRevoked);
  wrongSecret = { id: enrolledA.deviceId, secret: enrolledB.deviceSecret };

  const ta = await login(s, 'clerk.a', enrolledA);
  tokenOfB = (await login(s, 'clerk.b', enrolledB)).accessToken;
  const tr = await login(s, 'clerk.a', enrolledRevoked);
  await revokeDevice(s.store.db, enrolledRevoked.deviceTag, s.clock.now());
  // A rotated token, replayed once already: its family is revoked, so a replay changes nothing more.
  const rotated = await s.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: ta.refreshToken, device: deskA } });
  await s.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: ta.refreshToken, device: deskA } });
  refreshTokens.push(ta.refreshToken, rotated.json().refreshToken, tr.refreshToken, 'A'.repeat(43));

  const secret = new TextEncoder().encode(s.config.jwt.secret.reveal());
  const iat = Math.floor(s.clock.t / 1000);
  const signed = (iss: string, exp: number) =>
    new SignJWT({ court: a.courtId, roles: ['admin'], device: enrolledA.deviceId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(a.admin.id)
      .setIssuer(iss)
      .setAudience(s.config.jwt.audience)
      .setIssuedAt(iat - 3600)
      .setExpirationTime(exp)
      .sign(secret);
  refusedTokens.push(tr.accessToken, await signed('someone-else', iat + 600), await signed(s.config.jwt.issuer, iat - 60), `${ta.accessToken.slice(0, -3)}abc`);
}, 60_000);

afterAll(async () => {
  await s?.close();
});

interface Req {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  raw?: string;
  authorization?: string;
  ip?: string;
}

const text = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('', ' ', 'clerk.a', '\u0000', 'é'.repeat(300)), fc.string({ minLength: 3000, maxLength: 6000 }));
const ip = fc.integer({ min: 1, max: 40 }).map((n) => `10.9.0.${n}`);
const bearerOf = (pool: () => string[]) => fc.integer({ min: 0, max: 3 }).map((i) => bearer(pool()[i]!).authorization);

/** Well-formed requests that must each be refused: wrong secrets, replays, revoked, expired, other court. */
const wellFormed: fc.Arbitrary<Req> = fc.oneof(
  fc
    .record({
      username: fc.constantFrom('clerk.a', 'clerk.b', 'nobody.here'),
      password: fc.constantFrom('not the password', PASSWORD),
      device: fc.constantFrom('a', 'revoked', 'wrong'),
      ip,
    })
    // clerk.a with the right password on A's desk would sign in: that one is not bad input.
    .filter((r) => !(r.username === 'clerk.a' && r.password === PASSWORD && r.device === 'a'))
    .map((r) => ({
      method: 'POST' as const,
      url: '/v1/auth/login',
      ip: r.ip,
      body: { username: r.username, password: r.password, device: r.device === 'a' ? deskA : r.device === 'revoked' ? revokedDesk : wrongSecret },
    })),
  fc.record({ t: fc.integer({ min: 0, max: 3 }), d: fc.constantFrom('a', 'revoked', 'wrong') }).map((r) => ({
    method: 'POST' as const,
    url: '/v1/auth/refresh',
    body: { refreshToken: refreshTokens[r.t], device: r.d === 'a' ? deskA : r.d === 'revoked' ? revokedDesk : wrongSecret },
  })),
  fc
    .record({ c: fc.integer({ min: 0, max: 2 }), name: fc.constantFrom('desk', 'greffe-pc'), ip })
    .map((r) => ({ method: 'POST' as const, url: '/v1/devices/enrol', ip: r.ip, body: { code: codes[r.c], deviceName: r.name } })),
  fc.tuple(fc.constantFrom('/v1/me', 'users'), bearerOf(() => refusedTokens)).map(([u, authorization]) => ({ method: 'GET' as const, url: u === 'users' ? `/v1/courts/${courtA}/users` : u, authorization })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), bearerOf(() => refusedTokens)).map(([t, authorization]) => ({ method: 'POST' as const, url: '/v1/auth/logout', body: { refreshToken: refreshTokens[t] }, authorization })),
  fc.constant(0).map(() => ({ method: 'GET' as const, url: `/v1/courts/${courtA}/users`, authorization: bearer(tokenOfB).authorization })),
);

/** Anything at all at the auth routes: bodies of any shape, oversized, not JSON; any Authorization. */
const garbage: fc.Arbitrary<Req> = fc
  .record({
    url: fc.constantFrom('/v1/auth/login', '/v1/auth/refresh', '/v1/auth/logout', '/v1/devices/enrol', '/v1/me', '/v1/courts/x/users'),
    body: fc.oneof(
      fc.anything(),
      fc.record({ username: text, password: text, device: fc.anything() }, { requiredKeys: [] }),
      fc.record({ refreshToken: text, device: fc.anything() }, { requiredKeys: [] }),
      fc.record({ code: text, deviceName: text }, { requiredKeys: [] }),
    ),
    asText: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
    authorization: fc.option(fc.oneof(fc.string({ maxLength: 100 }), text.map((t) => `Bearer ${t}`)), { nil: undefined }),
  })
  .map((r) => ({
    method: r.url === '/v1/me' || r.url.startsWith('/v1/courts') ? ('GET' as const) : ('POST' as const),
    url: r.url,
    ...(r.asText === undefined ? { body: r.body } : { raw: r.asText }),
    ...(r.authorization === undefined ? {} : { authorization: r.authorization }),
  }));

describe('auth routes under random bad input', () => {
  it('malformed, oversized and replayed bodies and bad tokens: typed 4xx only, the store unchanged', async () => {
    const before = await snapshot();
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(wellFormed, garbage), async (req) => {
        const res = await s.app.inject({
          method: req.method,
          url: req.url,
          ...(req.ip ? { remoteAddress: req.ip } : {}),
          headers: { 'content-type': 'application/json', ...(req.authorization === undefined ? {} : { authorization: req.authorization }) },
          ...(req.method === 'POST' ? { payload: req.raw ?? JSON.stringify(req.body ?? null) ?? 'null' } : {}),
        });
        expect(res.statusCode, `${req.url} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        const e = errorResponseSchema.strict().parse(res.json()).error;
        seen.set(`${res.statusCode} ${e.i18nKey}`, (seen.get(`${res.statusCode} ${e.i18nKey}`) ?? 0) + 1);
      }),
      { numRuns: 400 },
    );
    expect(await snapshot()).toBe(before);
    // The runs reached past validation into every kind of refusal, not only the schema's.
    for (const key of [
      '400 errors.validationFailed',
      '413 errors.server.tooLarge',
      '401 errors.auth.badCredentials',
      '401 errors.auth.deviceRevoked',
      '401 errors.auth.deviceNotRecognised',
      '401 errors.auth.refreshInvalid',
      '401 errors.enrolment.codeUsed',
      '401 errors.enrolment.codeExpired',
      '401 errors.enrolment.codeUnknown',
      '401 errors.auth.tokenInvalid',
      '401 errors.auth.tokenExpired',
      '403 errors.forbidden',
      '429 errors.auth.tooManyLogins',
    ]) expect(seen.has(key), `${key} in ${JSON.stringify([...seen])}`).toBe(true);
  }, 120_000);
});
