// The blob protocol (ARCHITECTURE §4, blobs): scans and signed PDFs travel as content-addressed
// blobs, uploaded in resumable chunks and downloaded by hash. The server validates every request
// with these schemas and its OpenAPI document is made from them; the desk's blob client parses
// every answer with them. A hash or an upload id is the only thing of a client's that ever names
// a file on the server, so both are held to exact patterns here.
import { z } from 'zod';

/** Lowercase hex SHA-256: the blob's only name, on the wire and on the server's disk. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const sha256Schema = z.string().regex(SHA256_HEX).describe('SHA-256 of the content, 64 lowercase hexadecimal digits');

/** An upload is named by the server (a UUID), never by the client. */
export const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const uploadIdSchema = z.string().regex(UPLOAD_ID).describe('Upload id given by the server (lowercase UUID)');

/** Sizes travel as JSON numbers: exact up to 2^53, far above any blob the server accepts. */
const byteCount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Chunks are sent as raw bytes with this media type. */
export const BLOB_CHUNK_MEDIA_TYPE = 'application/octet-stream';

export const createUploadRequestSchema = z
  .strictObject({ sha256: sha256Schema, size: byteCount })
  .describe('The blob about to be sent: its hash and size, declared up front and checked on completion.');
export type CreateUploadRequest = z.infer<typeof createUploadRequestSchema>;

/** Where an upload stands: the next byte the server expects is `offset`. */
export const uploadStateSchema = z.strictObject({
  state: z.literal('open'),
  uploadId: uploadIdSchema,
  sha256: sha256Schema,
  size: byteCount,
  offset: byteCount,
  /** The largest chunk the server takes in one request. */
  chunkBytes: z.number().int().min(1),
});
export type UploadState = z.infer<typeof uploadStateSchema>;

/** The court already holds this blob: nothing to send. */
export const blobPresentSchema = z.strictObject({
  state: z.literal('complete'),
  sha256: sha256Schema,
  size: byteCount,
});
export type BlobPresent = z.infer<typeof blobPresentSchema>;

export const createUploadResponseSchema = z
  .discriminatedUnion('state', [uploadStateSchema, blobPresentSchema])
  .describe(
    'complete: the court already holds this blob, send nothing. open: send the bytes from offset (an upload of this device for the same hash is continued, not restarted).',
  );
export type CreateUploadResponse = z.infer<typeof createUploadResponseSchema>;

export const uploadParamsSchema = z.strictObject({ uploadId: uploadIdSchema });
export const blobParamsSchema = z.strictObject({ sha256: sha256Schema });

/** Whole decimal number of bytes, as a query parameter: no sign, no exponent, no leading zeros. */
export const chunkQuerySchema = z.strictObject({
  offset: z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/)
    .transform(Number)
    .pipe(byteCount)
    .describe('Where this chunk starts in the blob; must equal the upload offset the server holds'),
});

export const chunkAcceptedSchema = z.strictObject({ offset: byteCount }).describe('The next byte the server expects.');
export type ChunkAccepted = z.infer<typeof chunkAcceptedSchema>;

export const uploadCompletedSchema = blobPresentSchema.describe('The content matched its hash and is stored; the court may download it.');
export type UploadCompleted = z.infer<typeof uploadCompletedSchema>;
