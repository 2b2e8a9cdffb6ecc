// What every request to the central server meets, through fastify.inject on the real app: security
// headers, request ids, CORS closed unless configured, the body limit, one typed error shape for
// every non-2xx, and logs that never hold a password, token, cookie or enrolment code.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildServer, type BuildServerOptions, type MahkamaServer } from '../../../src/server/app';
import { errorResponseSchema } from '../../../src/shared/schemas/server-api';
import { capturedLogger, serverConfig, type CapturedLog } from './helpers';

const opened: MahkamaServer[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((a) => a.close()));
});

const echoBody = z.strictObject({ name: z.string().min(1).max(20), password: z.string().optional(), refreshToken: z.string().optional(), code: z.string().optional() });

/** The app with two routes of the kind /v1 will have: one that logs what it got, one that fails. */
async function app(opts: Partial<BuildServerOptions> & { env?: NodeJS.ProcessEnv; log?: CapturedLog } = {}): Promise<MahkamaServer> {
  const log = opts.log ?? capturedLogger();
  const a = await buildServer({
    config: serverConfig(opts.env),
    logger: log.logger,
    ...opts,
    routes: (s) => {
      s.post('/v1/echo', { schema: { body: echoBody } }, (request) => {
        // A careless handler: logs the whole body and every header. Redaction must still hold.
        request.log.info({ body: request.body, headers: request.headers }, 'echo');
        return { name: request.body.name };
      });
      s.get('/v1/boom', () => {
        throw new Error('disk /srv/secret-volume exploded');
      });
    },
  });
  opened.push(a);
  return a;
}

function errorOf(res: { statusCode: number; body: string }) {
  expect(res.statusCode).toBeGreaterThanOrEqual(400);
  return errorResponseSchema.strict().parse(JSON.parse(res.body)).error;
}

