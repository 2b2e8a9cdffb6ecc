// The desk's content-addressed store of document files: <dataDir>/documents/ab/<sha256>, one
// file per content whatever its name or how many cases it is filed in. A file comes in as a
// stream — hashed and copied chunk by chunk into a temporary file of the store, never held whole
// in memory — and is renamed into place only once complete; its type is sniffed from its first
// bytes. A source that shrinks, grows or disappears while it is read is refused (vanished).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { MAX_DOCUMENT_BYTES, sniffDocumentMime, SNIFF_BYTES } from '../../../domain/rules/document-files';
import type { DocumentMime } from '../../../shared/schemas/documents';
import { writeWhole } from '../write-whole';
import { documentFault, faultReasonOf } from './document-fault';

export const DOCUMENTS_DIR_NAME = 'documents';

export interface StoredBytes {
  sha256: string;
  size: number;
  /** Where the content now is in the store. */
  file: string;
  /** Whether this put placed the content (false: the store already held the same bytes, someone else's to keep). */
  brought: boolean;
}

export interface StoredFile extends StoredBytes {
  mime: DocumentMime;
}

export class DocumentFileStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, DOCUMENTS_DIR_NAME);
  }

  /** The tail of the recorded puts on this desk, one after the other (putRecorded). */
  private recording: Promise<void> = Promise.resolve();

  /**
   * Puts `source` in the store and records it (`record`, a domain command naming the file). When
   * the record fails, the stored copy is removed only if this put brought it. Recorded puts run one
   * after the other: two attempts that made the same bytes (two extensions of one file in the same
   * second, an identical signature) must not both see the content as new, or the loser would remove
   * the file the winner just recorded.
   */
  putRecorded<T>(source: string, record: (stored: StoredFile) => Promise<T>): Promise<{ stored: StoredFile; recorded: T }> {
    return this.recorded(() => this.put(source), record);
  }

  /**
   * Bytes that are no document (a detached signature's .p7s, which no type sniffing would take)
   * written whole into the store under their SHA-256 (a temporary name, synced, renamed), then
   * recorded as putRecorded does: a refused record takes back what this put brought.
   */
  putBytesRecorded<T>(bytes: Uint8Array, record: (stored: StoredBytes) => Promise<T>): Promise<{ stored: StoredBytes; recorded: T }> {
    return this.recorded(async () => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const file = this.pathOf(sha256);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      const brought = !fs.existsSync(file);
      if (brought) await writeWhole(file, bytes);
      return { sha256, size: bytes.length, file, brought };
    }, record);
  }

  private async recorded<S extends StoredBytes, T>(place: () => Promise<S>, record: (stored: S) => Promise<T>): Promise<{ stored: S; recorded: T }> {
    const previous = this.recording;
    let release!: () => void;
    this.recording = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      const stored = await place();
      try {
        return { stored, recorded: await record(stored) };
      } catch (err) {
        if (stored.brought) await fsp.rm(stored.file, { force: true });
        throw err;
      }
    } finally {
      release();
    }
  }

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  thumbnailPathOf(sha256: string): string {
    return path.join(this.root, 'thumbnails', `${sha256}.png`);
  }

  /**
   * Copies `source` into the store. `onProgress` is told the bytes read so far (the import's
   * progress bar; tests use it to pull the file away mid-read).
   */
  async put(source: string, opts: { onProgress?: (bytes: number) => void } = {}): Promise<StoredFile> {
    const vanished = (err?: unknown) => documentFault('vanished', {}, err);
    let expected: number;
    try {
      const stat = await fsp.stat(source);
      if (!stat.isFile()) throw documentFault('notAFile');
      expected = stat.size;
    } catch (err) {
      if (faultReasonOf(err) !== null) throw err;
      if ((err as { code?: string }).code === 'ENOENT') throw vanished(err);
      if ((err as { code?: string }).code === 'EACCES') throw documentFault('noPermission', {}, err);
      throw err;
    }
    if (expected === 0) throw documentFault('empty');
    if (expected > MAX_DOCUMENT_BYTES) throw documentFault('fileTooBig', { mb: Math.ceil(expected / 1024 / 1024), max: MAX_DOCUMENT_BYTES / 1024 / 1024 });
    await fsp.mkdir(path.join(this.root, 'incoming'), { recursive: true });
    const temp = path.join(this.root, 'incoming', `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const hash = createHash('sha256');
    let head: Buffer | null = null;
    let read = 0;
    let mime: DocumentMime | null = null;
    try {
      const input = fs.createReadStream(source, { highWaterMark: 256 * 1024 });
      // Each chunk's write awaited: a write that fails (a full disk) rejects here. A write stream
      // emitted it as an 'error' event nobody listened to, which ended the process.
      const output = await fsp.open(temp, 'wx');
      try {
        for await (const chunk of input as AsyncIterable<Buffer>) {
          if (head === null || head.length < SNIFF_BYTES) {
            head = head ? Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]) : chunk.subarray(0, SNIFF_BYTES);
            if (head.length >= Math.min(SNIFF_BYTES, expected)) {
              mime = sniffDocumentMime(head);
              if (!mime) throw documentFault('unsupportedType');
            }
          }
          read += chunk.length;
          if (read > expected) throw vanished();
          hash.update(chunk);
          await output.writeFile(chunk);
          opts.onProgress?.(read);
        }
      } finally {
        await output.close();
        input.destroy();
      }
      // Fewer bytes than the file had when we started: it is being removed or replaced.
      if (read !== expected) throw vanished();
      const after = await fsp.stat(source).catch((err: unknown) => {
        throw vanished(err);
      });
      if (after.size !== expected) throw vanished();
      if (!mime) throw documentFault('unsupportedType');
      const sha256 = hash.digest('hex');
      const file = this.pathOf(sha256);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      // Same content already stored: keep the first copy.
      const brought = !fs.existsSync(file);
      if (brought) await fsp.rename(temp, file);
      else await fsp.rm(temp, { force: true });
      return { sha256, size: expected, mime, file, brought };
    } catch (err) {
      await fsp.rm(temp, { force: true });
      if (faultReasonOf(err) !== null) throw err;
      if ((err as { code?: string }).code === 'ENOENT') throw vanished(err);
      if ((err as { code?: string }).code === 'EACCES') throw documentFault('noPermission', {}, err);
      throw err;
    }
  }
}
