// The blob routes under /v1/blobs (ARCHITECTURE §4, blobs): create an upload, send chunks of raw
// bytes at an offset, ask the offset, complete (the server hashes what it has), cancel, and
// download by hash with HTTP ranges. Every request is authorized first by the injected
// `authorize` (the device's court and id); nothing here knows how tokens work. A blob or an
// upload of another court or device is answered exactly like one that does not exist.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import {
  BLOB_CHUNK_MEDIA_TYPE,
  blobParamsSchema,
  chunkAcceptedSchema,
  chunkQuerySchema,
  createUploadRequestSchema,
  createUploadResponseSchema,
  uploadCompletedSchema,
  uploadParamsSchema,
  uploadStateSchema,
} from '../../shared/schemas/blobs';
import { errorResponseSchema } from '../../shared/schemas/server-api';
import type { MahkamaServer } from '../app';
import { MediaTypeRefused } from '../http-errors';
import type { BlobAccess, BlobStore } from './blob-store';

/** Who the request comes from; rejects (NOT_AUTHENTICATED, FORBIDDEN…) when nobody acceptable. */
export type BlobAuthorizer = (request: FastifyRequest) => Promise<BlobAccess>;

export interface BlobRoutesOptions {
  store: BlobStore;
  authorize: BlobAuthorizer;
  /** Told when a court came to hold a blob (an upload completed): the extension job may be waiting for it. */
  onStored?: (access: BlobAccess, sha256: string) => void;
}

export const BLOB_ROUTE_PREFIX = '/v1/blobs';

/** Raw bytes (a file stream): Fastify sends streams and buffers as they are, never through a schema. */
const blobBytes = z.any();

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, errorResponseSchema]));

/** One satisfiable byte range, or why the header is not used. */
export type RangeRequest = { kind: 'whole' } | { kind: 'range'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * Reads a Range header for a file of `size` bytes (RFC 9110 §14): one range of bytes, as
 * `a-b`, `a-` or `-n`. Several ranges, other units or a malformed header are ignored (the whole
 * file is sent), as the RFC allows; a range that starts past the end is unsatisfiable (416).
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  // Any number of digits: a start past any file is unsatisfiable, an end past it is the file's end.
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'whole' };
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    return size === 0 ? { kind: 'unsatisfiable' } : { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end };
}

