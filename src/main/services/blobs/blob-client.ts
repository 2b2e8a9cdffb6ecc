// The desk's side of the blob protocol (src/shared/schemas/blobs.ts): sends a file to the server in
// resumable chunks and fetches a blob back by its hash, over fetch. A cut connection is not a
// failure: the upload asks the server where it stands and sends only the rest; the download asks
// for the bytes it lacks (HTTP Range). A downloaded file takes its name only after its hash checked
// out, so a half or wrong file is never where a caller looks. It never reads a whole file into
// memory (one chunk at most), and never trusts the server's answers without their schema.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sleep } from './abortable-sleep';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { z } from 'zod';
import { AppError, isOutOfSpace, type AppErrorData } from '../../../shared/errors';
import {
  BLOB_CHUNK_MEDIA_TYPE,
  chunkAcceptedSchema,
  createUploadResponseSchema,
  SHA256_HEX,
  uploadCompletedSchema,
  uploadStateSchema,
} from '../../../shared/schemas/blobs';
import { errorResponseSchema } from '../../../shared/schemas/server-api';

export interface BlobClientOptions {
  /** The server's base URL, e.g. https://sync.tribunal.ma */
  serverUrl: string;
  /** Headers proving who asks (the device's and user's tokens); asked before every request. */
  authHeaders: () => Promise<Record<string, string>> | Record<string, string>;
  fetch?: typeof fetch;
  /** Network failures in a row (no progress between them) before a transfer gives up. */
  retries?: number;
  /** Wait before the n-th retry (1-based). Default: 250 ms doubling, with jitter, at most 10 s. */
  retryDelayMs?: (attempt: number) => number;
  /** Send smaller chunks than the server allows (never larger). */
  maxChunkBytes?: number;
}

export interface TransferOptions {
  signal?: AbortSignal;
  /** Upload: the SHA-256 the file must have; a file that hashes otherwise is refused before a byte is sent. */
  expectSha256?: string;
  /** Bytes the server holds (upload) or the file holds (download), of `size`. */
  onProgress?: (done: number, size: number) => void;
}

export interface UploadResult {
  sha256: string;
  size: number;
  /** Bytes this call sent: 0 when the court already had the blob. */
  bytesSent: number;
}

export interface BlobClient {
  upload(file: string, opts?: TransferOptions): Promise<UploadResult>;
  /** Fetches the blob into `dest` (replacing it) once its hash is right; resumes a cut download. */
  download(sha256: string, dest: string, opts?: TransferOptions): Promise<{ size: number }>;
}

/** SHA-256 and size of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(piece);
    size += piece.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** A try that did not reach the server's answer: the network, or a server that cannot serve now. */
class Retryable extends Error {}

const defaultDelay = (attempt: number): number => Math.min(10_000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);

async function errorOf(res: Response): Promise<AppError> {
  const text = await res.text().catch(() => '');
  let data: AppErrorData | undefined;
  try {
    const parsed = errorResponseSchema.safeParse(JSON.parse(text));
    if (parsed.success) data = parsed.data.error;
  } catch {
    /* not JSON: answered below as unexpected */
  }
  return data ? AppError.fromData(data) : new AppError('INTERNAL', 'errors.blobs.unexpectedAnswer', { params: { status: res.status } });
}

