// A document file downloaded from the server onto the desk's full disk (a real one: a tmpfs
// smaller than the file, mounted in a mount namespace of its own with unshare; the server a real
// one outside it). A full disk is no cut network: the download fails at once as DISK_FULL
// (errors.disk.full), not retried without end nor reported as an unreachable server; what reached
// the disk stays a correct beginning, and once space is freed the download finishes from it.
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBlobClient } from '../../../src/main/services/blobs/blob-client';
import { startInMountNamespace, workerCommand } from '../../helpers/full-disk';
import { as, COURT_A, randomFile, startBlobServer, type BlobServer } from '../server/blob-server';
import { tempDir } from '../server/helpers';

let server: BlobServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a download onto a full disk', () => {
  it('fails as DISK_FULL at once; after space is freed it finishes from what reached the disk', { timeout: 120_000 }, async () => {
    server = await startBlobServer();
    const headers = as(COURT_A, 'desk-1');
    const { file, sha256, bytes } = randomFile(1024 * 1024);
    await createBlobClient({ serverUrl: server.url, authHeaders: () => headers }).upload(file);

    const work = tempDir('mahkama-download-full-');
    const disk = path.join(work, 'disk');
    const out = path.join(work, 'out');
    fs.mkdirSync(disk);
    fs.mkdirSync(out);
    const dest = path.join(disk, 'blob.bin');
    const worker = (giveUpMs: number) => workerCommand('download-full-disk', { serverUrl: server!.url, headers, sha256, dest, giveUpMs });
    const script = [
      `mount -t tmpfs -o size=256k tmpfs "${disk}" || exit 90`,
      // Far longer than a failure takes; a download retried without end is still going then.
      `${worker(15_000)} || exit 91`,
      `ls -A "${disk}" > "${out}/left" || exit 92`,
      `mount -o remount,size=64m "${disk}" || exit 93`,
      `${worker(60_000)} || exit 94`,
      `cp "${dest}" "${out}/" || exit 95`,
    ];
    // Not waited for blocking: the server answers from this process.
    const child = startInMountNamespace(script);
    const r = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.on('data', (d: Buffer) => (r.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (r.stderr += d.toString()));
    [r.status] = (await once(child, 'close')) as [number | null];
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const [first, second] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as object);
    expect(first, r.stdout).toEqual({ failure: { code: 'DISK_FULL', i18nKey: 'errors.disk.full' } });
    // Only the download's own beginning was left, never the file under its name.
    expect(fs.readFileSync(path.join(out, 'left'), 'utf8').trim().split('\n')).toEqual([`.blob.bin.${sha256.slice(0, 16)}.download`]);
    expect(second, r.stdout).toEqual({ downloaded: bytes.length });
    expect(fs.readFileSync(path.join(out, 'blob.bin')).equals(bytes)).toBe(true);
  });
});