export async function registerBlobRoutes(app: MahkamaServer, opts: BlobRoutesOptions): Promise<void> {
  const { store, authorize } = opts;
  await app.register(
    async (plain: FastifyInstance) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      const accessOf = new WeakMap<FastifyRequest, BlobAccess>();

      // Before the body is read: an unknown device's chunk is refused without touching the disk.
      scope.addHook('onRequest', async (request) => {
        accessOf.set(request, await authorize(request));
      });
      const access = (request: FastifyRequest): BlobAccess => {
        const a = accessOf.get(request);
        if (!a) throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
        return a;
      };

      // Chunks are raw bytes, handed to the handler as the request stream itself: never buffered,
      // counted and bounded (chunk size, what the upload still lacks) while they are written.
      scope.addContentTypeParser(BLOB_CHUNK_MEDIA_TYPE, (_request, payload, done) => done(null, payload));

      scope.post(
        '/uploads',
        {
          schema: {
            tags: ['blobs'],
            summary: 'Start (or continue) an upload of a blob of this hash and size',
            description:
              'Answers 200 "complete" when the court already holds the blob (send nothing), else 201 "open" with the offset to send from. ' +
              'A device has at most a configured number of uploads open (429 TOO_MANY_UPLOADS); a size above the limit is 413 TOO_LARGE.',
            body: createUploadRequestSchema,
            response: { 200: createUploadResponseSchema, 201: createUploadResponseSchema, ...errors(400, 401, 403, 413, 429) },
          },
        },
        async (request, reply) => {
          const answer = await store.createUpload(access(request), request.body);
          if (answer.state === 'complete') opts.onStored?.(access(request), answer.sha256);
          return reply.code(answer.state === 'complete' ? 200 : 201).send(answer);
        },
      );

      scope.get(
        '/uploads/:uploadId',
        {
          schema: {
            tags: ['blobs'],
            summary: 'Where an upload stands: the offset the next chunk must start at (resume after a cut)',
            params: uploadParamsSchema,
            response: { 200: uploadStateSchema, ...errors(400, 401, 403, 404) },
          },
        },
        async (request) => store.uploadState(access(request), request.params.uploadId),
      );

      scope.patch(
        '/uploads/:uploadId',
        {
          schema: {
            tags: ['blobs'],
            summary: 'Send the next chunk of an upload as raw bytes (application/octet-stream)',
            description:
              'The chunk must start at the upload offset (else 409 UPLOAD_OFFSET_MISMATCH with params.expectedOffset) and be at most chunkBytes long ' +
              'and no longer than what the upload still lacks (else 413 TOO_LARGE). If the connection is cut mid-chunk, the bytes that arrived are kept: ask the offset and go on from there.',
            consumes: [BLOB_CHUNK_MEDIA_TYPE],
            params: uploadParamsSchema,
            querystring: chunkQuerySchema,
            response: { 200: chunkAcceptedSchema, ...errors(400, 401, 403, 404, 409, 413, 415) },
          },
        },
        async (request) => {
          const who = access(request);
          const body = request.body as unknown;
          const stream = body === undefined || body === null ? null : isReadable(body) ? body : undefined;
          // A body some other parser took (JSON): not the raw bytes a chunk is.
          if (stream === undefined) throw new MediaTypeRefused(new AppError('MALFORMED_REQUEST', 'errors.blobs.chunkMediaType'));
          const length = request.headers['content-length'];
          const declared = typeof length === 'string' && /^\d{1,16}$/.test(length) ? Number(length) : undefined;
          return store.appendChunk(who, request.params.uploadId, request.query.offset, stream, declared);
        },
      );

      scope.post(
        '/uploads/:uploadId/complete',
        {
          schema: {
            tags: ['blobs'],
            summary: 'Finish an upload: the server hashes what it received and stores the blob under its hash',
            description:
              '409 UPLOAD_OFFSET_MISMATCH while bytes are missing; 422 BLOB_HASH_MISMATCH when the content does not match the declared hash (the upload is deleted).',
            params: uploadParamsSchema,
            response: { 200: uploadCompletedSchema, ...errors(400, 401, 403, 404, 409, 422) },
          },
        },
        async (request) => {
          const done = await store.completeUpload(access(request), request.params.uploadId);
          opts.onStored?.(access(request), done.sha256);
          return done;
        },
      );

      scope.delete(
        '/uploads/:uploadId',
        {
          schema: {
            tags: ['blobs'],
            summary: 'Cancel an upload and delete what it received',
            params: uploadParamsSchema,
            response: { 204: z.null().describe('Cancelled.'), ...errors(400, 401, 403, 404) },
          },
        },
        async (request, reply) => {
          await store.cancelUpload(access(request), request.params.uploadId);
          return reply.code(204).send(null);
        },
      );

      scope.get(
        '/:sha256',
        {
          schema: {
            tags: ['blobs'],
            summary: "Download a blob of the device's court by its hash; one byte range (206) resumes a cut download",
            description: 'ETag is the hash. A blob of another court is 404, like one that does not exist.',
            params: blobParamsSchema,
            response: {
              200: blobBytes.describe('The whole blob (application/octet-stream).'),
              206: blobBytes.describe('The range asked for; Content-Range says which.'),
              304: blobBytes.describe('Not modified: the client holds this hash already.'),
              ...errors(400, 401, 403, 404),
              416: errorResponseSchema,
            },
          },
        },
        async (request, reply) => {
          const blob = await store.findBlob(access(request), request.params.sha256);
          const etag = `"${blob.sha256}"`;
          void reply
            .header('etag', etag)
            .header('accept-ranges', 'bytes')
            .header('cache-control', 'private, max-age=31536000, immutable')
            .type('application/octet-stream');
          const ifNoneMatch = request.headers['if-none-match'];
          if (typeof ifNoneMatch === 'string' && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
            return reply.code(304).send(null);
          }
          // A range of another version is no use to a client: If-Range naming another tag gets it all.
          const ifRange = request.headers['if-range'];
          const range = typeof ifRange === 'string' && ifRange.trim() !== etag ? { kind: 'whole' as const } : parseRange(request.headers.range, blob.size);
          if (range.kind === 'unsatisfiable') {
            return reply
              .code(416)
              .header('content-range', `bytes */${blob.size}`)
              .type('application/json; charset=utf-8')
              .send({ error: new AppError('MALFORMED_REQUEST', 'errors.blobs.rangeNotSatisfiable', { params: { size: blob.size } }).toData() });
          }
          const [start, end] = range.kind === 'range' ? [range.start, range.end] : [0, blob.size - 1];
          const file = await fs.promises.open(blob.file, 'r');
          // Empty blob: nothing to stream.
          const stream = blob.size === 0 ? (await file.close(), null) : file.createReadStream({ start, end, autoClose: true });
          void reply.header('content-length', String(Math.max(0, end - start + 1)));
          if (range.kind === 'range') {
            void reply.code(206).header('content-range', `bytes ${start}-${end}/${blob.size}`);
          } else {
            void reply.code(200);
          }
          return reply.send(stream ?? Buffer.alloc(0));
        },
      );
    },
    { prefix: BLOB_ROUTE_PREFIX },
  );
}

function isReadable(value: unknown): value is Readable {
  return !!value && typeof value === 'object' && typeof (value as Readable).pipe === 'function' && typeof (value as Readable).iterator === 'function';
}
