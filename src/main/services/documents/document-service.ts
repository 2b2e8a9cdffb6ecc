// Documents on the desk: import (streamed into the content-addressed store, checked, registered by
// attachDocument through the one write path) and the OCR jobs that follow — persisted in SQLite,
// run on the OCR pool off the main thread, a page at a time. Each page's text is written once, in
// its own transaction with the job's progress, and only while the page is still pending: a job
// resumed after a crash (kill -9) skips the pages already read, so no page is written twice.
// Registration never waits for OCR. The success hook (the search index, H6) runs after the job is
// done, and again at start for a job done whose hook did not finish (`indexed_at` still null).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { runCommand, type Actor, type CommandEnv, type Db } from '../../../domain';
import { AppError, isOutOfSpace } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { pageOcrLanguagesOf, type DocumentFaultReason, type OcrLanguageChoice } from '../../../shared/schemas/documents';
import { faultReasonOf } from './document-fault';
import { DocumentFileStore } from './file-store';
import { OcrPool } from './ocr-pool';
import { DEFAULT_OCR_DPI } from './page-source';
import { exportSearchablePdf, type SearchableExport } from './searchable-export';
import { TypedEvents } from './typed-events';
import { writeWhole } from '../write-whole';

export type OcrJobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface DocumentServiceEvents extends Record<string, unknown> {
  /** A page was read: the job's progress (a bar per document; their sum is the overall bar). */
  progress: { jobId: string; documentId: string; pageIndex: number; pagesDone: number; pagesTotal: number };
  /** A job was queued (an import, the clerk's retry, a document found without a job at start). */
  jobQueued: { jobId: string; documentId: string };
  /** A job ended one way or the other; a retry puts it back in the queue without this event. */
  jobFinished: { jobId: string; documentId: string; status: Exclude<OcrJobStatus, 'queued' | 'running'>; errorCode: DocumentFaultReason | null };
  /** A job could not write its pages: the disk is full. It is put back in the queue once a write goes through. */
  jobWaitingForSpace: { jobId: string; documentId: string };
}

export interface DocumentServiceOptions {
  db: Db;
  dataDir: string;
  /** The command environment of the desk (its device, court and clock). */
  commandEnv: () => CommandEnv;
  /** The pool to read with; default: one of the machine's size, owned and closed by the service. */
  pool?: OcrPool;
  dpi?: number;
  /** Attempts of a job that fails for a passing reason (a worker that died) before it fails for good. */
  maxAttempts?: number;
  /** Jobs read at once (each spreads its pages over the pool). */
  concurrentJobs?: number;
  /** Called once a document's OCR succeeded (the search index is written here, never before). */
  onDocumentRead?: (documentId: string) => Promise<void>;
  now?: () => Date;
  /** How long a job the full disk stopped waits before it tries to go back in the queue (default 30 s). */
  diskFullRetryMs?: number;
}

export interface ImportedDocument {
  documentId: string;
  jobId: string;
  sha256: string;
  pageCount: number;
}

export interface DocumentMetadata {
  caseId: string;
  documentTypeId: string;
  documentDate?: string;
  language: 'ar' | 'fr' | 'en';
  ocrLanguage?: OcrLanguageChoice;
  title: string;
  /** The name shown for the file; default the source's base name. */
  fileName?: string;
}

/** Faults a second attempt cannot mend: the job fails at once. */
function isPermanent(reason: DocumentFaultReason | null): boolean {
  return reason !== null && reason !== 'ocrFailed';
}

