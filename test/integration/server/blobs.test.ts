// Scans and signed PDFs as content-addressed blobs, on a real server listening on a real socket,
// with real files on both sides: a clerk's desk sends a file in chunks and gets it back by its
// hash; the server stores it only under its SHA-256, checks the hash it computes itself, answers a
// court that already holds the content without its bytes, and shows a court nothing of another's.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBlobClient } from '../../../src/main/services/blobs/blob-client';
import { blobPath } from '../../../src/server/blobs/blob-store';
import { loadServerConfig } from '../../../src/server/config';
import { createUploadResponseSchema, uploadStateSchema } from '../../../src/shared/schemas/blobs';
import { errorResponseSchema } from '../../../src/shared/schemas/server-api';
import { as, COURT_A, COURT_B, filesUnder, randomFile, sha256Of, startBlobServer, type BlobServer } from './blob-server';
import { tempDir } from './helpers';

const servers: BlobServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(env?: NodeJS.ProcessEnv): Promise<BlobServer> {
  const s = await startBlobServer(env ? { env } : {});
  servers.push(s);
  return s;
}

const clientFor = (s: BlobServer, courtId: string, deviceId: string) =>
  createBlobClient({ serverUrl: s.url, authHeaders: () => as(courtId, deviceId), retryDelayMs: () => 10 });

