// Blobs when things go wrong (issue 8, "Bad input and faults"): the network is cut in the middle of
// a chunk or of a download, the server restarts mid-upload, two server instances share one
// database and blob folder, and a fuzzer throws malformed requests at every blob route. Real
// sockets, real files, a real listening server; the cuts are made by closing real TCP connections.
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createBlobClient } from '../../../src/main/services/blobs/blob-client';
import { blobPath } from '../../../src/server/blobs/blob-store';
import { uploadStateSchema } from '../../../src/shared/schemas/blobs';
import { errorResponseSchema } from '../../../src/shared/schemas/server-api';
import { as, COURT_A, COURT_B, cuttingProxy, filesUnder, randomFile, sha256Of, startBlobServer, type BlobServer } from './blob-server';
import { tempDir } from './helpers';

const CHUNK = 64 * 1024;
type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(opts: Parameters<typeof startBlobServer>[0] = {}): Promise<BlobServer> {
  const s = await startBlobServer(opts);
  cleanups.push(() => s.close());
  return s;
}

const clientAt = (url: string, courtId = COURT_A, deviceId = 'desk-1') =>
  createBlobClient({ serverUrl: url, authHeaders: () => as(courtId, deviceId), retryDelayMs: () => 20 });

async function createUpload(s: BlobServer, who: Record<string, string>, sha256: string, size: number) {
  const res = await fetch(`${s.url}/v1/blobs/uploads`, { method: 'POST', headers: { ...who, 'content-type': 'application/json' }, body: JSON.stringify({ sha256, size }) });
  return uploadStateSchema.parse(await res.json());
}

