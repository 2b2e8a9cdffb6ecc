// A desk reading a document while its disk fills up, for the OCR full-disk test (run with `node
// --import tsx`, inside a mount namespace whose tmpfs holds the workstation file and the store).
// Imports `source` (a PDF with a text layer: its pages are read without Tesseract), then fills the
// disk with `filler` — `mid`: once the first page is written, so the next page's write fails;
// `before`: before reading starts, so even marking the job as started fails — and frees it again
// once the desk is seen waiting. Prints one line: what was seen, and the job as the database holds
// it at the end. Test support only: never imported by the app.
import fs from 'node:fs';
import type { Actor } from '../../../../src/domain';
import { createDocumentService } from '../../../../src/main/services/documents/document-service';
import { toAppError } from '../../../../src/shared/errors';
import { HlcClock } from '../../../../src/shared/hlc';
import { openDatabase } from '../../../../src/store/sqlite/open-database';

const args = JSON.parse(process.argv[2]!) as {
  mode: 'mid' | 'before';
  file: string;
  dataDir: string;
  filler: string;
  courtId: string;
  caseId: string;
  documentTypeId: string;
  actor: Actor;
  source: string;
};

/** Writes `filler` until the disk refuses another byte. */
function fillDisk(): void {
  for (const size of [1024 * 1024, 64 * 1024, 4096, 512]) {
    try {
      for (;;) fs.appendFileSync(args.filler, Buffer.alloc(size, 1));
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOSPC') throw err;
    }
  }
}

const opened = await openDatabase(args.file);
const service = createDocumentService({
  db: opened.db,
  dataDir: args.dataDir,
  commandEnv: () => ({ deviceId: 'device-test-1', deviceTag: 'TEST01', courtId: args.courtId, clock: new HlcClock('device-test-1'), now: () => new Date(), numbering: 'standalone' }),
  diskFullRetryMs: 300,
  concurrentJobs: 1,
});
const seen: { waitingEvents: number; waitingShown: boolean; progressWhileFull: number; startFailure: string | null } = { waitingEvents: 0, waitingShown: false, progressWhileFull: 0, startFailure: null };
let full = false;
const free = () => {
  full = false;
  fs.rmSync(args.filler, { force: true });
};
try {
  const { jobId } = await service.importDocument(args.actor, args.source, { caseId: args.caseId, documentTypeId: args.documentTypeId, language: 'fr', title: 'Requête' });
  const finished = new Promise<string>((resolve) => service.events.on('jobFinished', (f) => resolve(f.status)));
  service.events.on('progress', () => {
    if (full) seen.progressWhileFull++;
    if (args.mode === 'mid' && !fs.existsSync(args.filler) && seen.waitingEvents === 0) {
      fillDisk();
      full = true;
    }
  });
  service.events.on('jobWaitingForSpace', (w) => {
    seen.waitingEvents++;
    seen.waitingShown = service.waitingForSpace(w.jobId) && w.jobId === jobId;
    // A moment with the disk still full (the job tries again and waits again), then space.
    setTimeout(free, 700);
  });
  if (args.mode === 'before') {
    // The workstation file's log emptied first, so the next write must take new space.
    opened.raw.pragma('wal_checkpoint(TRUNCATE)');
    fillDisk();
    full = true;
    setTimeout(free, 1_000);
  }
  await service.start().catch((err: unknown) => (seen.startFailure = toAppError(err).code));
  let timer: NodeJS.Timeout | undefined;
  const status = await Promise.race([finished, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), 40_000)))]);
  clearTimeout(timer);
  const job = await opened.db.selectFrom('ocr_jobs').select(['status', 'pages_done', 'pages_total', 'attempts']).where('id', '=', jobId).executeTakeFirstOrThrow();
  const pages = await opened.db.selectFrom('document_pages').select(['page_index', 'ocr_status', 'text']).orderBy('page_index').execute();
  process.stdout.write(`${JSON.stringify({ seen, status, job, pages: pages.map((p) => ({ status: p.ocr_status, text: p.text })) })}\n`);
} catch (err) {
  const e = toAppError(err);
  process.stdout.write(`${JSON.stringify({ failure: { code: e.code, cause: String((e.cause as { code?: string } | undefined)?.code ?? e.cause) } })}\n`);
}
await service.close();
await opened.close();
