// The operations routes on a real store: /health/live, /health/ready with the real checks (a real
// SQLite file, a real blob folder) and failing ones, /metrics measured from real requests, the
// OpenAPI document that describes what the server really answers, and a fast-check property: no
// path, body or header a client sends gets a 5xx or an answer outside the one error shape.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildServer, type BuildServerOptions, type MahkamaServer } from '../../../src/server/app';
import { checkFolderWritable, openServerStore, type ServerStore } from '../../../src/server/store';
import { errorResponseSchema, liveResponseSchema, readyResponseSchema } from '../../../src/shared/schemas/server-api';
import { serverStoreConfig } from '../../helpers/server-database';
import { capturedLogger, serverConfig, tempDir } from './helpers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function app(opts: Partial<BuildServerOptions> = {}): Promise<MahkamaServer> {
  const a = await buildServer({ config: serverConfig(), logger: capturedLogger('info').logger, ...opts });
  cleanups.push(() => a.close());
  return a;
}

/** A real store and blob folder in a temp data folder, as index.ts wires them. */
async function realStore(): Promise<{ store: ServerStore; blobDir: string; dataDir: string }> {
  const dataDir = tempDir();
  const store = await openServerStore(await serverStoreConfig(dataDir));
  cleanups.push(() => store.close());
  const blobDir = path.join(dataDir, 'blobs');
  fs.mkdirSync(blobDir);
  return { store, blobDir, dataDir };
}

