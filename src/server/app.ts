// The central server's HTTP application, without listening: what every request meets (request id,
// security headers, CORS, body limit, the one error shape, logs with secrets cut, metrics) and the
// unversioned operations routes. Feature routes (/v1/…) are added by the caller through `routes`.
// It never opens a store or reads the environment: the entry (index.ts) does, and tests inject.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifySchemaCompiler } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { z } from 'zod';
import { AppError, validationError } from '../shared/errors';
import {
  errorResponseSchema,
  liveResponseSchema,
  readyResponseSchema,
  REQUEST_ID_HEADER,
  requestIdSchema,
} from '../shared/schemas/server-api';
import type { ServerConfig } from './config';
import { clientErrorResponse, toHttpError } from './http-errors';
import { createServerLogger, type Logger } from './logger';

/** A dependency the server needs to serve; it throws (or rejects) when the dependency is not usable. */
export type ReadinessCheck = () => Promise<void> | void;

export interface BuildServerOptions {
  config: ServerConfig;
  /** Default: pino JSON on stderr at config.logLevel. */
  logger?: Logger;
  /** Named checks of /health/ready (database ping, blob folder writable…). */
  readinessChecks?: Record<string, ReadinessCheck>;
  /** A check that has not answered by then has failed (a hung database must not hang the probe). */
  readinessTimeoutMs?: number;
  /** Shown in the OpenAPI document. */
  version?: string;
  /** Registers further routes (the versioned API) on the ready-made instance. */
  routes?: (app: MahkamaServer) => void | Promise<void>;
}

/** The server's Fastify instance: zod schemas for validation, serialization and OpenAPI. */
export type MahkamaServer = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Requests received and not yet answered (or abandoned): store housekeeping waits for 0. */
    activeRequests(): number;
    /** The Prometheus registry this instance reports on /metrics. */
    metricsRegistry: Registry;
  }
}

const API_CSP: FastifyHelmetOptions['contentSecurityPolicy'] = {
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
};
/**
 * Swagger UI loads its own script, styles, images (its logo is a data: URL) and the spec: nothing
 * else. Its bundle injects one <style> element, allowed by its hash alone (seen in Chromium with
 * @fastify/swagger-ui 6.1.3; test/e2e/server-docs.e2e.test.ts fails if an update changes it).
 */
export const SWAGGER_UI_INLINE_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";
const DOCS_CSP: FastifyHelmetOptions['contentSecurityPolicy'] = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", SWAGGER_UI_INLINE_STYLE_HASH],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
};
const DOCS_PREFIX = '/docs';

const CORS_ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const CORS_ALLOWED_HEADERS = `authorization, content-type, ${REQUEST_ID_HEADER}`;

/** Our validator: zod's issues become the same field issues (paths + catalogue keys) as over IPC. */
const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    return result.success ? { value: result.data } : { error: validationError(result.error) };
  };

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && requestIdSchema.safeParse(given).success ? given : randomUUID();
}

function withTimeout(check: ReadinessCheck, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    Promise.resolve()
      .then(check)
      .then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
  });
}

