// Files the browser shell streams in before they are imported (POST /upload, then documents.import
// by the upload id): each body is written chunk by chunk to <dataDir>/uploads/<id>, capped at the
// document size limit, never held whole in memory. An upload cut mid-stream or over the cap leaves
// nothing behind. Uploads are transient: an upload is used once (claimed by one import, removed
// after it), and those never imported go at the next start or after an hour; at most
// MAX_WAITING_UPLOADS wait at a time, so a session cannot fill the disk the database is on.
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { MAX_DOCUMENT_BYTES } from '../../../domain/rules/document-files';
import { AppError, isOutOfSpace, toAppError } from '../../../shared/errors';
import { newId, ID_PATTERN } from '../../../shared/ids';
import { documentFault } from './document-fault';

export const UPLOADS_DIR_NAME = 'uploads';
/** Uploads waiting for their import at one time: a filing dialog sends a few files, not dozens. */
export const MAX_WAITING_UPLOADS = 16;
/** An upload not imported within this time was abandoned (the dialog closed, the tab gone). */
export const UPLOAD_MAX_AGE_MS = 60 * 60 * 1000;

export interface ReceivedUpload {
  uploadId: string;
  size: number;
}

function tooBig(bytes: number, max: number): AppError {
  return documentFault('fileTooBig', { mb: Math.ceil(bytes / 1024 / 1024), max: Math.floor(max / 1024 / 1024) });
}

export class UploadStore {
  readonly dir: string;
  /** Uploads received and not yet used, with when they arrived (the folder is cleared at start, so this is all of them). */
  private readonly waiting = new Map<string, number>();
  /** Uploads an import has taken (one import each, even when several ask at once). */
  private readonly claimed = new Set<string>();
  /** Uploads being received now: counted against the cap before their first byte. */
  private receiving = 0;

  constructor(
    dataDir: string,
    readonly maxBytes: number = MAX_DOCUMENT_BYTES,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = path.join(dataDir, UPLOADS_DIR_NAME);
  }

  /** Removes what earlier runs left (uploads never imported): called once at start. */
  async clear(): Promise<void> {
    await fsp.rm(this.dir, { recursive: true, force: true });
  }

  /**
   * Writes `body` to a new upload. `declaredBytes` (Content-Length) over the cap is refused before a
   * byte is read; a body that turns out larger is cut off at the cap. `complete()` tells whether the
   * body ended normally (an HTTP request aborted by the client ends its stream early, without error).
   * Counted against MAX_WAITING_UPLOADS in the same step as it is checked, so uploads sent all at
   * once meet the cap as uploads sent one by one.
   */
  async receive(body: AsyncIterable<Buffer>, opts: { declaredBytes: number | null; complete: () => boolean }): Promise<ReceivedUpload> {
    if (opts.declaredBytes !== null && opts.declaredBytes > this.maxBytes) throw tooBig(opts.declaredBytes, this.maxBytes);
    this.dropAbandoned();
    if (this.waiting.size + this.receiving >= MAX_WAITING_UPLOADS) throw new AppError('TOO_MANY_REQUESTS', 'errors.documents.tooManyUploads', { params: { max: MAX_WAITING_UPLOADS } });
    this.receiving++;
    try {
      await fsp.mkdir(this.dir, { recursive: true });
      const received = await this.write(body, opts);
      this.waiting.set(received.uploadId, this.now());
      return received;
    } finally {
      this.receiving--;
    }
  }

  /** Uploads left waiting past their age (not taken by an import) go. */
  private dropAbandoned(): void {
    const t = this.now();
    for (const [uploadId, at] of this.waiting) {
      if (this.claimed.has(uploadId) || t - at <= UPLOAD_MAX_AGE_MS) continue;
      this.waiting.delete(uploadId);
      void fsp.rm(this.fileOf(uploadId), { force: true });
    }
  }

  private async write(body: AsyncIterable<Buffer>, opts: { declaredBytes: number | null; complete: () => boolean }): Promise<ReceivedUpload> {
    const uploadId = newId();
    const file = this.fileOf(uploadId);
    const out = fs.createWriteStream(file, { flags: 'wx' });
    // A disk error, or a write still in flight when a cut body makes us destroy the stream
    // (ERR_STREAM_DESTROYED), arrives as an 'error' event: kept here, never an uncaught exception.
    let writeError: Error | null = null;
    out.on('error', (err) => {
      writeError ??= err;
    });
    let size = 0;
    try {
      for await (const chunk of body) {
        size += chunk.length;
        if (size > this.maxBytes) throw tooBig(size, this.maxBytes);
        if (writeError) throw writeError;
        if (!out.write(chunk)) await once(out, 'drain');
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      const incomplete = !opts.complete() || (opts.declaredBytes !== null && size !== opts.declaredBytes);
      if (incomplete) throw new AppError('VALIDATION_FAILED', 'errors.documents.uploadIncomplete');
      return { uploadId, size };
    } catch (err) {
      out.destroy();
      await fsp.rm(file, { force: true });
      if (err instanceof AppError) throw err;
      // The disk full: space to free, not a file to send again.
      if (isOutOfSpace(err)) throw toAppError(err);
      // The connection reset under us: the same as a body cut short.
      throw new AppError('VALIDATION_FAILED', 'errors.documents.uploadIncomplete', { cause: err });
    }
  }

  /**
   * Takes an upload for one import and gives its file; NOT_FOUND for an id never given, already
   * used, or taken by an import under way — checked and taken in one step, with nothing awaited,
   * so of several imports naming one upload at once only one files it.
   */
  claim(uploadId: string): string {
    const file = ID_PATTERN.test(uploadId) ? this.fileOf(uploadId) : null;
    if (!file || !this.waiting.has(uploadId) || this.claimed.has(uploadId) || !fs.existsSync(file)) throw new AppError('NOT_FOUND', 'errors.documents.uploadUnknown');
    this.claimed.add(uploadId);
    return file;
  }

  /** An upload used (filed or refused): its file goes. Only the import that claimed it removes it. */
  async remove(uploadId: string): Promise<void> {
    if (!this.claimed.has(uploadId)) return;
    await fsp.rm(this.fileOf(uploadId), { force: true });
    this.claimed.delete(uploadId);
    this.waiting.delete(uploadId);
  }

  private fileOf(uploadId: string): string {
    return path.join(this.dir, uploadId);
  }
}