async function call(s: BlobServer, method: string, url: string, init: { headers?: Record<string, string>; body?: Buffer | string } = {}) {
  const body = init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) };
  const res = await fetch(`${s.url}${url}`, { method, headers: init.headers ?? {}, ...body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}

function typedError(r: { status: number; text: string }) {
  expect(r.status).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  return errorResponseSchema.strict().parse(JSON.parse(r.text)).error;
}

const json = { 'content-type': 'application/json' };
const octets = { 'content-type': 'application/octet-stream' };

async function createUpload(s: BlobServer, who: Record<string, string>, sha256: string, size: number) {
  const r = await call(s, 'POST', '/v1/blobs/uploads', { headers: { ...who, ...json }, body: JSON.stringify({ sha256, size }) });
  return { ...r, answer: r.status < 300 ? createUploadResponseSchema.parse(r.json()) : undefined };
}

describe('a file goes up and comes back', () => {
  it('uploads a few MB in chunks, stores it under its hash only, and downloads the same bytes', async () => {
    const s = await server();
    const { file, sha256 } = randomFile(3 * 1024 * 1024 + 12_345);
    const progress: number[] = [];
    const up = await clientFor(s, COURT_A, 'desk-1').upload(file, { onProgress: (done) => progress.push(done) });
    expect(up).toEqual({ sha256, size: 3 * 1024 * 1024 + 12_345, bytesSent: 3 * 1024 * 1024 + 12_345 });
    expect(progress.at(-1)).toBe(up.size);
    // 64 KiB chunks: the file went in many requests, and each is a recorded step.
    expect(progress.length).toBeGreaterThan(40);

    // On disk: only sha256/ab/cd/<hash>; no upload left behind.
    expect(filesUnder(s.config.blobs.dir)).toEqual([path.join('sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256)]);
    expect(sha256Of(blobPath(s.config.blobs.dir, sha256))).toBe(sha256);
    expect(await s.store.db.selectFrom('blob_uploads').selectAll().execute()).toEqual([]);

    const dest = path.join(tempDir(), 'scan.pdf');
    expect(await clientFor(s, COURT_A, 'desk-2').download(sha256, dest)).toEqual({ size: up.size });
    expect(sha256Of(dest)).toBe(sha256);
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['scan.pdf']);
  });

  it('an empty file is a blob too', async () => {
    const s = await server();
    const { file, sha256 } = randomFile(0);
    expect(await clientFor(s, COURT_A, 'desk-1').upload(file)).toEqual({ sha256, size: 0, bytesSent: 0 });
    const dest = path.join(tempDir(), 'empty');
    expect(await clientFor(s, COURT_A, 'desk-1').download(sha256, dest)).toEqual({ size: 0 });
    expect(fs.readFileSync(dest).length).toBe(0);
  });

  it('a second upload of content the court holds is answered at once, without its bytes', async () => {
    const s = await server();
    const { file, sha256 } = randomFile(200_000);
    await clientFor(s, COURT_A, 'desk-1').upload(file);
    const again = await createUpload(s, as(COURT_A, 'desk-2'), sha256, 200_000);
    expect(again.status).toBe(200);
    expect(again.answer).toEqual({ state: 'complete', sha256, size: 200_000 });
    expect(await clientFor(s, COURT_A, 'desk-2').upload(file)).toEqual({ sha256, size: 200_000, bytesSent: 0 });
  });

  it('serves ranges (206) with the hash as ETag, 304 for the tag the client holds, 416 past the end', async () => {
    const s = await server();
    const { file, sha256, bytes } = randomFile(100_000);
    await clientFor(s, COURT_A, 'desk-1').upload(file);
    const who = as(COURT_A, 'desk-1');

    const whole = await fetch(`${s.url}/v1/blobs/${sha256}`, { headers: who });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('etag')).toBe(`"${sha256}"`);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-length')).toBe('100000');
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

    const mid = await fetch(`${s.url}/v1/blobs/${sha256}`, { headers: { ...who, range: 'bytes=1000-1999' } });
    expect(mid.status).toBe(206);
    expect(mid.headers.get('content-range')).toBe('bytes 1000-1999/100000');
    expect(Buffer.from(await mid.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);

    const tail = await fetch(`${s.url}/v1/blobs/${sha256}`, { headers: { ...who, range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(99_990))).toBe(true);

    const from = await fetch(`${s.url}/v1/blobs/${sha256}`, { headers: { ...who, range: 'bytes=99000-' } });
    expect(from.headers.get('content-range')).toBe('bytes 99000-99999/100000');
    expect((await from.arrayBuffer()).byteLength).toBe(1000);

    // If-Range naming another version: the whole blob, not a piece of something else.
    const otherTag = await fetch(`${s.url}/v1/blobs/${sha256}`, { headers: { ...who, range: 'bytes=10-19', 'if-range': '"other"' } });
    expect(otherTag.status).toBe(200);
    await otherTag.arrayBuffer();

    const past = await call(s, 'GET', `/v1/blobs/${sha256}`, { headers: { ...who, range: 'bytes=100000-' } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */100000');
    expect(typedError(past).i18nKey).toBe('errors.blobs.rangeNotSatisfiable');

    const cached = await fetch(`${s.url}/v1/blobs/${sha256}`, { headers: { ...who, 'if-none-match': `"${sha256}"` } });
    expect(cached.status).toBe(304);

    const head = await fetch(`${s.url}/v1/blobs/${sha256}`, { method: 'HEAD', headers: who });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('100000');
  });

  it('a download that was cut goes on from the bytes already on disk, and a wrong partial file is never renamed into place', async () => {
    const s = await server();
    const { file, sha256, bytes } = randomFile(300_000);
    await clientFor(s, COURT_A, 'desk-1').upload(file);
    const dir = tempDir();
    const dest = path.join(dir, 'judgment.pdf');
    const partial = path.join(dir, `.judgment.pdf.${sha256.slice(0, 16)}.download`);

    // What a cut download leaves: the first bytes, under the partial name.
    fs.writeFileSync(partial, bytes.subarray(0, 123_456));
    const seen: number[] = [];
    await clientFor(s, COURT_A, 'desk-1').download(sha256, dest, { onProgress: (done) => seen.push(done) });
    expect(seen[0]).toBe(123_456);
    expect(sha256Of(dest)).toBe(sha256);
    expect(fs.existsSync(partial)).toBe(false);

    // A partial file that is not this blob's beginning: the hash check fails, nothing is renamed.
    const dest2 = path.join(dir, 'other.pdf');
    const partial2 = path.join(dir, `.other.pdf.${sha256.slice(0, 16)}.download`);
    fs.writeFileSync(partial2, Buffer.alloc(1000, 7));
    await expect(clientFor(s, COURT_A, 'desk-1').download(sha256, dest2)).rejects.toMatchObject({ code: 'BLOB_HASH_MISMATCH', i18nKey: 'errors.blobs.downloadHashMismatch' });
    expect(fs.existsSync(dest2)).toBe(false);
    expect(fs.existsSync(partial2)).toBe(false);
    // The next try starts clean and succeeds.
    await clientFor(s, COURT_A, 'desk-1').download(sha256, dest2);
    expect(sha256Of(dest2)).toBe(sha256);
  });
});

describe('what the server refuses', () => {
  it('content that does not match its declared hash: 422, the upload and its parts are deleted, nothing stored', async () => {
    const s = await server();
    const { bytes } = randomFile(100_000);
    const declared = 'ab'.repeat(32);
    const who = as(COURT_A, 'desk-1');
    const created = await createUpload(s, who, declared, bytes.length);
    expect(created.status).toBe(201);
    const { uploadId } = uploadStateSchema.parse(created.answer);
    for (let offset = 0; offset < bytes.length; offset += 65_536) {
      const r = await call(s, 'PATCH', `/v1/blobs/uploads/${uploadId}?offset=${offset}`, { headers: { ...who, ...octets }, body: bytes.subarray(offset, offset + 65_536) });
      expect(r.status).toBe(200);
    }
    const done = await call(s, 'POST', `/v1/blobs/uploads/${uploadId}/complete`, { headers: who });
    expect(done.status).toBe(422);
    expect(typedError(done)).toMatchObject({ code: 'BLOB_HASH_MISMATCH', i18nKey: 'errors.blobs.hashMismatch' });
    expect((await call(s, 'GET', `/v1/blobs/uploads/${uploadId}`, { headers: who })).status).toBe(404);
    expect(filesUnder(s.config.blobs.dir)).toEqual([]);
    expect(await s.store.db.selectFrom('blob_upload_chunks').selectAll().execute()).toEqual([]);
    expect(await s.store.db.selectFrom('blobs').selectAll().execute()).toEqual([]);
  });

  it('a chunk at the wrong offset is refused with the offset the server expects; completing early says what is missing', async () => {
    const s = await server();
    const { sha256, bytes } = randomFile(100_000);
    const who = as(COURT_A, 'desk-1');
    const { uploadId } = uploadStateSchema.parse((await createUpload(s, who, sha256, bytes.length)).answer);
    const patch = (offset: number, body: Buffer) => call(s, 'PATCH', `/v1/blobs/uploads/${uploadId}?offset=${offset}`, { headers: { ...who, ...octets }, body });

    const ahead = await patch(50_000, bytes.subarray(50_000, 60_000));
    expect(ahead.status).toBe(409);
    expect(typedError(ahead)).toMatchObject({ code: 'UPLOAD_OFFSET_MISMATCH', i18nKey: 'errors.blobs.offsetMismatch', params: { offset: 50_000, expectedOffset: 0 } });

    expect((await patch(0, bytes.subarray(0, 30_000))).json()).toEqual({ offset: 30_000 });
    // The same chunk sent twice (a retry whose answer was lost): refused, nothing written twice.
    const replay = await patch(0, bytes.subarray(0, 30_000));
    expect(typedError(replay).params).toMatchObject({ expectedOffset: 30_000 });

    const early = await call(s, 'POST', `/v1/blobs/uploads/${uploadId}/complete`, { headers: who });
    expect(early.status).toBe(409);
    expect(typedError(early)).toMatchObject({ code: 'UPLOAD_OFFSET_MISMATCH', i18nKey: 'errors.blobs.uploadIncomplete', params: { expectedOffset: 30_000, size: 100_000 } });

    expect(uploadStateSchema.parse((await call(s, 'GET', `/v1/blobs/uploads/${uploadId}`, { headers: who })).json()).offset).toBe(30_000);
    expect(await s.store.db.selectFrom('blob_upload_chunks').select(['starts_at', 'bytes']).execute()).toEqual([{ starts_at: 0, bytes: 30_000 }]);
  });

  it('sizes: a blob over the limit, a chunk over the chunk size, and bytes beyond the declared size are 413 and write nothing', async () => {
    const s = await server({ MAHKAMA_SERVER_BLOB_MAX_BYTES: '1000000' });
    const who = as(COURT_A, 'desk-1');
    const tooBig = await createUpload(s, who, 'cd'.repeat(32), 1_000_001);
    expect(typedError(tooBig)).toMatchObject({ code: 'TOO_LARGE', i18nKey: 'errors.blobs.tooLarge', params: { limit: 1_000_000 } });

    const { sha256, bytes } = randomFile(100_000);
    const { uploadId } = uploadStateSchema.parse((await createUpload(s, who, sha256, bytes.length)).answer);
    const overChunk = await call(s, 'PATCH', `/v1/blobs/uploads/${uploadId}?offset=0`, { headers: { ...who, ...octets }, body: bytes.subarray(0, 65_537) });
    expect(overChunk.status).toBe(413);
    expect(typedError(overChunk)).toMatchObject({ code: 'TOO_LARGE', i18nKey: 'errors.blobs.chunkTooLarge', params: { limit: 65_536 } });

    // A chunk sent as another type — JSON that the server would parse, or text — is 415: not the raw bytes a chunk is.
    for (const type of ['application/json', 'text/plain']) {
      const typed = await call(s, 'PATCH', `/v1/blobs/uploads/${uploadId}?offset=0`, { headers: { ...who, 'content-type': type }, body: Buffer.from('{}') });
      expect(typed.status, type).toBe(415);
    }
    const asJson = await call(s, 'PATCH', `/v1/blobs/uploads/${uploadId}?offset=0`, { headers: { ...who, ...json }, body: Buffer.from('{}') });
    expect(typedError(asJson)).toMatchObject({ code: 'MALFORMED_REQUEST', i18nKey: 'errors.blobs.chunkMediaType' });
    await call(s, 'PATCH', `/v1/blobs/uploads/${uploadId}?offset=0`, { headers: { ...who, ...octets }, body: bytes.subarray(0, 65_536) });
    const beyond = await call(s, 'PATCH', `/v1/blobs/uploads/${uploadId}?offset=65536`, { headers: { ...who, ...octets }, body: Buffer.alloc(40_000) });
    expect(typedError(beyond)).toMatchObject({ code: 'TOO_LARGE', i18nKey: 'errors.blobs.beyondSize', params: { size: 100_000 } });

    // Without a Content-Length (chunked transfer), the bytes are counted as they come.
    const streamed = await fetch(`${s.url}/v1/blobs/uploads/${uploadId}?offset=65536`, {
      method: 'PATCH',
      headers: { ...who, ...octets },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(10_000));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(typedError({ status: streamed.status, text: await streamed.text() }).i18nKey).toBe('errors.blobs.beyondSize');

    expect(uploadStateSchema.parse((await call(s, 'GET', `/v1/blobs/uploads/${uploadId}`, { headers: who })).json()).offset).toBe(65_536);
    expect(filesUnder(path.join(s.config.blobs.dir, 'uploads', uploadId))).toHaveLength(1);
  });

  it('the chunk size cannot exceed the body limit, and defaults to it', () => {
    expect(() => loadServerConfig({ MAHKAMA_SERVER_BODY_LIMIT_BYTES: '100000', MAHKAMA_SERVER_BLOB_CHUNK_BYTES: '200000' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', fields: [expect.objectContaining({ path: ['MAHKAMA_SERVER_BLOB_CHUNK_BYTES'] })] }),
    );
    const config = loadServerConfig({ MAHKAMA_SERVER_BODY_LIMIT_BYTES: '100000', MAHKAMA_SERVER_DATA_DIR: '/srv/mahkama' });
    expect(config.blobs).toEqual({ dir: '/srv/mahkama/blobs', maxBlobBytes: 512 * 1024 * 1024, chunkBytes: 100_000, maxOpenUploadsPerDevice: 8, uploadExpiryMs: 24 * 3600 * 1000 });
  });

  it('a device has a limited number of uploads open; continuing one does not count again', async () => {
    const s = await server({ MAHKAMA_SERVER_BLOB_MAX_OPEN_UPLOADS: '2' });
    const who = as(COURT_A, 'desk-1');
    expect((await createUpload(s, who, '01'.repeat(32), 10)).status).toBe(201);
    expect((await createUpload(s, who, '02'.repeat(32), 10)).status).toBe(201);
    expect((await createUpload(s, who, '01'.repeat(32), 10)).status).toBe(201);
    const third = await createUpload(s, who, '03'.repeat(32), 10);
    expect(third.status).toBe(429);
    expect(typedError(third)).toMatchObject({ code: 'TOO_MANY_UPLOADS', params: { limit: 2 } });
    expect((await createUpload(s, as(COURT_A, 'desk-2'), '03'.repeat(32), 10)).status).toBe(201);
  });

  it('paths come only from validated hashes and ids: traversal and malformed names are typed 4xx and touch no file', async () => {
    const s = await server();
    const { file, sha256 } = randomFile(1000);
    await clientFor(s, COURT_A, 'desk-1').upload(file);
    const before = filesUnder(path.dirname(s.config.blobs.dir));
    const who = as(COURT_A, 'desk-1');
    const attempts: [string, string][] = [
      ['GET', '/v1/blobs/..%2F..%2Fmahkama-server.db'],
      ['GET', '/v1/blobs/../../mahkama-server.db'],
      ['GET', `/v1/blobs/${sha256.toUpperCase()}`],
      ['GET', `/v1/blobs/${sha256.slice(0, 63)}`],
      ['GET', `/v1/blobs/${sha256}0`],
      ['GET', `/v1/blobs/${sha256.slice(0, 62)}%2F`],
      ['GET', '/v1/blobs/%00'],
      ['GET', '/v1/blobs/uploads/..%2F..%2Fsha256'],
      ['GET', '/v1/blobs/uploads/00000000-0000-0000-0000-00000000000G'],
      ['PATCH', '/v1/blobs/uploads/..%2Fx?offset=0'],
      ['PATCH', '/v1/blobs/uploads/6f1c2a8e-0000-4000-8000-000000000000?offset=-1'],
      ['PATCH', '/v1/blobs/uploads/6f1c2a8e-0000-4000-8000-000000000000?offset=01'],
      ['PATCH', '/v1/blobs/uploads/6f1c2a8e-0000-4000-8000-000000000000?offset=1e3'],
      ['PATCH', '/v1/blobs/uploads/6f1c2a8e-0000-4000-8000-000000000000'],
      ['POST', '/v1/blobs/uploads/..%2F..%2F/complete'],
      ['DELETE', '/v1/blobs/uploads/%2E%2E'],
    ];
    for (const [method, url] of attempts) {
      const r = await call(s, method, url, { headers: { ...who, ...(method === 'PATCH' ? octets : {}) }, ...(method === 'PATCH' ? { body: Buffer.from('x') } : {}) });
      expect(typedError(r), `${method} ${url}`).toBeDefined();
    }
    for (const bad of ['../../../../etc/passwd', sha256.toUpperCase(), `${sha256}\n`, '', 'z'.repeat(64)]) {
      const r = await createUpload(s, who, bad, 10);
      expect(typedError(r).code).toBe('VALIDATION_FAILED');
    }
    expect(filesUnder(path.dirname(s.config.blobs.dir))).toEqual(before);
  });

  it('no device, no access: 401 before a chunk is read', async () => {
    const s = await server();
    const { sha256 } = randomFile(10);
    const { uploadId } = uploadStateSchema.parse((await createUpload(s, as(COURT_A, 'desk-1'), sha256, 10)).answer);
    const r = await call(s, 'PATCH', `/v1/blobs/uploads/${uploadId}?offset=0`, { headers: octets, body: Buffer.alloc(10) });
    expect(typedError(r).code).toBe('NOT_AUTHENTICATED');
    expect(r.status).toBe(401);
    expect(filesUnder(path.join(s.config.blobs.dir, 'uploads'))).toEqual([]);
    expect(typedError(await call(s, 'GET', `/v1/blobs/${sha256}`)).code).toBe('NOT_AUTHENTICATED');
  });
});

describe('courts see only their own blobs', () => {
  it("another court's blob is 404, exactly as one that does not exist; the hash alone gives nothing away", async () => {
    const s = await server();
    const { file, sha256 } = randomFile(50_000);
    await clientFor(s, COURT_A, 'desk-a').upload(file);

    const other = await call(s, 'GET', `/v1/blobs/${sha256}`, { headers: as(COURT_B, 'desk-b') });
    const none = await call(s, 'GET', `/v1/blobs/${'0'.repeat(64)}`, { headers: as(COURT_B, 'desk-b') });
    expect(other.status).toBe(404);
    expect(other.text).toBe(none.text);
    expect(typedError(other)).toEqual({ code: 'NOT_FOUND', i18nKey: 'errors.blobs.notFound' });

    // Court B declaring the hash is not told the blob exists: it must send the bytes.
    const created = await createUpload(s, as(COURT_B, 'desk-b'), sha256, 50_000);
    expect(created.status).toBe(201);
    expect(created.answer).toMatchObject({ state: 'open', offset: 0 });
    // A device of court B cannot see or feed court A's uploads either.
    const { uploadId } = uploadStateSchema.parse(created.answer);
    expect(typedError(await call(s, 'GET', `/v1/blobs/uploads/${uploadId}`, { headers: as(COURT_A, 'desk-a') })).i18nKey).toBe('errors.blobs.uploadNotFound');

    // Once it has sent them, court B holds the blob too; the file is stored once.
    expect((await clientFor(s, COURT_B, 'desk-b').upload(file)).bytesSent).toBe(50_000);
    const dest = path.join(tempDir(), 'b.bin');
    await clientFor(s, COURT_B, 'desk-b').download(sha256, dest);
    expect(sha256Of(dest)).toBe(sha256);
    expect(filesUnder(s.config.blobs.dir)).toHaveLength(1);
    expect((await s.store.db.selectFrom('blob_courts').select(['court_id', 'device_id']).orderBy('court_id').execute())).toEqual([
      { court_id: COURT_A, device_id: 'desk-a' },
      { court_id: COURT_B, device_id: 'desk-b' },
    ]);
  });
});

describe('the same content sent twice at once', () => {
  it('by two devices of a court, by one device twice, and by two courts: every upload succeeds, one file is stored', async () => {
    const s = await server();
    const { file, sha256 } = randomFile(700_000);
    const results = await Promise.all([
      clientFor(s, COURT_A, 'desk-1').upload(file),
      clientFor(s, COURT_A, 'desk-2').upload(file),
      clientFor(s, COURT_A, 'desk-2').upload(file),
      clientFor(s, COURT_B, 'desk-3').upload(file),
    ]);
    for (const r of results) expect(r).toMatchObject({ sha256, size: 700_000 });
    expect(filesUnder(s.config.blobs.dir)).toEqual([path.join('sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256)]);
    expect(sha256Of(blobPath(s.config.blobs.dir, sha256))).toBe(sha256);
    expect(await s.store.db.selectFrom('blob_uploads').selectAll().execute()).toEqual([]);
    expect((await s.store.db.selectFrom('blob_courts').select('court_id').orderBy('court_id').execute()).map((r) => r.court_id)).toEqual([COURT_A, COURT_B]);
  });
});

describe('abandoned uploads', () => {
  it('expire after the configured time with their parts; strays no upload owns are removed; a live upload stays', async () => {
    const s = await server({ MAHKAMA_SERVER_BLOB_UPLOAD_EXPIRY_HOURS: '1' });
    const who = as(COURT_A, 'desk-1');
    const old = randomFile(100_000);
    const { uploadId: oldId } = uploadStateSchema.parse((await createUpload(s, who, old.sha256, 100_000)).answer);
    await call(s, 'PATCH', `/v1/blobs/uploads/${oldId}?offset=0`, { headers: { ...who, ...octets }, body: old.bytes.subarray(0, 40_000) });

    // A folder left by a process that died after deleting its upload's row, aged two hours.
    const stray = path.join(s.config.blobs.dir, 'uploads', '11111111-2222-4333-8444-555555555555');
    fs.mkdirSync(stray);
    fs.writeFileSync(path.join(stray, '0-x.chunk'), 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    fs.utimesSync(stray, twoHoursAgo, twoHoursAgo);

    // Nothing is old enough yet.
    expect(await s.blobs.expireUploads(new Date())).toEqual({ expired: 0, strays: 1 });
    expect(fs.existsSync(stray)).toBe(false);
    expect((await call(s, 'GET', `/v1/blobs/uploads/${oldId}`, { headers: who })).status).toBe(200);

    // Ninety minutes on, with a new upload started just now.
    const fresh = randomFile(10);
    const later = new Date(Date.now() + 90 * 60 * 1000);
    await s.store.db.updateTable('blob_uploads').set({ touched_at: new Date(Date.now() - 90 * 60 * 1000).toISOString() }).execute();
    const { uploadId: freshId } = uploadStateSchema.parse((await createUpload(s, who, fresh.sha256, 10)).answer);
    expect(await s.blobs.expireUploads(new Date())).toEqual({ expired: 1, strays: 0 });
    expect((await call(s, 'GET', `/v1/blobs/uploads/${oldId}`, { headers: who })).status).toBe(404);
    expect(fs.existsSync(path.join(s.config.blobs.dir, 'uploads', oldId))).toBe(false);
    expect(await s.store.db.selectFrom('blob_upload_chunks').selectAll().execute()).toEqual([]);
    expect((await call(s, 'GET', `/v1/blobs/uploads/${freshId}`, { headers: who })).status).toBe(200);
    expect((await s.blobs.expireUploads(later)).expired).toBe(1);
  });

  it('a cancelled upload is gone with its parts', async () => {
    const s = await server();
    const who = as(COURT_A, 'desk-1');
    const f = randomFile(1000);
    const { uploadId } = uploadStateSchema.parse((await createUpload(s, who, f.sha256, 1000)).answer);
    await call(s, 'PATCH', `/v1/blobs/uploads/${uploadId}?offset=0`, { headers: { ...who, ...octets }, body: f.bytes.subarray(0, 500) });
    expect((await call(s, 'DELETE', `/v1/blobs/uploads/${uploadId}`, { headers: as(COURT_A, 'desk-2') })).status).toBe(404);
    expect((await call(s, 'DELETE', `/v1/blobs/uploads/${uploadId}`, { headers: who })).status).toBe(204);
    expect(filesUnder(s.config.blobs.dir)).toEqual([]);
  });
});

describe('OpenAPI', () => {
  it('documents the blob routes from their schemas', async () => {
    const s = await server();
    const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/v1/blobs')).sort()).toEqual([
      '/v1/blobs/uploads',
      '/v1/blobs/uploads/{uploadId}',
      '/v1/blobs/uploads/{uploadId}/complete',
      '/v1/blobs/{sha256}',
    ]);
    expect(Object.keys(doc.paths['/v1/blobs/uploads/{uploadId}']!).sort()).toEqual(['delete', 'get', 'patch']);
  });
});