export async function buildServer(opts: BuildServerOptions): Promise<MahkamaServer> {
  const { config } = opts;
  const logger = opts.logger ?? createServerLogger(config.logLevel);
  const base = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    // Off unless proxies are named: otherwise anyone could pick the address the rate limits count by.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    // Our own 503 (typed) answers requests that arrive while closing; Fastify's is a bare body.
    return503OnClosing: false,
    // Idle keep-alive sockets would hold close() open (fastify#5524); busy ones finish their request.
    forceCloseConnections: 'idle',
    frameworkErrors: (err, request, reply) => {
      const { status, body } = toHttpError(err, config.bodyLimitBytes);
      request.log.info({ code: body.error.code, fastifyCode: err.code }, 'request refused');
      // Fastify types this reply for a route of no schema at all; any status is ours to choose.
      void (reply as unknown as FastifyReply).code(status).header(REQUEST_ID_HEADER, request.id).type('application/json; charset=utf-8').send(body);
    },
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return void socket.destroy();
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      socket.end(clientErrorResponse(status));
    },
  });

  const app: MahkamaServer = base.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a text/plain body is refused (415) rather than handed to a handler as a string.
  app.removeContentTypeParser('text/plain');

  // Requests in flight: counted from arrival to the socket's answer or abandon ('close' fires for both).
  let inFlight = 0;
  let closing = false;
  app.decorate('activeRequests', () => inFlight);
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'mahkama_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by route pattern and status.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.decorate('metricsRegistry', registry);

  // First hook of every request, before helmet and the routes: id, CORS, and the door while closing.
  const allowAnyOrigin = config.corsOrigins.includes('*');
  const allowedOrigins = new Set(config.corsOrigins);
  base.addHook('onRequest', (request, reply, done) => {
    inFlight += 1;
    reply.raw.once('close', () => {
      inFlight -= 1;
    });
    void reply.header(REQUEST_ID_HEADER, request.id);
    const origin = request.headers.origin;
    const originAllowed = typeof origin === 'string' && (allowAnyOrigin || allowedOrigins.has(origin));
    if (allowedOrigins.size > 0) void reply.header('vary', 'Origin');
    if (originAllowed) {
      void reply.header('access-control-allow-origin', allowAnyOrigin ? '*' : origin);
      void reply.header('access-control-expose-headers', REQUEST_ID_HEADER);
    }
    if (closing) {
      void reply
        .code(503)
        .header('connection', 'close')
        .send({ error: new AppError('SERVICE_UNAVAILABLE', 'errors.server.shuttingDown').toData() });
      return;
    }
    const preflight = request.method === 'OPTIONS' && typeof request.headers['access-control-request-method'] === 'string';
    if (preflight) {
      if (!originAllowed) {
        // No allow headers at all: the browser refuses the cross-origin call it asked about.
        void reply.code(403).send({ error: new AppError('FORBIDDEN', 'errors.forbidden').toData() });
        return;
      }
      void reply
        .code(204)
        .header('access-control-allow-methods', CORS_ALLOWED_METHODS)
        .header('access-control-allow-headers', CORS_ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .send();
      return;
    }
    done();
  });

  // A request that began before shutdown is answered, then its keep-alive connection is closed,
  // so close() need not wait for the client to hang up (or for the grace period to cut it).
  base.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: one series per route, whatever paths clients try.
    const route = request.routeOptions.url ?? 'unmatched';
    requestDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });

  // Swagger UI's routes get the CSP its page needs; must be in place before they are registered.
  app.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
      route.config = { ...(route.config as object | undefined), helmet: { contentSecurityPolicy: DOCS_CSP } } as typeof route.config;
    }
  });
  await app.register(fastifyHelmet, { contentSecurityPolicy: API_CSP, crossOriginResourcePolicy: { policy: 'same-origin' } });

  app.setErrorHandler((err, request, reply) => {
    const { status, body, logCause } = toHttpError(err, config.bodyLimitBytes);
    if (status >= 500) request.log.error({ err: logCause ?? err, code: body.error.code }, 'request failed');
    // A 4xx is the client's: its code is enough, and its message may quote what the client sent.
    else request.log.info({ code: body.error.code, statusCode: status }, 'request refused');
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: new AppError('NOT_FOUND', 'errors.server.routeNotFound').toData() }),
  );

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mahkama central server',
        description: 'Sync server of the Mahkama court workstations. Every non-2xx answer is { error: { code, i18nKey, params?, fields? } }.',
        version: opts.version ?? '0.0.0',
      },
      tags: [{ name: 'operations', description: 'Liveness, readiness and metrics (unversioned).' }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { validatorUrl: null } });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get(
    '/health/live',
    {
      schema: {
        tags: ['operations'],
        summary: 'The process answers',
        response: { 200: liveResponseSchema },
      },
    },
    () => ({ status: 'live' as const }),
  );

  const checks = Object.entries(opts.readinessChecks ?? {});
  const checkTimeoutMs = opts.readinessTimeoutMs ?? 2_000;
  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Every dependency (database, blob store) is usable',
        response: { 200: readyResponseSchema, 503: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const results = await Promise.all(
        checks.map(async ([name, check]) => {
          const started = performance.now();
          try {
            await withTimeout(check, checkTimeoutMs);
            return { name, ok: true as const, durationMs: Math.round((performance.now() - started) * 10) / 10 };
          } catch (err) {
            request.log.warn({ check: name, err }, 'readiness check failed');
            return { name, ok: false as const };
          }
        }),
      );
      const failed = results.filter((r) => !r.ok).map((r) => r.name);
      if (failed.length > 0) {
        throw new AppError('SERVICE_UNAVAILABLE', 'errors.server.notReady', {
          params: { failed: failed.join(', ') },
          fields: failed.map((check) => ({ path: ['checks', check], i18nKey: 'errors.server.checkFailed', params: { check } })),
        });
      }
      return reply.code(200).send({
        status: 'ready' as const,
        checks: Object.fromEntries(results.map((r) => [r.name, { durationMs: r.ok ? r.durationMs : 0 }])),
      });
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['operations'], summary: 'Prometheus metrics: process, and HTTP request durations by route and status' } },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );

  if (opts.routes) await opts.routes(app);
  return app;
}
