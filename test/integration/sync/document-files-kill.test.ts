// Kill -9 while a document file moves (issue 8: "a network cut mid-upload resumes the blob from
// where it stopped"), on real processes and real files: the desk's file pass runs in a process of
// its own, paced so the kill lands mid-transfer. Killed mid-upload, the next pass sends only what
// the server lacks and the server holds the exact bytes; killed mid-download, the partial file is
// never taken for the document's file, and the next pass asks only for the rest and verifies it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerStore, type ServerStore } from '../../../src/server/store';
import { serverStoreConfig } from '../../helpers/server-database';
import { cleanup, clientOf, deskOf, fileAScan, sync, tempDir, type Desk } from './document-files-stage';
import { freePort, killServer, prepareServerCourt, startServer, type ServerProcess } from './http-stage';
import { entryArgs } from '../../helpers/entries';

const REPO = path.resolve(import.meta.dirname, '../../..');
const SIZE = 1_500_000;
const PACE = 256 * 1024;

afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/**
 * Runs the desk's file pass in a child process and kills it (SIGKILL) as soon as `moved()` says
 * part of the file has gone (polled: a fixed delay would miss the transfer on a loaded machine).
 */
function killedPass(d: Desk, serverUrl: string, moved: () => Promise<boolean>): Promise<string> {
  const args = { file: d.desk.file, dataDir: d.dataDir, serverUrl, token: d.token, bytesPerSecond: PACE };
  const child = spawn(process.execPath, [...entryArgs('file-pass'), JSON.stringify(args)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let watching = false;
  const watch = async () => {
    const deadline = Date.now() + 60_000;
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline && !(await moved())) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGKILL');
  };
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.includes('moving\n') && !watching) {
      watching = true;
      void watch();
    }
  });
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(`${signal ?? code}: ${out.trim()}`)));
}

describe('kill -9 mid-transfer', () => {
  let server: ServerProcess;
  let scanner: Desk;
  let other: Desk;
  let serverStore: ServerStore;

  beforeAll(async () => {
    const serverDir = tempDir('mahkama-files-kill-server-');
    const court = await prepareServerCourt(serverDir, 2);
    // Chunks of 64 KiB: an upload is many requests, so a kill falls between and within them.
    server = await startServer(serverDir, await freePort(), { MAHKAMA_SERVER_BLOB_CHUNK_BYTES: String(64 * 1024) });
    cleanup.push(() => killServer(server));
    serverStore = await openServerStore(await serverStoreConfig(serverDir));
    cleanup.push(() => serverStore.close());
    scanner = await deskOf(server.url, court, court.codes[0]!, 'greffe-1');
    other = await deskOf(server.url, court, court.codes[1]!, 'greffe-2');
    await sync(scanner, server.url);
    await sync(other, server.url);
  }, 120_000);

  it('killed mid-upload, then mid-download: each resumes from where it stopped, and the bytes are exact', async () => {
    const { sha, bytes } = await fileAScan(scanner, SIZE);
    await sync(scanner, server.url);

    // Killed once the server holds part of it (about 6 s for all of it at 256 KiB/s).
    const up = await killedPass(scanner, server.url, async () => {
      const open = await serverStore.db.selectFrom('blob_uploads').select('received').where('sha256', '=', sha).executeTakeFirst();
      return open !== undefined && Number(open.received) > 0;
    });
    expect(up).toMatch(/^SIGKILL/);
    expect(await scanner.desk.db.selectFrom('document_files').select('uploaded_at').where('sha256', '=', sha).executeTakeFirstOrThrow()).toEqual({ uploaded_at: null });
    const resumed = await scanner.files.pass(clientOf(scanner, server.url));
    expect(resumed).toMatchObject({ uploaded: 1, problems: 0 });
    // Only the rest went up: the chunks the killed process sent were kept by the server.
    expect(resumed.bytesSent).toBeGreaterThan(0);
    expect(resumed.bytesSent).toBeLessThan(SIZE);

    await sync(other, server.url);
    const dest = other.files.store.pathOf(sha);
    const partial = path.join(path.dirname(dest), `.${sha}.${sha.slice(0, 16)}.download`);
    const down = await killedPass(other, server.url, async () => fs.existsSync(partial) && fs.statSync(partial).size > 0);
    expect(down).toMatch(/^SIGKILL/);
    expect(fs.existsSync(dest)).toBe(false);
    const partials = fs.readdirSync(path.dirname(dest)).filter((f) => f.endsWith('.download'));
    expect(partials).toHaveLength(1);
    const partialSize = fs.statSync(path.join(path.dirname(dest), partials[0]!)).size;
    expect(partialSize).toBeGreaterThan(0);
    expect(partialSize).toBeLessThan(SIZE);

    // The next pass asks for the bytes it lacks only (HTTP Range), and checks the whole.
    let received = 0;
    const counting: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (res.status === 200 || res.status === 206) received += Number(res.headers.get('content-length') ?? 0);
      return res;
    };
    const fetched = await other.files.pass(clientOf(other, server.url, { fetch: counting }));
    expect(fetched).toMatchObject({ fetched: 1, problems: 0 });
    expect(received).toBe(SIZE - partialSize);
    expect(fs.readFileSync(dest).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(dest))).toEqual([sha]);
    expect(other.arrived).toEqual([sha]);
  }, 120_000);
});