export function createBlobClient(opts: BlobClientOptions): BlobClient {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.serverUrl.replace(/\/+$/, '');
  const retries = opts.retries ?? 5;
  const delay = opts.retryDelayMs ?? defaultDelay;

  /** One request; a network failure or a 5xx/503 is Retryable, another non-2xx its typed error. */
  async function request(method: string, url: string, init: { body?: Buffer; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
    let res: Response;
    try {
      res = await doFetch(`${base}${url}`, {
        method,
        headers: { ...(await opts.authHeaders()), ...init.headers },
        // A copy-free view: fetch's types want an ArrayBuffer-backed Uint8Array, not a Buffer.
        ...(init.body ? { body: new Uint8Array(init.body.buffer as ArrayBuffer, init.body.byteOffset, init.body.length) } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new Retryable('network', { cause: err });
    }
    if (res.status >= 500) {
      await res.body?.cancel().catch(() => {});
      throw new Retryable(`status ${res.status}`);
    }
    return res;
  }

  async function json<S extends z.ZodType>(res: Response, schema: S): Promise<z.infer<S>> {
    if (!res.ok) throw await errorOf(res);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new AppError('INTERNAL', 'errors.blobs.unexpectedAnswer', { params: { status: res.status } });
    return parsed.data;
  }

  /** Runs `attempt` again after each Retryable, until `retries` tries in a row made no progress. */
  async function withRetries<T>(signal: AbortSignal | undefined, attempt: (progressed: () => void) => Promise<T>): Promise<T> {
    let failures = 0;
    for (;;) {
      try {
        return await attempt(() => {
          failures = 0;
        });
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        failures += 1;
        if (failures > retries) throw new AppError('SERVICE_UNAVAILABLE', 'errors.blobs.serverUnreachable', { cause: err });
        await sleep(delay(failures), signal);
      }
    }
  }

  return {
    async upload(file, topts = {}) {
      const { signal, onProgress } = topts;
      const signalOpt = signal ? { signal } : {};
      const { sha256, size } = await hashFile(file);
      if (topts.expectSha256 !== undefined && topts.expectSha256 !== sha256) {
        throw new AppError('BLOB_HASH_MISMATCH', 'errors.blobs.localHashMismatch', { params: { expected: topts.expectSha256, actual: sha256 } });
      }
      let uploadId: string | undefined;
      let bytesSent = 0;
      // Expired, cancelled, or completed by a twin request of this device: a new creation finds out
      // which (it answers "complete" when the court holds the blob now).
      const uploadLost = async (res: Response): Promise<never> => {
        await res.body?.cancel().catch(() => {});
        uploadId = undefined;
        throw new Retryable('upload gone');
      };
      const handle = await fs.promises.open(file, 'r');
      try {
        return await withRetries(signal, async (progressed) => {
          // Where the server stands: the upload this call knows, else (first try, or it was lost)
          // a creation, which continues this device's upload of the same content if there is one.
          let offset: number;
          let chunkBytes: number;
          const known = uploadId === undefined ? undefined : await request('GET', `/v1/blobs/uploads/${uploadId}`, signalOpt);
          if (known && known.status !== 404) {
            const state = await json(known, uploadStateSchema);
            ({ offset, chunkBytes } = state);
          } else {
            if (known) await known.body?.cancel().catch(() => {});
            const created = await json(
              await request('POST', '/v1/blobs/uploads', {
                body: Buffer.from(JSON.stringify({ sha256, size })),
                headers: { 'content-type': 'application/json' },
                ...signalOpt,
              }),
              createUploadResponseSchema,
            );
            if (created.state === 'complete') return { sha256, size, bytesSent };
            uploadId = created.uploadId;
            ({ offset, chunkBytes } = created);
          }
          const step = Math.max(1, Math.min(chunkBytes, opts.maxChunkBytes ?? chunkBytes));
          const buffer = Buffer.alloc(Math.min(step, Math.max(size, 1)));
          onProgress?.(offset, size);
          for (;;) {
            while (offset < size) {
              const want = Math.min(step, size - offset);
              const { bytesRead } = await handle.read(buffer, 0, want, offset);
              if (bytesRead !== want) throw new AppError('CONFLICT', 'errors.blobs.fileChanged');
              const res = await request('PATCH', `/v1/blobs/uploads/${uploadId}?offset=${offset}`, {
                body: buffer.subarray(0, want),
                headers: { 'content-type': BLOB_CHUNK_MEDIA_TYPE },
                ...signalOpt,
              });
              if (res.status === 404) await uploadLost(res);
              if (res.status === 409) {
                const err = await errorOf(res);
                if (err.code !== 'UPLOAD_OFFSET_MISMATCH') throw err;
                offset = Number(err.params?.expectedOffset);
                continue;
              }
              const accepted = await json(res, chunkAcceptedSchema);
              bytesSent += accepted.offset - offset;
              offset = accepted.offset;
              progressed();
              onProgress?.(offset, size);
            }
            const done = await request('POST', `/v1/blobs/uploads/${uploadId}/complete`, signalOpt);
            if (done.status === 404) await uploadLost(done);
            if (done.status === 409) {
              // Bytes missing after all (another request of ours was cut and not recorded): send them.
              const err = await errorOf(done);
              if (err.code !== 'UPLOAD_OFFSET_MISMATCH') throw err;
              offset = Number(err.params?.expectedOffset);
              continue;
            }
            if (done.status === 422) {
              const err = await errorOf(done);
              // The server hashed other bytes than were hashed here: the file changed meanwhile.
              if (err.code === 'BLOB_HASH_MISMATCH' && (await hashFile(file)).sha256 !== sha256) throw new AppError('CONFLICT', 'errors.blobs.fileChanged');
              throw err;
            }
            await json(done, uploadCompletedSchema);
            return { sha256, size, bytesSent };
          }
        });
      } finally {
        await handle.close();
      }
    },

    async download(sha256, dest, topts = {}) {
      if (!SHA256_HEX.test(sha256)) throw new AppError('VALIDATION_FAILED', 'errors.validationFailed', { fields: [{ path: ['sha256'], i18nKey: 'errors.field.badFormat' }] });
      const { signal, onProgress } = topts;
      const signalOpt = signal ? { signal } : {};
      // Beside the destination, so the final rename stays within one filesystem; kept across
      // tries (and calls) so a cut download goes on from its last byte.
      const partial = path.join(path.dirname(dest), `.${path.basename(dest)}.${sha256.slice(0, 16)}.download`);
      const etag = `"${sha256}"`;
      const size = await withRetries(signal, async (progressed) => {
        const have = await fs.promises.stat(partial).then(
          (s) => s.size,
          () => 0,
        );
        const headers: Record<string, string> = have > 0 ? { range: `bytes=${have}-`, 'if-range': etag } : {};
        const res = await request('GET', `/v1/blobs/${sha256}`, { headers, ...signalOpt });
        if (res.status === 416) {
          // What is on disk is not a beginning of this blob: start over.
          await res.body?.cancel().catch(() => {});
          await fs.promises.rm(partial, { force: true });
          throw new Retryable('range not satisfiable');
        }
        if (res.status !== 200 && res.status !== 206) throw await errorOf(res);
        if (res.headers.get('etag') !== etag) {
          await res.body?.cancel().catch(() => {});
          throw new AppError('INTERNAL', 'errors.blobs.unexpectedAnswer', { params: { status: res.status } });
        }
        let total: number;
        let append: boolean;
        if (res.status === 206) {
          const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
          if (!m || Number(m[1]) !== have) {
            await res.body?.cancel().catch(() => {});
            throw new AppError('INTERNAL', 'errors.blobs.unexpectedAnswer', { params: { status: res.status } });
          }
          total = Number(m[3]);
          append = true;
        } else {
          total = Number(res.headers.get('content-length'));
          append = false;
        }
        onProgress?.(append ? have : 0, total);
        if (res.body) {
          const out = fs.createWriteStream(partial, { flags: append ? 'a' : 'w' });
          try {
            await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), out);
          } catch (err) {
            if (signal?.aborted) throw err;
            // A full disk is no cut: every try would fail again, each counted as progress (without
            // end), and the clerk has space to free, not a server to reach. What reached the file stays.
            if (isOutOfSpace(err)) throw err;
            // Whatever reached the file is a correct beginning: the next try asks for the rest.
            progressed();
            throw new Retryable('download cut', { cause: err });
          }
        } else {
          await fs.promises.writeFile(partial, Buffer.alloc(0), { flag: append ? 'a' : 'w' });
        }
        progressed();
        return total;
      });

      const got = await hashFile(partial);
      if (got.sha256 !== sha256 || got.size !== size) {
        await fs.promises.rm(partial, { force: true });
        throw new AppError('BLOB_HASH_MISMATCH', 'errors.blobs.downloadHashMismatch', { params: { expected: sha256, actual: got.sha256 } });
      }
      const handle = await fs.promises.open(partial, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(partial, dest);
      onProgress?.(size, size);
      return { size };
    },
  };
}
