// Files the browser shell streams in before they are imported (POST /upload, then documents.import
// by the upload id): each body is written chunk by chunk to <dataDir>/uploads/<id>, capped at the
// document size limit, never held whole in memory. An upload cut mid-stream or over the cap leaves
// nothing behind. Uploads are transient: imported ones are removed, the rest at the next start.
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { MAX_DOCUMENT_BYTES } from '../../../domain/rules/document-files';
import { AppError } from '../../../shared/errors';
import { newId, ID_PATTERN } from '../../../shared/ids';
import { documentFault } from './document-fault';

export const UPLOADS_DIR_NAME = 'uploads';

export interface ReceivedUpload {
  uploadId: string;
  size: number;
}

function tooBig(bytes: number, max: number): AppError {
  return documentFault('fileTooBig', { mb: Math.ceil(bytes / 1024 / 1024), max: Math.floor(max / 1024 / 1024) });
}

export class UploadStore {
  readonly dir: string;

  constructor(
    dataDir: string,
    readonly maxBytes: number = MAX_DOCUMENT_BYTES,
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
   */
  async receive(body: AsyncIterable<Buffer>, opts: { declaredBytes: number | null; complete: () => boolean }): Promise<ReceivedUpload> {
    if (opts.declaredBytes !== null && opts.declaredBytes > this.maxBytes) throw tooBig(opts.declaredBytes, this.maxBytes);
    await fsp.mkdir(this.dir, { recursive: true });
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
      // The connection reset under us: the same as a body cut short.
      throw new AppError('VALIDATION_FAILED', 'errors.documents.uploadIncomplete', { cause: err });
    }
  }

  /** The file of an upload still waiting; NOT_FOUND for an id never given or already used. */
  pathOf(uploadId: string): string {
    const file = ID_PATTERN.test(uploadId) ? this.fileOf(uploadId) : null;
    if (!file || !fs.existsSync(file)) throw new AppError('NOT_FOUND', 'errors.documents.uploadUnknown');
    return file;
  }

  async remove(uploadId: string): Promise<void> {
    if (ID_PATTERN.test(uploadId)) await fsp.rm(this.fileOf(uploadId), { force: true });
  }

  private fileOf(uploadId: string): string {
    return path.join(this.dir, uploadId);
  }
}
