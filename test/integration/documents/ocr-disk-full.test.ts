// Reading a document while the desk's disk is full (a real one: the workstation file and the store
// on a tmpfs in a mount namespace of its own, unshare, as the other full-disk tests). The disk
// fills once the first page is written (`mid`), or before reading starts (`before`), and is freed
// a moment later. Nothing is lost and nothing is read twice: the job waits — shown to the clerk as
// waiting for space, not as a failure, and not counted as an attempt — and goes on by itself once
// a write goes through, to `done` with every page read once. Before this, such a job stayed
// `running` in the database until the desk was restarted, and the clerk was never told why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCourt, registerSampleCase, tempDbFile, type TestCourt } from '../../helpers/db';
import { runInMountNamespace, workerCommand } from '../../helpers/full-disk';
import { DOCUMENT_TYPE } from '../../helpers/read-documents';
import { writeTextPdf } from '../../helpers/text-pdf';

const PAGES = [1, 2, 3, 4].map((n) => [`Requete introductive page ${n}`, `Le demandeur sollicite la condamnation du defendeur ${n}`]);

let court: TestCourt | undefined;
afterEach(async () => {
  await court?.close();
  court = undefined;
});

interface Outcome {
  seen: { waitingEvents: number; waitingShown: boolean; startFailure: string | null };
  status: string;
  job: { status: string; pages_done: number; pages_total: number; attempts: number };
  pages: { status: string; text: string | null }[];
}

describe('reading a document while the desk disk is full', () => {
  it.each([
    ['the disk fills once the first page is written', 'mid'],
    ['the disk is full before reading starts', 'before'],
  ] as const)('%s: the job waits for space, then goes on by itself to done, every page read once', async (_, mode) => {
    const seed = tempDbFile();
    court = await openTestCourt({ file: seed });
    const { caseId } = await registerSampleCase(court);
    const args = { courtId: court.courtId, caseId, documentTypeId: DOCUMENT_TYPE.petition, actor: court.clerk };
    await court.close();
    court = undefined;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-ocr-full-'));
    const disk = path.join(work, 'disk');
    fs.mkdirSync(disk);
    const source = path.join(work, 'requete.pdf');
    writeTextPdf(source, PAGES);
    const file = path.join(disk, path.basename(seed));
    const worker = workerCommand('ocr-full-disk', { ...args, mode, file, dataDir: path.join(disk, 'data'), filler: path.join(disk, 'filler'), source });
    const script = [`mount -t tmpfs -o size=16m tmpfs "${disk}" || exit 90`, `cp "${seed}" "${file}" || exit 91`, `${worker} || exit 92`];
    try {
      const r = runInMountNamespace(script);
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      const out = JSON.parse(r.stdout.trim()) as Outcome;
      const context = r.stdout;
      expect(out.status, context).toBe('done');
      expect(out.seen.startFailure, context).toBeNull();
      if (mode === 'mid') {
        // Stopped mid-document: told as waiting for space, the job still the desk's to finish.
        expect(out.seen.waitingEvents, context).toBeGreaterThanOrEqual(1);
        expect(out.seen.waitingShown, context).toBe(true);
      }
      // Waiting for space is no attempt of the job's: it was claimed once for good.
      expect(out.job, context).toEqual({ status: 'done', pages_done: 4, pages_total: 4, attempts: 1 });
      expect(out.pages.map((p) => p.status)).toEqual(['done', 'done', 'done', 'done']);
      out.pages.forEach((p, i) => expect(p.text, context).toContain(`page ${i + 1}`));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
      fs.rmSync(path.dirname(seed), { recursive: true, force: true });
    }
  });
});
