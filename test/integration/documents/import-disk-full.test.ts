// A document imported while the desk's document store is on a full disk (a real one: a tmpfs too
// small, mounted in a mount namespace of its own with unshare, as the desk's registration full-disk
// test): too small for the file, or holding the file but not its thumbnail. The import is refused
// as DISK_FULL (errors.disk.full), the process goes on (the copy's write failing must not be an
// error nobody listens to), nothing is left in the store (neither the copy nor half a thumbnail,
// which a later import or arrival of the same file would take as made), no document is recorded;
// once space is freed the same import succeeds. A file the browser shell uploads onto the full disk
// (before its import) is refused as DISK_FULL too, not as an upload cut short, and leaves nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { openTestCourt, registerSampleCase, tempDbFile, type TestCourt } from '../../helpers/db';
import { runInMountNamespace, workerCommand } from '../../helpers/full-disk';
import { DOCUMENT_TYPE } from '../../helpers/read-documents';

const REPO = path.resolve(import.meta.dirname, '../../..');
const SOURCE = path.join(REPO, 'test/fixtures/documents/scanned-arabic.pdf');

let court: TestCourt | undefined;
afterEach(async () => {
  await court?.close();
  court = undefined;
});

/** The regular files under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name)));
}

/** Imports SOURCE on a tmpfs of `sizeKiB`, then on the same disk grown: the two answers, and the files the first left. */
async function importOnFullDisk(sizeKiB: number) {
  const file = tempDbFile();
  court = await openTestCourt({ file });
  const { caseId } = await registerSampleCase(court);
  const args = { file, courtId: court.courtId, caseId, documentTypeId: DOCUMENT_TYPE.petition, actor: court.clerk, source: SOURCE };
  await court.close();
  court = undefined;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-import-full-'));
  const disk = path.join(work, 'disk');
  const left = path.join(work, 'left');
  fs.mkdirSync(disk);
  fs.mkdirSync(left);
  const dataDir = path.join(disk, 'data');
  const worker = workerCommand('import-full-disk', { ...args, dataDir });
  const script = [
    `mount -t tmpfs -o size=${sizeKiB}k tmpfs "${disk}" || exit 90`,
    `${worker} || exit 91`,
    // What the refused import left in the store, seen after the process ended.
    `(cd "${disk}" && find . -type f -exec cp --parents {} "${left}/" \\;) || exit 92`,
    `mount -o remount,size=64m "${disk}" || exit 93`,
    `${worker} || exit 94`,
  ];
  try {
    const r = runInMountNamespace(script);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const [first, second] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { imported?: string; failure?: object });
    const opened = await openDatabase(file);
    try {
      const documents = (await opened.db.selectFrom('documents').select('id').execute()).map((d) => d.id);
      return { first, second, left: filesUnder(left), documents, output: r.stdout };
    } finally {
      await opened.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

describe('a document imported onto a full disk', () => {
  it.each([
    // Less than half the file.
    ['too small for the file', Math.floor(fs.statSync(SOURCE).size / 1024 / 2)],
    // The file's own pages (tmpfs counts in 4 KiB pages) and nothing more: no room for its thumbnail.
    ['holding the file but not its thumbnail', Math.ceil(fs.statSync(SOURCE).size / 4096) * 4],
  ])('%s: refused as DISK_FULL, nothing left in the store nor the database; after space is freed it is imported', async (_, sizeKiB) => {
    const { first, second, left, documents, output } = await importOnFullDisk(sizeKiB);
    expect(first, output).toEqual({ failure: { code: 'DISK_FULL', i18nKey: 'errors.disk.full', cause: 'ENOSPC' } });
    expect(left).toEqual([]);
    expect(second?.imported, output).toEqual(expect.any(String));
    expect(documents).toEqual([second!.imported]);
  });
});

describe('a file uploaded by the browser shell onto a full disk', () => {
  it('is refused as DISK_FULL (not as an upload cut short) and leaves nothing', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-upload-full-'));
    const disk = path.join(work, 'disk');
    const left = path.join(work, 'left');
    fs.mkdirSync(disk);
    fs.mkdirSync(left);
    // Sixteen 64 KiB chunks onto 256 KiB.
    const worker = workerCommand('upload-full-disk', { dataDir: path.join(disk, 'data'), chunks: 16 });
    const script = [`mount -t tmpfs -o size=256k tmpfs "${disk}" || exit 90`, `${worker} || exit 91`, `(cd "${disk}" && find . -type f -exec cp --parents {} "${left}/" \\;) || exit 92`];
    try {
      const r = runInMountNamespace(script, 60_000);
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout.trim()), r.stdout).toEqual({ failure: { code: 'DISK_FULL', i18nKey: 'errors.disk.full' } });
      expect(filesUnder(left)).toEqual([]);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
