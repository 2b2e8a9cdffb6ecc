// Document files between this desk and the court's server (ARCHITECTURE §5, files between desks):
// a document is a synced record, its file a content-addressed blob — and so is each signed copy of
// a judgment (judgment_signatures.file_sha256: the judge signs on one desk, a clerk countersigns
// that very file on another) and each recorded detached signature of a document (its .p7s,
// document_signatures.signature_sha256). In the background, after sync rounds, files this desk holds and the
// server lacks go up, and files of pulled records this desk lacks come down (verified against their SHA-256 by the blob client before they take their name
// in the store). What the desk knows of each file is in `document_files` (migration 0025, never
// synced). A transfer cut by a kill or the network resumes where it stopped (the server keeps the
// chunks it took; a download keeps its partial file). Nothing here writes a synced record or
// blocks one: a document is registered, listed and synced whether or not its file has moved.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../../domain';
import { AppError, toAppError } from '../../../shared/errors';
import type { DocumentFileProblem, DocumentFileState } from '../../../shared/schemas/desk-sync';
import type { BlobClient } from '../blobs/blob-client';
import { DocumentFileStore } from '../documents/file-store';
import type { Logger } from '../logger';

/** Transfers at once: enough to overlap one file's round trips with another's bytes, no more. */
export const DEFAULT_FILE_TRANSFERS = 2;

export interface DocumentFilesOptions {
  db: Db;
  dataDir: string;
  now: () => Date;
  log?: Logger;
  /** Files moved at once (default DEFAULT_FILE_TRANSFERS). */
  concurrency?: number;
  /** A file came down into the store: its documents can be read (OCR) now. */
  onFileArrived?: (sha256: string) => Promise<void> | void;
}

export interface FilePass {
  uploaded: number;
  /** Bytes this pass sent (a resumed upload sends only what the server lacked). */
  bytesSent: number;
  fetched: number;
  /** Files left with a problem this pass (not yet on the server, missing here, refused...). */
  problems: number;
  /** The server stopped answering: the pass ended early, the rest waits for the next one. */
  offline: boolean;
}

export interface FileCounts {
  toUpload: number;
  toFetch: number;
  problems: number;
}

/** Problems that are the clerk's to know (the others clear themselves with a later pass). */
const CLERK_PROBLEMS: readonly DocumentFileProblem[] = ['fileMissing', 'fileDamaged', 'refused'];

type Work = { sha256: string; direction: 'up' | 'down'; heldHere: boolean };
type Outcome = { bytesSent: number } | 'problem' | 'offline';

/**
 * Whether the file was made on this desk: a document attached, a judgment signed or its signatures
 * extended, a document's detached signature recorded (the command is in this desk's outbox; an extension the server or another desk made
 * comes down like a signed file).
 */