describe('security headers', () => {
  it('every API answer carries helmet headers and a CSP that allows nothing', async () => {
    const a = await app();
    for (const url of ['/health/live', '/no/such/route']) {
      const res = await a.inject({ url });
      expect(res.headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('Swagger UI gets its own scripts, styles and images and nothing else: no inline script, no eval, no other host', async () => {
    const a = await app();
    const res = await a.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https:|\*/);
    // The page's assets load under the same policy.
    const bundle = await a.inject({ url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-security-policy']).toBe(csp);
  });
});

describe('request ids', () => {
  it('generates one per request, echoes a well-formed one, and replaces one that is not', async () => {
    const log = capturedLogger();
    const a = await app({ log });
    const generated = await a.inject({ url: '/health/live' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const other = await a.inject({ url: '/health/live' });
    expect(other.headers['x-request-id']).not.toBe(generated.headers['x-request-id']);

    const given = await a.inject({ url: '/health/live', headers: { 'x-request-id': 'desk-7:push.42' } });
    expect(given.headers['x-request-id']).toBe('desk-7:push.42');
    for (const bad of ['has spaces', 'x'.repeat(129), '"quoted"', '-leading-dash', '']) {
      const res = await a.inject({ url: '/health/live', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    // The log lines of a request carry its id.
    expect(log.entries().some((e) => e.reqId === 'desk-7:push.42')).toBe(true);
  });
});

describe('CORS', () => {
  const origin = 'https://greffe.tribunal.ma';

  it('is closed by default: no allow header on any answer, and a preflight is refused without one', async () => {
    const a = await app();
    const simple = await a.inject({ url: '/health/live', headers: { origin } });
    expect(simple.statusCode).toBe(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await a.inject({
      method: 'OPTIONS',
      url: '/health/live',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(403);
    expect(errorOf(preflight).code).toBe('FORBIDDEN');
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('answers a configured origin, and only that one', async () => {
    const a = await app({ env: { MAHKAMA_SERVER_CORS_ORIGINS: origin } });
    const ok = await a.inject({ url: '/health/live', headers: { origin } });
    expect(ok.headers['access-control-allow-origin']).toBe(origin);
    expect(ok.headers['access-control-expose-headers']).toBe('x-request-id');
    expect(ok.headers.vary).toMatch(/Origin/);
    const preflight = await a.inject({
      method: 'OPTIONS',
      url: '/v1/echo',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('content-type');

    for (const stranger of ['https://evil.example', 'https://greffe.tribunal.ma.evil.example', 'http://greffe.tribunal.ma', 'null']) {
      const res = await a.inject({ url: '/health/live', headers: { origin: stranger } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      // The answer depends on Origin, so no cache may hand it to another origin.
      expect(res.headers.vary).toMatch(/Origin/);
      const pre = await a.inject({ method: 'OPTIONS', url: '/v1/echo', headers: { origin: stranger, 'access-control-request-method': 'POST' } });
      expect(pre.statusCode).toBe(403);
      expect(Object.keys(pre.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('one error shape for every non-2xx', () => {
  it('a body over the limit is 413 TOO_LARGE, naming the limit', async () => {
    const a = await app({ env: { MAHKAMA_SERVER_BODY_LIMIT_BYTES: '1024' } });
    const res = await a.inject({ method: 'POST', url: '/v1/echo', payload: { name: 'x', password: 'p'.repeat(2000) } });
    expect(res.statusCode).toBe(413);
    expect(errorOf(res)).toEqual({ code: 'TOO_LARGE', i18nKey: 'errors.server.tooLarge', params: { limit: 1024 } });
    // Just under the limit is fine.
    const fits = await a.inject({ method: 'POST', url: '/v1/echo', payload: { name: 'x', password: 'p'.repeat(900) } });
    expect(fits.statusCode).toBe(200);
  });

  it('zod validation is 400 VALIDATION_FAILED with the field paths, prefixed by the part of the request', async () => {
    const a = await app();
    const res = await a.inject({ method: 'POST', url: '/v1/echo', payload: { name: '', extra: 1 } });
    expect(res.statusCode).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.i18nKey).toBe('errors.validationFailed');
    expect(error.fields).toEqual(
      expect.arrayContaining([
        { path: ['body', 'name'], i18nKey: 'errors.field.required' },
        { path: ['body'], i18nKey: 'errors.field.unknownField' },
      ]),
    );
  });

  it('an unknown route is 404 NOT_FOUND, malformed JSON 400, a body that is not JSON 415', async () => {
    const a = await app();
    const missing = await a.inject({ url: '/v2/nothing/here?x=1' });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing)).toEqual({ code: 'NOT_FOUND', i18nKey: 'errors.server.routeNotFound' });

    const malformed = await a.inject({ method: 'POST', url: '/v1/echo', headers: { 'content-type': 'application/json' }, payload: '{"name": "x",' });
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed)).toEqual({ code: 'MALFORMED_REQUEST', i18nKey: 'errors.server.malformedJson' });

    const empty = await a.inject({ method: 'POST', url: '/v1/echo', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty).code).toBe('MALFORMED_REQUEST');

    const text = await a.inject({ method: 'POST', url: '/v1/echo', headers: { 'content-type': 'text/plain' }, payload: 'name=x' });
    expect(text.statusCode).toBe(415);
    expect(errorOf(text)).toEqual({ code: 'MALFORMED_REQUEST', i18nKey: 'errors.server.unsupportedMediaType' });

    const badUrl = await a.inject({ url: '/health/%E0%A4%A' });
    expect(badUrl.statusCode).toBeGreaterThanOrEqual(400);
    expect(badUrl.statusCode).toBeLessThan(500);
    expect(errorOf(badUrl).code).toMatch(/MALFORMED_REQUEST|NOT_FOUND/);
  });

  it('anything unexpected is 500 INTERNAL with no message and no stack; the log keeps them under the request id', async () => {
    const log = capturedLogger();
    const a = await app({ log });
    const res = await a.inject({ url: '/v1/boom', headers: { 'x-request-id': 'trace-me-1' } });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'INTERNAL', i18nKey: 'errors.internal' } });
    expect(res.body).not.toMatch(/exploded|secret-volume|at /);
    const logged = log.entries().find((e) => e.msg === 'request failed');
    expect(logged).toMatchObject({ reqId: 'trace-me-1', level: 50, code: 'INTERNAL' });
    expect(JSON.stringify(logged)).toContain('disk /srv/secret-volume exploded');
    expect(JSON.stringify(logged)).toContain('"stack"');
  });
});

describe('logs never hold a secret', () => {
  it('a password, refresh token, enrolment code, Authorization and cookie sent to the server never reach the log', async () => {
    const log = capturedLogger('trace');
    const a = await app({ log });
    const secrets = {
      password: 'hunter2-Pa55word!',
      refreshToken: 'rt_9f8e7d6c5b4a',
      code: 'ENROL-4417-XQ',
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.secret-token',
      cookie: 'sid=cookie-secret-77',
    };
    const ok = await a.inject({
      method: 'POST',
      url: `/v1/echo?code=${secrets.code}&page=2`,
      headers: { authorization: secrets.authorization, cookie: secrets.cookie },
      payload: { name: 'clerk', password: secrets.password, refreshToken: secrets.refreshToken, code: secrets.code },
    });
    expect(ok.statusCode).toBe(200);
    // Refused requests too: bad JSON around a password, a validation failure with one.
    await a.inject({ method: 'POST', url: '/v1/echo', headers: { 'content-type': 'application/json' }, payload: `{"password":"${secrets.password}",` });
    await a.inject({ method: 'POST', url: '/v1/echo', payload: { name: 42, password: secrets.password } });
    await a.inject({ method: 'POST', url: '/v1/echo', payload: { name: 'x', password: secrets.password.repeat(1000) } });

    const text = log.text();
    expect(text).toContain('"msg":"echo"');
    for (const s of [...Object.values(secrets), 'hunter2', 'cookie-secret-77', 'secret-token']) expect(text).not.toContain(s);
    const echo = log.entries().find((e) => e.msg === 'echo') as { body: Record<string, unknown>; headers: Record<string, unknown> };
    expect(echo.body).toEqual({ name: 'clerk', password: '[redacted]', refreshToken: '[redacted]', code: '[redacted]' });
    expect(echo.headers.authorization).toBe('[redacted]');
    expect(echo.headers.cookie).toBe('[redacted]');
    // The request line keeps the query's harmless parts.
    expect(text).toContain('/v1/echo?code=%5Bredacted%5D&page=2');
    // An error's own code is kept: operators need it.
    expect(log.entries().some((e) => e.code === 'VALIDATION_FAILED')).toBe(true);
  });
});

describe('while shutting down', () => {
  it('the request in flight finishes and then closes its keep-alive connection; new connections are refused', async () => {
    const net = await import('node:net');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const a = await buildServer({
      config: serverConfig(),
      logger: capturedLogger().logger,
      routes: (s) => {
        s.get('/v1/slow', async () => {
          await held;
          return { done: true };
        });
      },
    });
    await a.listen({ host: '127.0.0.1', port: 0 });
    const { port } = a.server.address() as { port: number };
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (c: Buffer) => (received += c.toString()));
    const ended = new Promise<void>((r) => socket.on('close', () => r()));
    socket.write(`GET /v1/slow HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    await expect.poll(() => a.activeRequests()).toBe(1);
    const closed = a.close();
    // New connections are refused from now on.
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    release();
    await closed;
    await ended;
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toContain('{"done":true}');
    expect(a.activeRequests()).toBe(0);
  });
});