describe('health', () => {
  it('/health/live answers while the process runs', async () => {
    const a = await app();
    const res = await a.inject({ url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(liveResponseSchema.parse(res.json())).toEqual({ status: 'live' });
  });

  it('/health/ready runs the real checks: the store answers and the blob folder takes a file', async () => {
    const { store, blobDir } = await realStore();
    const a = await app({ readinessChecks: { database: () => store.ping(), blobStore: () => checkFolderWritable(blobDir) } });
    const res = await a.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    const body = readyResponseSchema.parse(res.json());
    expect(Object.keys(body.checks).sort()).toEqual(['blobStore', 'database']);
    // The probe file is gone: readiness leaves nothing behind.
    expect(fs.readdirSync(blobDir)).toEqual([]);
  });

  it('a failing check gives 503 SERVICE_UNAVAILABLE naming it, and only it', async () => {
    const { store, blobDir } = await realStore();
    fs.rmSync(blobDir, { recursive: true });
    const a = await app({ readinessChecks: { database: () => store.ping(), blobStore: () => checkFolderWritable(blobDir) } });
    const res = await a.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(errorResponseSchema.parse(res.json()).error).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      i18nKey: 'errors.server.notReady',
      params: { failed: 'blobStore' },
      fields: [{ path: ['checks', 'blobStore'], i18nKey: 'errors.server.checkFailed', params: { check: 'blobStore' } }],
    });
    // The reason stays in the log, not in the answer.
    expect(res.body).not.toContain(blobDir);
  });

  it('a closed database and a check that never answers both fail, within the timeout', async () => {
    const { store } = await realStore();
    await store.close();
    const a = await app({
      readinessTimeoutMs: 200,
      readinessChecks: { database: () => store.ping(), blobStore: () => new Promise<void>(() => {}) },
    });
    const started = Date.now();
    const res = await a.inject({ url: '/health/ready' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(res.statusCode).toBe(503);
    expect(errorResponseSchema.parse(res.json()).error.fields?.map((f) => f.path[1])).toEqual(['database', 'blobStore']);
  });
});

describe('metrics', () => {
  it('reports process metrics and request durations by route pattern and status, from real requests only', async () => {
    const a = await app();
    const before = await a.inject({ url: '/metrics' });
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toMatch(/^text\/plain/);
    // Nothing measured yet but the scrape itself (observed after it was answered): no invented series.
    expect(before.body).not.toMatch(/mahkama_http_request_duration_seconds_count\{/);
    for (let i = 0; i < 3; i += 1) await a.inject({ url: '/health/live' });
    await a.inject({ url: '/secret/path/that/does/not/exist' });
    const res = await a.inject({ url: '/metrics' });
    expect(res.body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(res.body).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(res.body).toContain('mahkama_http_request_duration_seconds_count{method="GET",route="/health/live",status_code="200"} 3');
    expect(res.body).toContain('mahkama_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1');
    expect(res.body).toContain('mahkama_http_request_duration_seconds_count{method="GET",route="/metrics",status_code="200"} 1');
    // One series per route, never per raw path.
    expect(res.body).not.toContain('/secret/path');
  });
});

describe('OpenAPI', () => {
  it('is generated from the zod schemas, lists the operations routes, and describes what they really answer', async () => {
    const { store, blobDir } = await realStore();
    const a = await app({ version: '9.8.7', readinessChecks: { database: () => store.ping(), blobStore: () => checkFolderWritable(blobDir) } });
    const res = await a.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Mahkama central server', version: '9.8.7' });
    expect(Object.keys(doc.paths).sort()).toEqual(['/health/live', '/health/ready', '/metrics']);
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect({ p, method, responses: Object.keys(op.responses ?? {}).length > 0 }).toEqual({ p, method, responses: true });
      }
    }
    // Each documented JSON schema is valid JSON Schema and accepts the server's real answer.
    const schemaOf = (p: string, status: string) => z.fromJSONSchema(doc.paths[p]!.get!.responses[status]!.content!['application/json']!.schema as never);
    schemaOf('/health/live', '200').parse((await a.inject({ url: '/health/live' })).json());
    schemaOf('/health/ready', '200').parse((await a.inject({ url: '/health/ready' })).json());
    fs.rmSync(blobDir, { recursive: true });
    const notReady = await a.inject({ url: '/health/ready' });
    expect(notReady.statusCode).toBe(503);
    schemaOf('/health/ready', '503').parse(notReady.json());
    expect(() => schemaOf('/health/ready', '503').parse({ error: { code: 'NOT_A_CODE', i18nKey: 'x' } })).toThrow();
    // The UI reads the same document.
    const ui = await a.inject({ url: '/docs/json' });
    expect(ui.json()).toEqual(doc);
  });
});

describe('bad input gets a typed 4xx, never a 5xx (fast-check)', () => {
  const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
  const pathArb = fc.oneof(
    fc.constantFrom('/health/live', '/health/ready', '/metrics', '/openapi.json', '/docs', '/docs/', '/v1', '/', '//', '/health/../metrics'),
    fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
    fc.tuple(fc.constantFrom('/health/', '/metrics/', '/docs/static/', '/v1/'), printable).map(([a, b]) => a + encodeURIComponent(b)),
    printable.map((s) => `/${s.replace(/[\s#?]/g, '')}`),
  );
  const queryArb = fc.option(fc.webQueryParameters(), { nil: undefined });
  const bodyArb = fc.oneof(
    fc.constant(undefined),
    fc.json().map((j) => ({ type: 'application/json', payload: j })),
    fc.string({ maxLength: 200 }).map((s) => ({ type: 'application/json', payload: s })),
    fc.uint8Array({ maxLength: 3000 }).map((b) => ({ type: 'application/octet-stream', payload: Buffer.from(b) })),
    fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1', 'nonsense'), printable).map(
      ([type, payload]) => ({ type, payload }),
    ),
  );
  const headersArb = fc.dictionary(
    fc.constantFrom('x-request-id', 'origin', 'accept', 'accept-encoding', 'authorization', 'cookie', 'x-forwarded-for', 'access-control-request-method', 'if-none-match', 'range'),
    printable,
    { maxKeys: 5 },
  );

  it('any method, path, query, body and headers: 2xx, 3xx or a typed 4xx, and every non-2xx is the error shape', async () => {
    const a = await app({
      config: serverConfig({ MAHKAMA_SERVER_BODY_LIMIT_BYTES: '2048', MAHKAMA_SERVER_CORS_ORIGINS: 'https://greffe.tribunal.ma' }),
      readinessChecks: { database: () => undefined },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        pathArb,
        queryArb,
        bodyArb,
        headersArb,
        async (method, urlPath, query, body, headers) => {
          const res = await a
            .inject({
              method: method as 'GET',
              url: query ? `${urlPath}?${query}` : urlPath,
              headers: { ...headers, ...(body ? { 'content-type': body.type } : {}) },
              ...(body ? { payload: body.payload } : {}),
            })
            .catch((err: unknown) => {
              // A URL the test client itself cannot build (e.g. "/\\") never reaches the server.
              if (err instanceof TypeError && /Invalid URL/.test(err.message)) return null;
              throw err;
            });
          fc.pre(res !== null);
          expect(res.statusCode, `${method} ${urlPath} → ${res.statusCode} ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400 && method !== 'HEAD') errorResponseSchema.strict().parse(res.json());
          expect(res.headers['x-request-id']).toBeTruthy();
        },
      ),
      { numRuns: 400 },
    );
  });
});