export async function fileMadeOnThisDesk(db: Db, sha256: string): Promise<boolean> {
  const command = await db
    .selectFrom('outbox')
    .select('mutation_id')
    .where((eb) =>
      eb.or([
        eb.and([eb('name', '=', 'attachDocument'), eb(sql<string>`json_extract(args, '$.sha256')`, '=', sha256)]),
        eb.and([eb('name', 'in', ['signJudgment', 'recordSignatureExtension']), eb(sql<string>`json_extract(args, '$.file.sha256')`, '=', sha256)]),
        eb.and([eb('name', '=', 'recordDocumentSignature'), eb(sql<string>`json_extract(args, '$.signature.sha256')`, '=', sha256)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return command !== undefined;
}

/** The server could not be reached: stop moving files until the next pass. */
function isOffline(err: AppError): boolean {
  return err.code === 'SERVICE_UNAVAILABLE';
}

export class DocumentFiles {
  readonly store: DocumentFileStore;
  private readonly concurrency: number;
  /** Transfers under way by file: a document opened while the background pass fetches it waits for that one (two writers of one partial file would spoil it). */
  private readonly inflight = new Map<string, Promise<Outcome>>();

  constructor(private readonly o: DocumentFilesOptions) {
    this.store = new DocumentFileStore(o.dataDir);
    this.concurrency = Math.max(1, o.concurrency ?? DEFAULT_FILE_TRANSFERS);
  }

  private stamp(): string {
    return this.o.now().toISOString();
  }

  private here(sha256: string): boolean {
    return fs.existsSync(this.store.pathOf(sha256));
  }

  /**
   * Files of records (documents, signed judgments and their extended copies, documents' .p7s) this desk has no row
   * for yet: its own go up, the others' (an extension the court's server made, say) come down.
   */
  private async unseenFiles(): Promise<string[]> {
    const rows = await sql<{ sha256: string }>`
      SELECT sha256 FROM documents
      UNION SELECT file_sha256 FROM judgment_signatures
      UNION SELECT file_sha256 FROM signature_extensions
      UNION SELECT signature_sha256 FROM document_signatures
      EXCEPT SELECT sha256 FROM document_files`.execute(this.o.db);
    return rows.rows.map((r) => r.sha256);
  }

  /** Rows for the files not seen yet: held here (scanned, imported or signed here) or to fetch. */
  private async noteNewFiles(): Promise<void> {
    for (const sha256 of await this.unseenFiles()) {
      await this.o.db
        .insertInto('document_files')
        .values({ sha256, held_here: this.here(sha256) || (await this.madeHere(sha256)) ? 1 : 0, uploaded_at: null, problem: null, problem_code: null, tries: 0, updated_at: this.stamp() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    }
  }

  /** See fileMadeOnThisDesk: then a file not in the store was lost here, not one still to come down. */
  private madeHere(sha256: string): Promise<boolean> {
    return fileMadeOnThisDesk(this.o.db, sha256);
  }

  private async record(sha256: string, set: { held_here?: number; uploaded_at?: string | null; problem: DocumentFileProblem | null; problem_code?: string | null }): Promise<void> {
    await this.o.db
      .updateTable('document_files')
      .set((eb) => ({
        ...set,
        problem_code: set.problem_code ?? null,
        tries: set.problem === null ? 0 : eb('tries', '+', 1),
        updated_at: this.stamp(),
      }))
      .where('sha256', '=', sha256)
      .execute();
  }

  /** What is left to move: files held here the server lacks, and files of documents not here. */
  private async work(): Promise<Work[]> {
    const rows = await this.o.db
      .selectFrom('document_files')
      .select(['sha256', 'held_here', 'uploaded_at'])
      .where((eb) => eb.or([eb('uploaded_at', 'is', null), eb('held_here', '=', 0)]))
      .orderBy('updated_at')
      .execute();
    const up: Work[] = [];
    const down: Work[] = [];
    for (const r of rows) {
      const here = this.here(r.sha256);
      if (here && r.held_here === 0) {
        // The same content came in another way (an import here): held now.
        await this.o.db.updateTable('document_files').set({ held_here: 1, updated_at: this.stamp() }).where('sha256', '=', r.sha256).execute();
        await this.arrived(r.sha256);
      }
      if (here && r.uploaded_at === null) up.push({ sha256: r.sha256, direction: 'up', heldHere: true });
      else if (!here) down.push({ sha256: r.sha256, direction: 'down', heldHere: r.held_here === 1 });
    }
    // Up first: other desks wait for these; what comes down is only this desk's own wait.
    return [...up, ...down];
  }

  /**
   * One pass: every file that should move is tried once (a few at a time). A server that does not
   * answer ends the pass (offline: true); a refusal or a missing file is recorded and the pass goes on.
   */
  async pass(client: BlobClient, opts: { signal?: AbortSignal } = {}): Promise<FilePass> {
    await this.noteNewFiles();
    const todo = await this.work();
    const result: FilePass = { uploaded: 0, bytesSent: 0, fetched: 0, problems: 0, offline: false };
    let next = 0;
    const lane = async () => {
      while (next < todo.length && !result.offline && !opts.signal?.aborted) {
        const item = todo[next++]!;
        const outcome = await this.once(item.sha256, () => (item.direction === 'up' ? this.upload(client, item.sha256, opts.signal) : this.download(client, item, opts.signal)));
        if (outcome === 'offline') result.offline = true;
        else if (outcome === 'problem') result.problems++;
        else if (item.direction === 'up') {
          result.uploaded++;
          result.bytesSent += outcome.bytesSent;
        } else result.fetched++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, Math.max(1, todo.length)) }, lane));
    return result;
  }

  /** Runs `transfer` unless one of this file is under way, whose outcome is then this one's. */
  private once(sha256: string, transfer: () => Promise<Outcome>): Promise<Outcome> {
    const running = this.inflight.get(sha256);
    if (running) return running;
    const started = transfer().finally(() => this.inflight.delete(sha256));
    this.inflight.set(sha256, started);
    return started;
  }

  /** Tells the document service; its failure is logged, never the pass's (a restart queues the OCR anyway). */
  private async arrived(sha256: string): Promise<void> {
    try {
      await this.o.onFileArrived?.(sha256);
    } catch (err) {
      this.o.log?.warn({ err, sha256 }, 'document file arrived, but its reading could not be queued');
    }
  }

  private async upload(client: BlobClient, sha256: string, signal: AbortSignal | undefined): Promise<Outcome> {
    const file = this.store.pathOf(sha256);
    try {
      const sent = await client.upload(file, { expectSha256: sha256, ...(signal ? { signal } : {}) });
      await this.record(sha256, { held_here: 1, uploaded_at: this.stamp(), problem: null });
      return { bytesSent: sent.bytesSent };
    } catch (err) {
      if (signal?.aborted) throw err;
      const e = toAppError(err);
      if (isOffline(e)) return 'offline';
      // Gone between the look and the read: the store lost it (someone deleted it by hand).
      const gone = (err as { code?: string }).code === 'ENOENT' || !this.here(sha256);
      const damaged = e.i18nKey === 'errors.blobs.localHashMismatch' || e.i18nKey === 'errors.blobs.fileChanged';
      // The server hashed other bytes than this desk sent (damaged on the way): sent again next pass.
      const problem: DocumentFileProblem = gone ? 'fileMissing' : damaged ? 'fileDamaged' : e.code === 'BLOB_HASH_MISMATCH' ? 'hashMismatch' : 'refused';
      await this.record(sha256, { problem, problem_code: problem === 'refused' ? e.code : null });
      this.o.log?.warn({ sha256, problem, code: e.code }, 'document file not sent');
      return 'problem';
    }
  }

  private async download(client: BlobClient, item: Work, signal: AbortSignal | undefined): Promise<Outcome> {
    const dest = this.store.pathOf(item.sha256);
    try {
      await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      await client.download(item.sha256, dest, signal ? { signal } : {});
    } catch (err) {
      if (signal?.aborted) throw err;
      const e = toAppError(err);
      if (isOffline(e)) return 'offline';
      // Not on the server: not sent yet by the desk that scanned it — or, if it was this desk, lost.
      const problem: DocumentFileProblem =
        e.code === 'NOT_FOUND' ? (item.heldHere ? 'fileMissing' : 'notYetAvailable') : e.code === 'BLOB_HASH_MISMATCH' ? 'hashMismatch' : 'refused';
      await this.record(item.sha256, { problem, problem_code: problem === 'refused' ? e.code : null });
      if (problem !== 'notYetAvailable') this.o.log?.warn({ sha256: item.sha256, problem, code: e.code }, 'document file not fetched');
      return 'problem';
    }
    // It came from the server, so the server holds it for this court.
    await this.record(item.sha256, { held_here: 1, uploaded_at: this.stamp(), problem: null });
    await this.arrived(item.sha256);
    return { bytesSent: 0 };
  }

  /**
   * A document is being opened: its file, fetched now if it is not here. Without a client (offline,
   * standalone) a file not here is `unreachable`, or `missing` when this desk once held it.
   */
  async ensure(documentId: string, client: BlobClient | null, opts: { signal?: AbortSignal } = {}): Promise<DocumentFileState> {
    const doc = await this.o.db.selectFrom('documents').select('sha256').where('id', '=', documentId).executeTakeFirst();
    if (!doc) throw new AppError('NOT_FOUND', 'errors.notFound', { params: { entity: 'document', id: documentId } });
    return this.ensureFile(doc.sha256, client, opts);
  }

  /**
   * A file of a synced record (a document's, a signed judgment's) is needed now: fetched if it is
   * not here. NOT_FOUND for a file no record of this desk names.
   */
  async ensureFile(sha256: string, client: BlobClient | null, opts: { signal?: AbortSignal } = {}): Promise<DocumentFileState> {
    if (this.here(sha256)) return { state: 'here', fetched: false };
    await this.noteNewFiles();
    const row = await this.o.db.selectFrom('document_files').select(['held_here', 'uploaded_at']).where('sha256', '=', sha256).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'errors.notFound', { params: { entity: 'file', id: sha256 } });
    const heldHere = row.held_here === 1;
    if (!client) return heldHere && row.uploaded_at === null ? { state: 'missing' } : { state: 'unreachable', error: null };
    const outcome = await this.once(sha256, () => this.download(client, { sha256, direction: 'down', heldHere }, opts.signal));
    if (outcome === 'offline') return { state: 'unreachable', error: new AppError('SERVICE_UNAVAILABLE', 'errors.sync.serverUnreachable').toData() };
    if (outcome !== 'problem') return { state: 'here', fetched: true };
    const after = await this.o.db.selectFrom('document_files').select(['problem', 'problem_code']).where('sha256', '=', sha256).executeTakeFirstOrThrow();
    if (after.problem === 'fileMissing') return { state: 'missing' };
    if (after.problem === 'notYetAvailable') return { state: 'notYetAvailable' };
    const key = after.problem === 'hashMismatch' ? 'errors.blobs.downloadHashMismatch' : 'errors.documents.fileNotFetched';
    return { state: 'unreachable', error: new AppError(after.problem === 'hashMismatch' ? 'BLOB_HASH_MISMATCH' : 'SERVICE_UNAVAILABLE', key, { params: { code: after.problem_code ?? '' } }).toData() };
  }

  /** The header's counts: files to send, files to fetch, files with a problem for the clerk. */
  async counts(): Promise<FileCounts> {
    const db = this.o.db;
    // A record made or pulled since the last pass has no row yet: where its file is says which.
    const unseen = await this.unseenFiles();
    let unseenHere = 0;
    for (const sha256 of unseen) if (this.here(sha256) || (await this.madeHere(sha256))) unseenHere++;
    const rows = await db
      .selectFrom('document_files')
      .select([
        (eb) => eb.fn.sum<number>(eb.case().when(eb.and([eb('held_here', '=', 1), eb('uploaded_at', 'is', null)])).then(1).else(0).end()).as('up'),
        (eb) => eb.fn.sum<number>(eb.case().when('held_here', '=', 0).then(1).else(0).end()).as('down'),
        (eb) => eb.fn.sum<number>(eb.case().when('problem', 'in', [...CLERK_PROBLEMS]).then(1).else(0).end()).as('bad'),
      ])
      .executeTakeFirstOrThrow();
    return { toUpload: unseenHere + Number(rows.up ?? 0), toFetch: unseen.length - unseenHere + Number(rows.down ?? 0), problems: Number(rows.bad ?? 0) };
  }
}