async function sendChunk(url: string, uploadId: string, offset: number, bytes: Buffer, who: Record<string, string>) {
  const res = await fetch(`${url}/v1/blobs/uploads/${uploadId}?offset=${offset}`, {
    method: 'PATCH',
    headers: { ...who, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { offset: number };
}

async function offsetOf(url: string, uploadId: string, who: Record<string, string>): Promise<number> {
  const res = await fetch(`${url}/v1/blobs/uploads/${uploadId}`, { headers: who });
  return uploadStateSchema.parse(await res.json()).offset;
}

async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a network cut in the middle of an upload', () => {
  it('the bytes that arrived before the socket died are kept; the desk resumes from the server\'s offset and the blob is right', async () => {
    const s = await server();
    const { file, sha256, bytes } = randomFile(5 * CHUNK + 777);
    const who = as(COURT_A, 'desk-1');
    const { uploadId } = await createUpload(s, who, sha256, bytes.length);
    await sendChunk(s.url, uploadId, 0, bytes.subarray(0, CHUNK), who);

    // The second chunk announces 64 KiB; 23,456 bytes go out, then the connection is destroyed.
    const cutAt = 23_456;
    const socket = net.connect(s.port, '127.0.0.1');
    await once(socket, 'connect');
    const head = [
      `PATCH /v1/blobs/uploads/${uploadId}?offset=${CHUNK} HTTP/1.1`,
      `Host: 127.0.0.1:${s.port}`,
      'Content-Type: application/octet-stream',
      `Content-Length: ${CHUNK}`,
      ...Object.entries(who).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n');
    await new Promise<void>((resolve, reject) => socket.write(Buffer.concat([Buffer.from(head), bytes.subarray(CHUNK, CHUNK + cutAt)]), (err) => (err ? reject(err) : resolve())));
    socket.destroy();

    const offset = await until(() => offsetOf(s.url, uploadId, who), (o) => o > CHUNK);
    expect(offset).toBe(CHUNK + cutAt);

    // The desk knows nothing of what happened: it creates again, is given the same upload at the
    // server's offset, and sends only the rest.
    const result = await clientAt(s.url).upload(file);
    expect(result).toEqual({ sha256, size: bytes.length, bytesSent: bytes.length - CHUNK - cutAt });
    expect(sha256Of(blobPath(s.config.blobs.dir, sha256))).toBe(sha256);
  });

  it('the desk\'s own upload survives a cut it did not expect: it asks the offset and goes on, without starting over', async () => {
    const s = await server();
    const size = 8 * CHUNK + 4_321;
    const { file, sha256 } = randomFile(size);
    // Cut once, in the middle of the third chunk's body on the desk's first connection.
    const cutAfter = 2 * CHUNK + 30_000;
    const proxy = await cuttingProxy(s.port, { direction: 'up', cutAfter });
    cleanups.push(() => proxy.close());
    // Every chunk the desk sent: its offset, its length and the server's answer.
    const patches: { offset: number; bytes: number; status: number | 'cut' }[] = [];
    const recording: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (init?.method !== 'PATCH') return fetch(input, init);
      const entry = { offset: Number(url.searchParams.get('offset')), bytes: (init.body as Uint8Array).byteLength, status: 'cut' as number | 'cut' };
      patches.push(entry);
      const res = await fetch(input, init);
      entry.status = res.status;
      return res;
    };
    const client = createBlobClient({ serverUrl: proxy.url, authHeaders: () => as(COURT_A, 'desk-1'), retryDelayMs: () => 20, fetch: recording });
    const result = await client.upload(file);

    expect(proxy.counted.cuts).toBe(1);
    expect(result).toMatchObject({ sha256, size });
    expect(sha256Of(blobPath(s.config.blobs.dir, sha256))).toBe(sha256);
    // The first two chunks went through; the third was cut.
    expect(patches.slice(0, 3).map((p) => [p.offset, p.status])).toEqual([
      [0, 200],
      [CHUNK, 200],
      [2 * CHUNK, 'cut'],
    ]);
    // It went on from where the server stood, never from a point before the cut chunk: nothing that
    // had been accepted is sent again.
    const after = patches.slice(3);
    expect(after.length).toBeGreaterThan(0);
    for (const p of after) expect(p.offset).toBeGreaterThanOrEqual(2 * CHUNK);
    // The server keeps what it read of the cut chunk, so the desk goes on from a byte inside it when
    // the server had read any (how much depends on how far it read its socket when the line died).
    const accepted = after.filter((p) => p.status === 200);
    expect(accepted[0]!.offset).toBeLessThan(3 * CHUNK);
    // Accepted chunks tile the rest of the file exactly once.
    let at = accepted[0]!.offset;
    for (const p of accepted) {
      expect(p.offset).toBe(at);
      at += p.bytes;
    }
    expect(at).toBe(size);
    // A chunk may be refused once with 409 (and re-sent from the right offset): when the server was
    // still taking the cut request's bytes as the desk asked where it stood. Nothing else is wasted.
    const refused = after.filter((p) => p.status !== 200);
    expect(refused.every((p) => p.status === 409)).toBe(true);
    expect(refused.length).toBeLessThanOrEqual(1);
    expect(proxy.counted.connections).toBeGreaterThanOrEqual(2);
  });

  it('a download cut mid-body resumes with a range and the file is renamed into place only when whole', async () => {
    const s = await server();
    const size = 2 * 1024 * 1024 + 99;
    const { file, sha256 } = randomFile(size);
    await clientAt(s.url).upload(file);
    const proxy = await cuttingProxy(s.port, { direction: 'down', cutAfter: 700_000 });
    cleanups.push(() => proxy.close());
    const dest = path.join(tempDir(), 'scan.tiff');
    const starts: number[] = [];
    await clientAt(proxy.url).download(sha256, dest, { onProgress: (done) => starts.push(done) });
    expect(proxy.counted.cuts).toBe(1);
    expect(sha256Of(dest)).toBe(sha256);
    expect(starts.some((p) => p > 0 && p < size)).toBe(true);
    expect(proxy.counted.down).toBeLessThan(size + 700_000);
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['scan.tiff']);
  });
});