export interface DocumentService {
  readonly events: TypedEvents<DocumentServiceEvents>;
  readonly store: DocumentFileStore;
  /** Copies the file into the store, checks it, registers it in the case and queues its OCR; never waits for OCR. */
  importDocument(actor: Actor, source: string, meta: DocumentMetadata, opts?: { onProgress?: (bytes: number) => void }): Promise<ImportedDocument>;
  /** Puts back jobs a killed process left running, queues documents without a job, reruns unfinished hooks, and starts reading. */
  start(): Promise<void>;
  /**
   * A file came into the store from the court's server (a document another desk scanned): its
   * documents that have no job yet are queued for OCR, like imported ones.
   */
  fileArrived(sha256: string): Promise<void>;
  /**
   * chooseOcrLanguage marked pages of this document to be read again: a job reads them (at once,
   * or after the document's job under way). Returns the job that will read them.
   */
  rereadRequested(documentId: string): Promise<string>;
  cancel(jobId: string): Promise<boolean>;
  /**
   * The clerk's retry of a document whose newest job failed or was cancelled: a new job reads the
   * pages still pending (those already read are kept). Refused while a job of it is queued or running.
   */
  retry(documentId: string): Promise<string>;
  /**
   * Writes a document of `courtId` as a searchable PDF (the scan with the text the desk holds laid
   * invisibly over it: OCR's words, a person's correction) to `destination`. No page is read again;
   * refused (CONFLICT) until the document's reading is done, NOT_FOUND for another court's.
   */
  exportSearchablePdf(courtId: string, documentId: string, destination: string): Promise<SearchableExport>;
  /** Whether this job is stopped by a full disk, waiting for space (it reads as running meanwhile). */
  waitingForSpace(jobId: string): boolean;
  /** Resolves when no job is queued or running (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createDocumentService(opts: DocumentServiceOptions): DocumentService {
  const { db } = opts;
  const store = new DocumentFileStore(opts.dataDir);
  const ownPool = !opts.pool;
  const pool = opts.pool ?? new OcrPool();
  const dpi = opts.dpi ?? DEFAULT_OCR_DPI;
  const maxAttempts = opts.maxAttempts ?? 3;
  const concurrentJobs = opts.concurrentJobs ?? 2;
  const now = opts.now ?? (() => new Date());
  const events = new TypedEvents<DocumentServiceEvents>();
  const running = new Map<string, Promise<void>>();
  /** Job id → its document, for the jobs being read. */
  const runningDocs = new Map<string, string>();
  const cancelled = new Set<string>();
  /**
   * Jobs a full disk stopped, each with the timer that puts it back in the queue. Nothing of them
   * can be written meanwhile (their failure neither), so they stay `running` in the database, and
   * no other job starts: it would read a page only to find it cannot keep it.
   */
  const waiting = new Map<string, { documentId: string; timer: NodeJS.Timeout }>();
  const diskFullRetryMs = opts.diskFullRetryMs ?? 30_000;
  /** A later pump, when the disk was too full even to mark the next job as started. */
  let pumpAgain: NodeJS.Timeout | null = null;
  let started = false;
  let closed = false;

  const stamp = () => now().toISOString();

