// A scan reaches the other desks of its court (issues 8 item 7, 9 item 1), on a real server process
// and real desk files: the desk that scanned a petition sends its file after the record, a second
// desk that pulled the record fetches the file, checked against its SHA-256, and is told so it can
// read it; a file the server does not hold yet is "not yet available", not an error; a desk of
// another court gets nothing; a file deleted before it went up, a byte flipped on the way up or
// down, and a server that refuses the size each leave a typed problem and the record untouched.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { cleanup, clientOf, deskOf, fileAScan, sync, tempDir, type Desk } from './document-files-stage';
import { freePort, killServer, prepareServerCourt, startServer, type ServerProcess } from './http-stage';

afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/**
 * A TCP proxy that flips one byte of the stream going `direction`, `at` bytes after the first
 * request it sees of `marker` (a PATCH going up, a GET of a blob coming down), once.
 */
async function flippingProxy(targetPort: number, direction: 'up' | 'down', marker: string, at: number) {
  let armed = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let counting = false;
    let seen = 0;
    client.on('data', (data: Buffer) => {
      if (armed && !counting && data.toString('latin1').includes(marker)) counting = true;
      if (direction === 'up') data = flip(data);
      upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => {
      if (direction === 'down') data = flip(data);
      client.write(data);
    });
    function flip(data: Buffer): Buffer {
      if (!armed || !counting) return data;
      if (seen + data.length > at) {
        const copy = Buffer.from(data);
        copy[at - seen] = copy[at - seen]! ^ 0xff;
        armed = false;
        return copy;
      }
      seen += data.length;
      return data;
    }
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('end', () => b.end());
      a.on('error', () => b.destroy());
      a.on('close', () => sockets.delete(a));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get flipped() {
      return !armed;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('document files between the desks of a court', () => {
  let server: ServerProcess;
  let scanner: Desk;
  let other: Desk;
  let foreign: Desk;
  let serverDir: string;

  beforeAll(async () => {
    serverDir = tempDir('mahkama-files-server-');
    const court = await prepareServerCourt(serverDir, 2);
    const courtB = await prepareServerCourt(serverDir, 1, { code: 'TPI-FES', suffix: '.fes' });
    // Small chunks: a file goes up in many requests, as a scan on a slow line does.
    server = await startServer(serverDir, await freePort(), { MAHKAMA_SERVER_BLOB_CHUNK_BYTES: String(64 * 1024) });
    cleanup.push(() => killServer(server));
    scanner = await deskOf(server.url, court, court.codes[0]!, 'greffe-1');
    other = await deskOf(server.url, court, court.codes[1]!, 'greffe-2');
    foreign = await deskOf(server.url, courtB, courtB.codes[0]!, 'greffe-fes');
    for (const d of [scanner, other, foreign]) await sync(d, server.url);
  }, 120_000);

  it('the scanning desk sends the file after the record; the other desk fetches it, verified, and is told', async () => {
    const { documentId, sha, bytes } = await fileAScan(scanner, 300_000);
    // Attached, not yet seen by a pass: already counted as waiting to go up.
    expect(await scanner.files.counts()).toEqual({ toUpload: 1, toFetch: 0, problems: 0 });
    await sync(scanner, server.url);
    await sync(other, server.url);
    expect(await other.files.counts()).toEqual({ toUpload: 0, toFetch: 1, problems: 0 });

    // Before the scanner sends it, the other desk is told "not yet", and nothing breaks.
    const early = await other.files.pass(clientOf(other, server.url));
    expect(early).toMatchObject({ fetched: 0, problems: 1, offline: false });
    expect(await other.files.ensure(documentId, clientOf(other, server.url))).toEqual({ state: 'notYetAvailable' });
    expect(await other.files.counts()).toEqual({ toUpload: 0, toFetch: 1, problems: 0 });
    expect(fs.existsSync(other.files.store.pathOf(sha))).toBe(false);

    const up = await scanner.files.pass(clientOf(scanner, server.url));
    expect(up).toEqual({ uploaded: 1, bytesSent: 300_000, fetched: 0, problems: 0, offline: false });
    expect(await scanner.files.counts()).toEqual({ toUpload: 0, toFetch: 0, problems: 0 });
    // Sent once: a second pass has nothing to do.
    expect(await scanner.files.pass(clientOf(scanner, server.url))).toEqual({ uploaded: 0, bytesSent: 0, fetched: 0, problems: 0, offline: false });

    const down = await other.files.pass(clientOf(other, server.url));
    expect(down).toMatchObject({ fetched: 1, problems: 0 });
    expect(fs.readFileSync(other.files.store.pathOf(sha)).equals(bytes)).toBe(true);
    expect(other.arrived).toEqual([sha]);
    expect(await other.files.counts()).toEqual({ toUpload: 0, toFetch: 0, problems: 0 });
    expect(await other.files.ensure(documentId, clientOf(other, server.url))).toEqual({ state: 'here', fetched: false });
    // Nothing left beside it: no partial download in the store.
    expect(fs.readdirSync(path.dirname(other.files.store.pathOf(sha)))).toEqual([sha]);
  });

  it('opening a document fetches its file on demand', async () => {
    const { documentId, sha, bytes } = await fileAScan(scanner, 70_000);
    await sync(scanner, server.url);
    await scanner.files.pass(clientOf(scanner, server.url));
    await sync(other, server.url);
    expect(await other.files.ensure(documentId, null)).toEqual({ state: 'unreachable', error: null });
    expect(await other.files.ensure(documentId, clientOf(other, server.url))).toEqual({ state: 'here', fetched: true });
    expect(fs.readFileSync(other.files.store.pathOf(sha)).equals(bytes)).toBe(true);
    expect(other.arrived).toContain(sha);
    await expect(other.files.ensure('01900000-0000-7000-8000-0000000fffff', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("a desk of another court cannot fetch this court's file: answered as if it did not exist", async () => {
    const { sha } = await fileAScan(scanner, 20_000);
    await sync(scanner, server.url);
    await scanner.files.pass(clientOf(scanner, server.url));
    const dest = path.join(foreign.dataDir, 'stolen.pdf');
    const err = await clientOf(foreign, server.url).download(sha, dest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', i18nKey: 'errors.blobs.notFound' });
    expect(fs.readdirSync(foreign.dataDir).filter((f) => f.includes('stolen'))).toEqual([]);
    // And its own pulls never brought the record either.
    await sync(foreign, server.url);
    expect(await foreign.desk.db.selectFrom('documents').selectAll().execute()).toEqual([]);
  });

  it('a byte flipped on the way up is refused by the server and sent again; one flipped on the way down is never placed', async () => {
    const { sha, bytes } = await fileAScan(scanner, 200_000);
    await sync(scanner, server.url);
    const upProxy = await flippingProxy(Number(new URL(server.url).port), 'up', 'PATCH /v1/blobs/uploads/', 5_000);
    const spoiled = await scanner.files.pass(clientOf(scanner, upProxy.url));
    await upProxy.close();
    expect(upProxy.flipped).toBe(true);
    expect(spoiled).toMatchObject({ uploaded: 0, problems: 1 });
    expect(await scanner.desk.db.selectFrom('document_files').select('problem').where('sha256', '=', sha).executeTakeFirstOrThrow()).toEqual({ problem: 'hashMismatch' });
    // Not the clerk's worry: it clears itself on the next pass.
    expect(await scanner.files.counts()).toMatchObject({ toUpload: 1 });
    expect(await scanner.files.pass(clientOf(scanner, server.url))).toMatchObject({ uploaded: 1, bytesSent: 200_000 });

    await sync(other, server.url);
    const downProxy = await flippingProxy(Number(new URL(server.url).port), 'down', `GET /v1/blobs/${sha}`, 50_000);
    const bad = await other.files.pass(clientOf(other, downProxy.url));
    await downProxy.close();
    expect(downProxy.flipped).toBe(true);
    expect(bad).toMatchObject({ problems: 1 });
    expect(fs.existsSync(other.files.store.pathOf(sha))).toBe(false);
    expect(fs.existsSync(path.dirname(other.files.store.pathOf(sha))) ? fs.readdirSync(path.dirname(other.files.store.pathOf(sha))).filter((f) => f.includes(sha.slice(0, 16))) : []).toEqual([]);
    expect(await other.desk.db.selectFrom('document_files').select('problem').where('sha256', '=', sha).executeTakeFirstOrThrow()).toEqual({ problem: 'hashMismatch' });
    expect(await other.files.pass(clientOf(other, server.url))).toMatchObject({ problems: 0 });
    expect(fs.readFileSync(other.files.store.pathOf(sha)).equals(bytes)).toBe(true);
  });

  it('a server that cannot be reached ends the pass as offline, with nothing recorded against the file', async () => {
    const { sha } = await fileAScan(scanner, 5_000);
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    expect(await scanner.files.pass(clientOf(scanner, nowhere))).toMatchObject({ uploaded: 0, problems: 0, offline: true });
    expect(await scanner.desk.db.selectFrom('document_files').select(['problem', 'tries']).where('sha256', '=', sha).executeTakeFirstOrThrow()).toEqual({ problem: null, tries: 0 });
    expect(await scanner.files.pass(clientOf(scanner, server.url))).toMatchObject({ offline: false, problems: 0 });
    expect(await scanner.desk.db.selectFrom('document_files').select(['problem', 'uploaded_at']).where('sha256', '=', sha).executeTakeFirstOrThrow()).toMatchObject({ problem: null, uploaded_at: expect.any(String) });
  });

  it('a file deleted from the store before it went up: a typed problem for the clerk, the record kept', async () => {
    const { documentId, sha } = await fileAScan(scanner, 10_000);
    fs.rmSync(scanner.files.store.pathOf(sha));
    const pass = await scanner.files.pass(clientOf(scanner, server.url));
    expect(pass).toMatchObject({ uploaded: 0, problems: 1, offline: false });
    expect(await scanner.files.counts()).toMatchObject({ problems: 1 });
    const row = await scanner.desk.db.selectFrom('document_files').selectAll().where('sha256', '=', sha).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ problem: 'fileMissing', held_here: 1, uploaded_at: null });
    expect(await scanner.files.ensure(documentId, clientOf(scanner, server.url))).toEqual({ state: 'missing' });
    expect(await scanner.files.ensure(documentId, null)).toEqual({ state: 'missing' });
    // The record stays, and still syncs.
    expect(await scanner.desk.db.selectFrom('documents').select('id').where('id', '=', documentId).executeTakeFirst()).toEqual({ id: documentId });
    const round = await sync(scanner, server.url);
    expect(round.outcomes.rejected).toBe(0);
  });
});

describe('a server that refuses the file', () => {
  it('too large for its limit: a typed problem with the server\'s code, the document kept, nothing on the server', async () => {
    const serverDir = tempDir('mahkama-files-small-server-');
    const court = await prepareServerCourt(serverDir, 1);
    const server = await startServer(serverDir, await freePort(), { MAHKAMA_SERVER_BLOB_MAX_BYTES: '4096' });
    cleanup.push(() => killServer(server));
    const d = await deskOf(server.url, court, court.codes[0]!, 'greffe-1');
    await sync(d, server.url);
    const { documentId, sha } = await fileAScan(d, 50_000);
    await sync(d, server.url);
    expect(await d.files.pass(clientOf(d, server.url))).toMatchObject({ uploaded: 0, problems: 1, offline: false });
    expect(await d.desk.db.selectFrom('document_files').select(['problem', 'problem_code', 'uploaded_at']).where('sha256', '=', sha).executeTakeFirstOrThrow()).toEqual({
      problem: 'refused',
      problem_code: 'TOO_LARGE',
      uploaded_at: null,
    });
    expect(await d.files.counts()).toEqual({ toUpload: 1, toFetch: 0, problems: 1 });
    expect(await d.desk.db.selectFrom('documents').select('id').where('id', '=', documentId).executeTakeFirst()).toEqual({ id: documentId });
    expect(fs.existsSync(d.files.store.pathOf(sha))).toBe(true);
  });
});