describe('the server restarts, or there are two of it', () => {
  it('an upload begun before a restart goes on after it, from the offset the database holds', async () => {
    const dataDir = tempDir('mahkama-blobs-restart-');
    const first = await startBlobServer({ dataDir });
    const size = 6 * CHUNK + 5;
    const { file, sha256, bytes } = randomFile(size);
    const who = as(COURT_A, 'desk-1');
    const { uploadId } = await createUpload(first, who, sha256, size);
    for (let o = 0; o < 3 * CHUNK; o += CHUNK) await sendChunk(first.url, uploadId, o, bytes.subarray(o, o + CHUNK), who);
    await first.close();

    const second = await server({ dataDir });
    expect(await offsetOf(second.url, uploadId, who)).toBe(3 * CHUNK);
    expect(await clientAt(second.url).upload(file)).toEqual({ sha256, size, bytesSent: size - 3 * CHUNK });
    const dest = path.join(tempDir(), 'back.bin');
    await clientAt(second.url, COURT_A, 'desk-2').download(sha256, dest);
    expect(sha256Of(dest)).toBe(sha256);
  });

  it('two instances on one database and one blob folder take turns on the same upload', async () => {
    const dataDir = tempDir('mahkama-blobs-twins-');
    const a = await server({ dataDir });
    const b = await server({ dataDir });
    const size = 4 * CHUNK;
    const { sha256, bytes } = randomFile(size);
    const who = as(COURT_A, 'desk-1');
    const { uploadId } = await createUpload(a, who, sha256, size);
    await sendChunk(a.url, uploadId, 0, bytes.subarray(0, CHUNK), who);
    await sendChunk(b.url, uploadId, CHUNK, bytes.subarray(CHUNK, 2 * CHUNK), who);
    // The same chunk sent to both at once (a retry racing its original): exactly one is taken.
    const racing = await Promise.all(
      [a, b].map((s) =>
        fetch(`${s.url}/v1/blobs/uploads/${uploadId}?offset=${2 * CHUNK}`, {
          method: 'PATCH',
          headers: { ...who, 'content-type': 'application/octet-stream' },
          body: new Uint8Array(bytes.subarray(2 * CHUNK, 3 * CHUNK)),
        }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = errorResponseSchema.parse(await racing.find((r) => r.status === 409)!.json()).error;
    expect(refused).toMatchObject({ code: 'UPLOAD_OFFSET_MISMATCH', params: { expectedOffset: 3 * CHUNK } });
    expect(await offsetOf(a.url, uploadId, who)).toBe(3 * CHUNK);
    await sendChunk(a.url, uploadId, 3 * CHUNK, bytes.subarray(3 * CHUNK), who);
    const done = await fetch(`${b.url}/v1/blobs/uploads/${uploadId}/complete`, { method: 'POST', headers: who });
    expect(done.status).toBe(200);
    const fromA = await fetch(`${a.url}/v1/blobs/${sha256}`, { headers: who });
    expect(Buffer.from(await fromA.arrayBuffer()).equals(bytes)).toBe(true);
    // Only the blob is left: the losing chunk's file was deleted, the upload's folder too.
    expect(filesUnder(a.config.blobs.dir)).toEqual([path.join('sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256)]);
  });
});

describe('malformed requests to the blob routes', () => {
  it('are answered with a typed 4xx, never a 5xx, and change neither the database nor the blob folder', async () => {
    const s = await server({ env: { MAHKAMA_SERVER_BLOB_MAX_BYTES: '1000000' } });
    // What the fuzzer may meet: a stored blob, and an upload standing at byte 1000.
    const stored = randomFile(5000);
    await clientAt(s.url).upload(stored.file);
    const live = randomFile(3000);
    const liveWho = as(COURT_A, 'desk-live');
    const { uploadId } = await createUpload(s, liveWho, live.sha256, 3000);
    await sendChunk(s.url, uploadId, 0, live.bytes.subarray(0, 1000), liveWho);

    const snapshot = async () =>
      JSON.stringify([
        await s.store.db.selectFrom('blobs').selectAll().orderBy('sha256').execute(),
        await s.store.db.selectFrom('blob_courts').selectAll().orderBy('sha256').orderBy('court_id').execute(),
        await s.store.db.selectFrom('blob_uploads').selectAll().orderBy('id').execute(),
        await s.store.db.selectFrom('blob_upload_chunks').selectAll().orderBy('upload_id').orderBy('starts_at').execute(),
        filesUnder(path.dirname(s.config.blobs.dir)).filter((f) => !f.startsWith('mahkama-server.db')),
      ]);
    const before = await snapshot();

    const segment = fc.oneof(
      fc.constantFrom('..', '%2e%2e', '%2F', '%00', '.', '', 'uploads', 'complete', uploadId, uploadId.toUpperCase(), stored.sha256, stored.sha256.toUpperCase(), `${stored.sha256}/..`),
      fc.string({ maxLength: 70 }).map(encodeURIComponent),
      fc.stringMatching(/^[0-9a-f]{60,68}$/),
    );
    const offset = fc.oneof(fc.constantFrom('', '-1', '01', '1e3', '999999999999999999', '0x10', '1000.0', '0', '3000', '1000', '1000'), fc.string({ maxLength: 12 }).map(encodeURIComponent));
    const auth = fc.constantFrom<Record<string, string>>({}, liveWho, liveWho, as(COURT_B, 'desk-b'), as(COURT_A, 'desk-x'), { 'x-test-court': 'nope', 'x-test-device': '../..' });
    const contentType = fc.constantFrom(undefined, 'application/json', 'application/octet-stream', 'application/octet-stream', 'text/plain', 'multipart/form-data; boundary=x', 'application/octet-stream; charset=utf-8');
    // Each one malformed once it is JSON: a whole double is a valid size, and an `extra` that is
    // undefined vanishes from JSON (both once made a valid upload of court B, which the snapshot saw).
    const malformedCreate = fc.oneof(
      fc.record({ sha256: fc.string({ maxLength: 70 }).filter((x) => !/^[0-9a-f]{64}$/.test(x)), size: fc.integer({ min: 0, max: 10 }) }),
      fc.record({ sha256: fc.stringMatching(/^[0-9a-f]{64}$/), size: fc.oneof(fc.integer({ max: -1 }), fc.double().filter((d) => !Number.isInteger(d)), fc.constant(1_000_001), fc.string()) }),
      fc.record({ sha256: fc.stringMatching(/^[0-9a-f]{64}$/), size: fc.nat(10), extra: fc.anything().filter((v) => v !== undefined) }),
      fc.anything(),
    );
    // Beyond what the live upload lacks (2000 bytes) and beyond a chunk (64 KiB).
    const oversized = fc.constantFrom(Buffer.alloc(2001, 1), Buffer.alloc(70_000, 2));
    const body = fc.oneof(fc.uint8Array({ maxLength: 3000 }).map((u) => Buffer.from(u)), oversized, malformedCreate.map((v) => JSON.stringify(v) ?? 'null'), fc.constant(undefined));
    const idLike = fc.oneof(fc.constant(uploadId), fc.uuid(), segment);
    const hashLike = fc.oneof(fc.constant(stored.sha256), fc.constant(live.sha256), fc.stringMatching(/^[0-9a-f]{64}$/), segment);
    const anyMethod = fc.constantFrom<Method>('GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE');
    // Mostly the routes' own shapes with one part wrong, so requests reach the handlers.
    const target = fc.oneof(
      fc.record({ method: fc.constantFrom<Method>('POST', 'PUT'), path: fc.constant('uploads') }),
      fc.record({ method: fc.constantFrom<Method>('GET', 'PATCH', 'DELETE', 'POST'), path: idLike.map((id) => `uploads/${id}`) }),
      fc.record({ method: fc.constantFrom<Method>('POST', 'GET'), path: idLike.map((id) => `uploads/${id}/complete`) }),
      fc.record({ method: fc.constantFrom<Method>('PATCH', 'POST'), path: fc.constantFrom(`uploads/${uploadId}`, `uploads/${uploadId}/complete`) }),
      fc.record({ method: fc.constantFrom<Method>('GET', 'HEAD', 'DELETE'), path: hashLike }),
      fc.record({ method: anyMethod, path: fc.array(segment, { maxLength: 4 }).map((a) => a.join('/')) }),
    );
    const anyRequest = fc.record({
      target,
      offset: fc.option(offset),
      auth,
      contentType,
      range: fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('bytes=0-0', 'bytes=-0', 'bytes=5000-', 'bytes=9-1', 'bytes=0-1,2-3'))),
      body,
    });
    // The live upload's own device sending chunks: wrong offsets, too many bytes, wrong media types.
    const liveChunk = fc.record({
      target: fc.constant({ method: 'PATCH' as Method, path: `uploads/${uploadId}` }),
      offset: fc.option(fc.oneof(fc.constant('1000'), offset)),
      auth: fc.constant(liveWho),
      contentType: fc.oneof(fc.constant('application/octet-stream'), contentType),
      range: fc.constant(null),
      body: fc.oneof(oversized, body),
    });
    const request = fc.oneof({ weight: 4, arbitrary: anyRequest }, { weight: 1, arbitrary: liveChunk });

    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const { method, path: where } = r.target;
        const url = `/v1/blobs/${where}${r.offset === null ? '' : `?offset=${r.offset}`}`;
        // Not malformed, and would legitimately change things: continuing or cancelling the live upload.
        const isLive = url === `/v1/blobs/uploads/${uploadId}` || url.startsWith(`/v1/blobs/uploads/${uploadId}?`);
        const bodyBytes = r.body === undefined ? 0 : Buffer.byteLength(r.body);
        const appends = method === 'PATCH' && r.offset === '1000' && (r.contentType ?? '').startsWith('application/octet-stream') && bodyBytes <= 2000;
        if (isLive && r.auth === liveWho && (appends || method === 'DELETE')) return;
        const res = await s.app.inject({
          method: method,
          url,
          headers: { ...r.auth, ...(r.contentType ? { 'content-type': r.contentType } : {}), ...(r.range === null ? {} : { range: r.range }) },
          ...(r.body === undefined || method === 'GET' || method === 'HEAD' ? {} : { payload: r.body }),
        });
        expect(res.statusCode, `${method} ${url}`).toBeLessThan(500);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 400 && method !== 'HEAD') errorResponseSchema.strict().parse(JSON.parse(res.body));
      }),
      { numRuns: 500 },
    );
    // The handlers were reached, not only the router's 404: refusals of every kind were seen.
    for (const status of [400, 401, 404, 409, 413, 415]) expect(statuses.get(status) ?? 0, `status ${status} in ${JSON.stringify([...statuses])}`).toBeGreaterThan(0);
    expect(await snapshot()).toBe(before);
  });
});