  async function queueJob(documentId: string, pageCount: number, language: OcrLanguageChoice): Promise<string> {
    const jobId = newId();
    await db.transaction().execute(async (trx) => {
      const pages = Array.from({ length: pageCount }, (_, pageIndex) => ({
        document_id: documentId,
        page_index: pageIndex,
        ocr_status: 'pending',
        source: null,
        model: null,
        script: null,
        text: '',
        confidence: null,
        words: '[]',
        width: null,
        height: null,
        corrected: 0,
        read_ms: null,
        read_at: null,
        reread_language: null,
      }));
      for (let i = 0; i < pages.length; i += 200) await trx.insertInto('document_pages').values(pages.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();
      const done = await trx
        .selectFrom('document_pages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('document_id', '=', documentId)
        .where('ocr_status', '=', 'done')
        .where('reread_language', 'is', null)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('ocr_jobs')
        .values({
          id: jobId,
          document_id: documentId,
          status: 'queued',
          language,
          dpi,
          attempts: 0,
          pages_total: pageCount,
          pages_done: Number(done.n),
          error_code: null,
          error_page: null,
          created_at: stamp(),
          started_at: null,
          finished_at: null,
          indexed_at: null,
        })
        .execute();
    });
    events.emit('jobQueued', { jobId, documentId });
    return jobId;
  }

  async function finish(jobId: string, documentId: string, status: 'done' | 'failed' | 'cancelled', errorCode: DocumentFaultReason | null, errorPage: number | null): Promise<void> {
    const res = await db
      .updateTable('ocr_jobs')
      .set({ status, error_code: errorCode, error_page: errorPage, finished_at: stamp() })
      .where('id', '=', jobId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return;
    events.emit('jobFinished', { jobId, documentId, status, errorCode });
    if (status === 'done') {
      // Pages marked to be read again while this job ran have a job of their own, queued by
      // rereadRequested and started once this one ends (one job of a document at a time).
      await runHook(jobId, documentId);
      return;
    }
    // A reading again that failed or was stopped may have replaced some pages' text already: a
    // document read before stays in the index, and the index follows what its pages now hold.
    const readBefore = await db.selectFrom('ocr_jobs').select('id').where('document_id', '=', documentId).where('status', '=', 'done').executeTakeFirst();
    if (readBefore) await runHook(jobId, documentId);
  }

  async function jobArgsOf(documentId: string): Promise<[number, OcrLanguageChoice]> {
    const doc = await db.selectFrom('documents').select(['page_count', 'ocr_language']).where('id', '=', documentId).executeTakeFirstOrThrow();
    return [doc.page_count, doc.ocr_language as OcrLanguageChoice];
  }

  async function runHook(jobId: string, documentId: string): Promise<void> {
    if (!opts.onDocumentRead) {
      await db.updateTable('ocr_jobs').set({ indexed_at: stamp() }).where('id', '=', jobId).execute();
      return;
    }
    // A hook that fails is tried again at the next start: the job stays done, indexed_at null.
    try {
      await opts.onDocumentRead(documentId);
      await db.updateTable('ocr_jobs').set({ indexed_at: stamp() }).where('id', '=', jobId).execute();
    } catch {
      /* retried at start */
    }
  }

  async function runJob(jobId: string): Promise<void> {
    const job = await db.selectFrom('ocr_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    const doc = await db.selectFrom('documents').selectAll().where('id', '=', job.document_id).executeTakeFirstOrThrow();
    const file = store.pathOf(doc.sha256);
    const latinModel = doc.language === 'en' ? 'eng' : 'fra';
    const pageChoices = pageOcrLanguagesOf(doc.page_ocr_languages);
    // Pages not read yet, and pages a clerk asked to be read again (with the choice asked for).
    const pending = await db
      .selectFrom('document_pages')
      .select(['page_index', 'reread_language'])
      .where('document_id', '=', doc.id)
      .where((eb) => eb.or([eb('ocr_status', '=', 'pending'), eb('reread_language', 'is not', null)]))
      .orderBy('page_index')
      .execute();
    let failure: { reason: DocumentFaultReason | null; page: number | null; err: unknown } | null = null;
    // A pool worker keeps the last file it read open: a stored file removed since must not be read
    // from that copy (the desk no longer holds what it would read).
    if (pending.length > 0 && !fs.existsSync(file)) failure = { reason: 'vanished', page: pending[0]!.page_index, err: null };
    // Pages spread over the pool; the first failure stops the rest from starting.
    let next = 0;
    const lane = async () => {
      while (next < pending.length && failure === null && !cancelled.has(jobId) && !closed) {
        const { page_index: pageIndex, reread_language: rereadLanguage } = pending[next++]!;
        // A page's own choice (made on another desk before this one read it) before the document's.
        const language = (rereadLanguage ?? pageChoices[String(pageIndex)] ?? job.language) as OcrLanguageChoice;
        try {
          const { reading } = await pool.run({ kind: 'page', file, pageIndex, language, latinModel, dpi: job.dpi });
          if (cancelled.has(jobId) || closed) return;
          const pagesDone = await db.transaction().execute(async (trx) => {
            const correction = await trx.selectFrom('page_corrections').select('text').where('document_id', '=', doc.id).where('page_index', '=', pageIndex).executeTakeFirst();
            const written = await trx
              .updateTable('document_pages')
              .set({
                ocr_status: 'done',
                source: reading.source,
                model: reading.model,
                script: reading.script,
                text: correction ? correction.text : reading.text,
                corrected: correction ? 1 : 0,
                confidence: Math.round(reading.confidence),
                words: JSON.stringify(reading.words),
                width: reading.width,
                height: reading.height,
                read_ms: reading.ms.rasterize + reading.ms.detect + reading.ms.read,
                read_at: stamp(),
                reread_language: null,
              })
              .where('document_id', '=', doc.id)
              .where('page_index', '=', pageIndex)
              // Written once: a page still waiting for this very reading (a job resumed after a
              // crash skips it; a page asked for again with another choice meanwhile waits for that one).
              .where((eb) =>
                rereadLanguage === null ? eb.and([eb('ocr_status', '=', 'pending'), eb('reread_language', 'is', null)]) : eb('reread_language', '=', rereadLanguage),
              )
              .executeTakeFirst();
            if (Number(written.numUpdatedRows) === 1) {
              await trx.updateTable('ocr_jobs').set((eb) => ({ pages_done: eb('pages_done', '+', 1) })).where('id', '=', jobId).execute();
            }
            return (await trx.selectFrom('ocr_jobs').select('pages_done').where('id', '=', jobId).executeTakeFirstOrThrow()).pages_done;
          });
          events.emit('progress', { jobId, documentId: doc.id, pageIndex, pagesDone, pagesTotal: job.pages_total });
        } catch (err) {
          failure ??= { reason: isOutOfSpace(err) ? 'diskFull' : faultReasonOf(err), page: pageIndex, err };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, pool.size) }, lane));
    if (closed) {
      // Shutting down: the job goes back to the queue for the next start.
      await db.updateTable('ocr_jobs').set({ status: 'queued' }).where('id', '=', jobId).where('status', '=', 'running').execute();
      return;
    }
    if (cancelled.has(jobId)) {
      await finish(jobId, doc.id, 'cancelled', null, null);
      return;
    }
    if (failure === null) {
      await finish(jobId, doc.id, 'done', null, null);
      return;
    }
    if (failure.reason === 'diskFull') {
      waitForSpace(jobId, doc.id);
      return;
    }
    const { reason, page } = failure;
    const attempts = (await db.selectFrom('ocr_jobs').select('attempts').where('id', '=', jobId).executeTakeFirstOrThrow()).attempts;
    if (!isPermanent(reason) && attempts < maxAttempts) {
      await db.updateTable('ocr_jobs').set({ status: 'queued' }).where('id', '=', jobId).where('status', '=', 'running').execute();
      return;
    }
    await finish(jobId, doc.id, 'failed', reason ?? 'ocrFailed', page);
  }

  /** The job goes back in the queue after a while, if a write goes through by then; else it waits again. */
  function waitForSpace(jobId: string, documentId: string): void {
    if (closed) return;
    const timer = setTimeout(() => {
      void (async () => {
        if (closed || !waiting.has(jobId)) return;
        try {
          // Not an attempt of its own: the file was not at fault.
          await db
            .updateTable('ocr_jobs')
            .set((eb) => ({ status: 'queued', attempts: eb('attempts', '-', 1) }))
            .where('id', '=', jobId)
            .where('status', '=', 'running')
            .execute();
        } catch (err) {
          // Still full (or the database refusing writes): wait again; the next start requeues it anyway.
          if (isOutOfSpace(err)) waitForSpace(jobId, documentId);
          else waiting.delete(jobId);
          return;
        }
        waiting.delete(jobId);
        events.emit('jobQueued', { jobId, documentId });
        void pump();
      })();
    }, diskFullRetryMs);
    timer.unref();
    const first = !waiting.has(jobId);
    waiting.set(jobId, { documentId, timer });
    if (first) events.emit('jobWaitingForSpace', { jobId, documentId });
  }

  async function claimNext(): Promise<string | null> {
    // One job of a document at a time: a reading again queued while its document is being read waits for it.
    const readingDocs = [...new Set(runningDocs.values())];
    let query = db.selectFrom('ocr_jobs').select(['id', 'document_id']).where('status', '=', 'queued');
    if (readingDocs.length > 0) query = query.where('document_id', 'not in', readingDocs);
    const candidates = await query.orderBy('created_at').orderBy('id').limit(concurrentJobs + running.size).execute();
    for (const { id, document_id: documentId } of candidates) {
      if (running.has(id)) continue;
      const res = await db
        .updateTable('ocr_jobs')
        .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), started_at: stamp() }))
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) {
        runningDocs.set(id, documentId);
        return id;
      }
    }
    return null;
  }

  let pumping = false;
  async function pump(): Promise<void> {
    if (pumping || !started || closed || waiting.size > 0) return;
    pumping = true;
    try {
      while (running.size < concurrentJobs && !closed) {
        let jobId: string | null;
        try {
          jobId = await claimNext();
        } catch (err) {
          if (!isOutOfSpace(err)) throw err;
          // The queue waits for space (the jobs stay queued): tried again later.
          pumpAgain ??= setTimeout(() => {
            pumpAgain = null;
            void pump();
          }, diskFullRetryMs);
          pumpAgain.unref();
          break;
        }
        if (!jobId) break;
        const run = runJob(jobId)
          .catch(async (err: unknown) => {
            // The disk full as the job ended (its last write): it waits for space like a page's.
            if (isOutOfSpace(err)) {
              waitForSpace(jobId, runningDocs.get(jobId) ?? '');
              return;
            }
            // An unexpected failure (the database, a bug): the job fails with it, the others go on.
            await finish(jobId, (await db.selectFrom('ocr_jobs').select('document_id').where('id', '=', jobId).executeTakeFirst())?.document_id ?? '', 'failed', faultReasonOf(err) ?? 'ocrFailed', null).catch(() => undefined);
          })
          .finally(() => {
            running.delete(jobId);
            runningDocs.delete(jobId);
            cancelled.delete(jobId);
            void pump();
          });
        running.set(jobId, run);
      }
    } finally {
      pumping = false;
    }
  }

  return {
    events,
    store,
    async importDocument(actor, source, meta, importOpts = {}) {
      const stored = await store.put(source, importOpts);
      // A refused import takes back only a copy it brought: the same bytes already in the store are
      // another record's (a signed judgment filed again as a document, a scan of another case).
      const forget = async () => {
        if (!stored.brought) return;
        const used = await db.selectFrom('documents').select('id').where('sha256', '=', stored.sha256).executeTakeFirst();
        if (!used) await fsp.rm(stored.file, { force: true });
      };
      let info;
      try {
        info = await pool.run({ kind: 'inspect', file: stored.file, dpi, thumbnail: true });
      } catch (err) {
        await forget();
        throw err;
      }
      if (info.thumbnail) {
        const thumb = store.thumbnailPathOf(stored.sha256);
        // Whole or not at all (a full disk): half a thumbnail would stand for the file's, made.
        try {
          await fsp.mkdir(path.dirname(thumb), { recursive: true });
          await writeWhole(thumb, info.thumbnail);
        } catch (err) {
          await forget();
          throw err;
        }
      }
      let documentId: string;
      try {
        const result = await runCommand(db, opts.commandEnv(), actor, 'attachDocument', {
          caseId: meta.caseId,
          documentTypeId: meta.documentTypeId,
          ...(meta.documentDate ? { documentDate: meta.documentDate } : {}),
          language: meta.language,
          ocrLanguage: meta.ocrLanguage ?? 'auto',
          title: meta.title,
          fileName: meta.fileName ?? path.basename(source),
          sha256: stored.sha256,
          size: stored.size,
          mime: stored.mime,
          pageCount: info.pageCount,
        });
        documentId = result.documentId;
      } catch (err) {
        await forget();
        throw err;
      }
      const jobId = await queueJob(documentId, info.pageCount, meta.ocrLanguage ?? 'auto');
      void pump();
      return { documentId, jobId, sha256: stored.sha256, pageCount: info.pageCount };
    },
    async start() {
      if (closed) throw new AppError('SERVICE_UNAVAILABLE', 'errors.internal');
      // A job left running belonged to a process that is gone (one desk process per data folder).
      await db.updateTable('ocr_jobs').set({ status: 'queued' }).where('status', '=', 'running').execute();
      // Registered, but the process died before its job was queued. A document pulled from the
      // server whose file has not come down yet waits for fileArrived (read now, it would fail).
      const orphans = await db
        .selectFrom('documents')
        .select(['id', 'page_count', 'ocr_language', 'sha256'])
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('ocr_jobs').select('ocr_jobs.id').whereRef('ocr_jobs.document_id', '=', 'documents.id'))))
        .execute();
      for (const d of orphans) {
        if (fs.existsSync(store.pathOf(d.sha256))) await queueJob(d.id, d.page_count, d.ocr_language as OcrLanguageChoice);
      }
      // Pages asked to be read again whose job was never queued (the desk stopped in between).
      const rereads = await db
        .selectFrom('document_pages')
        .select('document_id')
        .distinct()
        .where('reread_language', 'is not', null)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('ocr_jobs').select('ocr_jobs.id').whereRef('ocr_jobs.document_id', '=', 'document_pages.document_id').where('ocr_jobs.status', '=', 'queued'))),
        )
        .execute();
      for (const { document_id: documentId } of rereads) {
        // After a failed or stopped reading the pages wait for the clerk's retry, as any job's do.
        const newest = await db.selectFrom('ocr_jobs').select('status').where('document_id', '=', documentId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
        if (newest?.status === 'done') await queueJob(documentId, ...(await jobArgsOf(documentId)));
      }
      for (const j of await db.selectFrom('ocr_jobs').select(['id', 'document_id']).where('status', '=', 'done').where('indexed_at', 'is', null).execute()) {
        await runHook(j.id, j.document_id);
      }
      started = true;
      await pump();
    },
    async fileArrived(sha256) {
      const waiting = await db
        .selectFrom('documents')
        .select(['id', 'page_count', 'ocr_language'])
        .where('sha256', '=', sha256)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('ocr_jobs').select('ocr_jobs.id').whereRef('ocr_jobs.document_id', '=', 'documents.id'))))
        .execute();
      if (waiting.length === 0) return;
      // The thumbnail an import makes, made here too; a file that cannot be inspected fails its job instead.
      const thumb = store.thumbnailPathOf(sha256);
      if (!fs.existsSync(thumb)) {
        const info = await pool.run({ kind: 'inspect', file: store.pathOf(sha256), dpi, thumbnail: true }).catch(() => null);
        if (info?.thumbnail) {
          await fsp.mkdir(path.dirname(thumb), { recursive: true });
          await writeWhole(thumb, info.thumbnail);
        }
      }
      for (const d of waiting) await queueJob(d.id, d.page_count, d.ocr_language as OcrLanguageChoice);
      void pump();
    },
    async rereadRequested(documentId) {
      if (closed) throw new AppError('SERVICE_UNAVAILABLE', 'errors.internal');
      // A job still queued takes its pages when it starts: it reads these too.
      const queued = await db.selectFrom('ocr_jobs').select('id').where('document_id', '=', documentId).where('status', '=', 'queued').executeTakeFirst();
      if (queued) return queued.id;
      const jobId = await queueJob(documentId, ...(await jobArgsOf(documentId)));
      void pump();
      return jobId;
    },
    async cancel(jobId) {
      // A job being read is marked before anything is awaited: a page that finishes meanwhile
      // must not start the next one (its lanes check the mark before each page). The page under
      // way on the pool is left to finish (a Tesseract call cannot be stopped half-way) and its
      // reading thrown away; the job then ends `cancelled`, and nothing of it is indexed.
      const wasRunning = running.has(jobId);
      if (wasRunning) cancelled.add(jobId);
      const stopped = waiting.get(jobId);
      if (stopped) {
        // Stopped by the full disk: cancelled if the database takes it (DISK_FULL to the clerk if not).
        const res = await db.updateTable('ocr_jobs').set({ status: 'cancelled', finished_at: stamp() }).where('id', '=', jobId).where('status', '=', 'running').executeTakeFirst();
        clearTimeout(stopped.timer);
        waiting.delete(jobId);
        if (Number(res.numUpdatedRows) === 1) events.emit('jobFinished', { jobId, documentId: stopped.documentId, status: 'cancelled', errorCode: null });
        void pump();
        return Number(res.numUpdatedRows) === 1;
      }
      // Queued — or put back in the queue for a retry by a run still winding down.
      const res = await db.updateTable('ocr_jobs').set({ status: 'cancelled', finished_at: stamp() }).where('id', '=', jobId).where('status', '=', 'queued').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) {
        const job = await db.selectFrom('ocr_jobs').select('document_id').where('id', '=', jobId).executeTakeFirstOrThrow();
        events.emit('jobFinished', { jobId, documentId: job.document_id, status: 'cancelled', errorCode: null });
        return true;
      }
      return wasRunning;
    },
    async retry(documentId) {
      const doc = await db.selectFrom('documents').select(['id', 'page_count', 'ocr_language']).where('id', '=', documentId).executeTakeFirst();
      if (!doc) throw new AppError('NOT_FOUND', 'errors.notFound', { params: { entity: 'document', id: documentId } });
      const last = await db.selectFrom('ocr_jobs').select('status').where('document_id', '=', documentId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
      if (last && last.status !== 'failed' && last.status !== 'cancelled') throw new AppError('CONFLICT', 'errors.documents.notRetryable', { params: { status: last.status } });
      const jobId = await queueJob(doc.id, doc.page_count, doc.ocr_language as OcrLanguageChoice);
      void pump();
      return jobId;
    },
    exportSearchablePdf(courtId, documentId, destination) {
      return exportSearchablePdf({ db, pool, store }, courtId, documentId, destination);
    },
    waitingForSpace(jobId) {
      return waiting.has(jobId);
    },
    async idle() {
      const queued = async () => started && !closed && (await db.selectFrom('ocr_jobs').select('id').where('status', '=', 'queued').executeTakeFirst()) !== undefined;
      while (running.size > 0 || pumping || (await queued())) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    async close() {
      closed = true;
      for (const w of waiting.values()) clearTimeout(w.timer);
      waiting.clear();
      if (pumpAgain) clearTimeout(pumpAgain);
      await Promise.allSettled(running.values());
      if (ownPool) await pool.close();
    },
  };
}
