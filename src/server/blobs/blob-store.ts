// The server's blob store: content-addressed files on disk (scans, signed PDFs) and the resumable
// uploads that bring them. Everything an upload needs between two requests is in the database
// (migration 0013) and in its part files, never in this process's memory, so an upload survives a
// restart and any instance sharing the database and the blob folder can take its next chunk.
// It never builds a path from anything but a validated SHA-256 or a server-made upload id, and
// never holds a whole file in memory.
//
// On disk, under the blob folder:
//   sha256/ab/cd/<sha256>        a stored blob, named only by its hash (two fan-out levels)
//   uploads/<uploadId>/          an upload in progress: one file per accepted chunk
//                                (<start>-<uuid>.chunk) and, while completing, assembled-<uuid>
//   work/                        files the server makes itself before they become blobs (a
//                                judgment's signatures extended: src/server/ltv), named by their maker
// Both live under one folder, so moving a finished blob into place is a rename within one
// filesystem: atomic, and a reader never sees half a blob.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../../domain/db-schema';
import { AppError } from '../../shared/errors';
import {
  SHA256_HEX,
  UPLOAD_ID,
  type ChunkAccepted,
  type CreateUploadRequest,
  type CreateUploadResponse,
  type UploadCompleted,
  type UploadState,
} from '../../shared/schemas/blobs';
import type { BlobSettings } from '../config';
import type { Logger } from '../logger';

/** Who asks: the authorizer's answer for the request (a device enrolled in a court). */
export interface BlobAccess {
  courtId: string;
  deviceId: string;
}

export interface StoredBlob {
  sha256: string;
  size: number;
  /** Absolute path of the file; read it as a stream. */
  file: string;
}

export interface ExpiryReport {
  /** Uploads abandoned for longer than the expiry, deleted with their parts. */
  expired: number;
  /** Folders and files under uploads/ that no upload owns any more (a crash mid-way), removed. */
  strays: number;
}

export interface BlobStore {
  readonly dir: string;
  readonly settings: BlobSettings;
  /** Creates the folders; call once before serving. */
  init(): Promise<void>;
  createUpload(access: BlobAccess, request: CreateUploadRequest): Promise<CreateUploadResponse>;
  uploadState(access: BlobAccess, uploadId: string): Promise<UploadState>;
  /**
   * Writes the bytes of `body` at `offset`. If the body stops early (the connection was cut), what
   * arrived is kept and recorded, so the client resumes from the server's offset, not the chunk's.
   */
  appendChunk(access: BlobAccess, uploadId: string, offset: number, body: Readable | null, declaredLength: number | undefined): Promise<ChunkAccepted>;
  completeUpload(access: BlobAccess, uploadId: string): Promise<UploadCompleted>;
  cancelUpload(access: BlobAccess, uploadId: string): Promise<void>;
  /** The court's blob, or NOT_FOUND — the same answer whether it does not exist or is another court's. */
  findBlob(access: BlobAccess, sha256: string): Promise<StoredBlob>;
  /** The folder where the server makes files it then stores (`storeFile`): under the blob folder, so storing is a rename. */
  readonly workDir: string;
  /**
   * A file the server made itself (in `workDir`), hashed again here and moved into place as the
   * court's blob: `created` when the content was not stored before (for any court), so a caller
   * that then cannot use it may take it back (`dropCreated`). The file is gone from `workDir` after.
   */
  storeFile(access: BlobAccess, file: string): Promise<StoredBlob & { created: boolean }>;
  /**
   * Takes back a blob `storeFile` created and nobody else holds: its rows, then its file — also when
   * only part of it was written (the file renamed into place, its rows not yet).
   */
  dropCreated(access: BlobAccess, sha256: string): Promise<void>;
  expireUploads(now?: Date): Promise<ExpiryReport>;
}

export interface BlobStoreOptions {
  db: Kysely<Database>;
  settings: BlobSettings;
  log?: Logger;
  now?: () => Date;
}

type UploadRow = Database['blob_uploads'];

const blobNotFound = () => new AppError('NOT_FOUND', 'errors.blobs.notFound');
const uploadNotFound = () => new AppError('NOT_FOUND', 'errors.blobs.uploadNotFound');

function offsetMismatch(offset: number, expectedOffset: number, size: number): AppError {
  return new AppError('UPLOAD_OFFSET_MISMATCH', 'errors.blobs.offsetMismatch', { params: { offset, expectedOffset, size } });
}

/** A stored blob's path. The hash is checked again here: no other code builds blob paths. */
export function blobPath(dir: string, sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new AppError('INTERNAL', 'errors.internal');
  return path.join(dir, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

function uploadDirOf(dir: string, uploadId: string): string {
  if (!UPLOAD_ID.test(uploadId)) throw new AppError('INTERNAL', 'errors.internal');
  return path.join(dir, 'uploads', uploadId);
}

/** fsync of a folder, so a rename or a new entry in it survives a power cut. */
async function syncDir(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: fs.promises.FileHandle, buf: Buffer): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await handle.write(buf, done, buf.length - done);
    done += bytesWritten;
  }
}

function isMissing(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as NodeJS.ErrnoException).code === 'ENOENT';
}

export function createBlobStore(opts: BlobStoreOptions): BlobStore {
  const { db, settings } = opts;
  const dir = settings.dir;
  const now = opts.now ?? (() => new Date());
  const uploadsDir = path.join(dir, 'uploads');
  const workDir = path.join(dir, 'work');

  async function ownUpload(access: BlobAccess, uploadId: string): Promise<UploadRow> {
    const row = await db
      .selectFrom('blob_uploads')
      .selectAll()
      .where('id', '=', uploadId)
      .where('court_id', '=', access.courtId)
      .where('device_id', '=', access.deviceId)
      .executeTakeFirst();
    // Another device's upload is answered as no upload at all: ids are not a way to probe.
    if (!row) throw uploadNotFound();
    return row;
  }

  const stateOf = (row: UploadRow): UploadState => ({
    state: 'open',
    uploadId: row.id,
    sha256: row.sha256,
    size: row.size,
    offset: row.received,
    chunkBytes: settings.chunkBytes,
  });

  async function courtHolds(access: BlobAccess, sha256: string): Promise<{ size: number } | undefined> {
    return db
      .selectFrom('blobs as b')
      .innerJoin('blob_courts as c', 'c.sha256', 'b.sha256')
      .select('b.size')
      .where('b.sha256', '=', sha256)
      .where('c.court_id', '=', access.courtId)
      .executeTakeFirst();
  }

  /** Deletes an upload's row (and its chunks' rows), then its folder. */
  async function dropUpload(uploadId: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('blob_upload_chunks').where('upload_id', '=', uploadId).execute();
      await trx.deleteFrom('blob_uploads').where('id', '=', uploadId).execute();
    });
    await fs.promises.rm(uploadDirOf(dir, uploadId), { recursive: true, force: true });
  }

  return {
    dir,
    settings,

    async init() {
      try {
        await fs.promises.mkdir(workDir, { recursive: true });
        await fs.promises.mkdir(path.join(dir, 'sha256'), { recursive: true });
        await fs.promises.mkdir(uploadsDir, { recursive: true });
      } catch (err) {
        throw new AppError('SERVICE_UNAVAILABLE', 'errors.server.blobDirUnusable', { params: { dir }, cause: err });
      }
    },

    async createUpload(access, { sha256, size }) {
      if (size > settings.maxBlobBytes) {
        throw new AppError('TOO_LARGE', 'errors.blobs.tooLarge', { params: { limit: settings.maxBlobBytes } });
      }
      // Only a court that already sent these bytes is told they are here: to another court the
      // hash says nothing, and it gains the blob only by sending the content (checked on completion).
      const held = await courtHolds(access, sha256);
      if (held) return { state: 'complete', sha256, size: held.size };

      const existing = await db
        .selectFrom('blob_uploads')
        .selectAll()
        .where('court_id', '=', access.courtId)
        .where('device_id', '=', access.deviceId)
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      if (existing && existing.size === size) return stateOf(existing);
      // Same content, another size: one declaration is wrong; the newer one is tried (completion checks it).
      if (existing) await dropUpload(existing.id);

      const open = await db
        .selectFrom('blob_uploads')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('device_id', '=', access.deviceId)
        .executeTakeFirstOrThrow();
      if (Number(open.n) >= settings.maxOpenUploadsPerDevice) {
        throw new AppError('TOO_MANY_UPLOADS', 'errors.blobs.tooManyUploads', { params: { limit: settings.maxOpenUploadsPerDevice } });
      }
      const at = now().toISOString();
      // Two creations of the same content by one device at once: one row, both continue it.
      await db
        .insertInto('blob_uploads')
        .values({ id: randomUUID(), sha256, size, received: 0, court_id: access.courtId, device_id: access.deviceId, created_at: at, touched_at: at })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const row = await db
        .selectFrom('blob_uploads')
        .selectAll()
        .where('court_id', '=', access.courtId)
        .where('device_id', '=', access.deviceId)
        .where('sha256', '=', sha256)
        .executeTakeFirstOrThrow();
      return stateOf(row);
    },

    async uploadState(access, uploadId) {
      return stateOf(await ownUpload(access, uploadId));
    },

    async appendChunk(access, uploadId, offset, body, declaredLength) {
      const upload = await ownUpload(access, uploadId);
      if (offset !== upload.received) throw offsetMismatch(offset, upload.received, upload.size);
      const remaining = upload.size - upload.received;
      const tooLong = (): AppError =>
        settings.chunkBytes <= remaining
          ? new AppError('TOO_LARGE', 'errors.blobs.chunkTooLarge', { params: { limit: settings.chunkBytes } })
          : new AppError('TOO_LARGE', 'errors.blobs.beyondSize', { params: { size: upload.size } });
      const limit = Math.min(settings.chunkBytes, remaining);
      // Refused before a byte is read when the length is declared; otherwise counted as it comes.
      if (declaredLength !== undefined && declaredLength > limit) throw tooLong();
      if (body === null || declaredLength === 0) return { offset: upload.received };

      const folder = uploadDirOf(dir, uploadId);
      await fs.promises.mkdir(folder, { recursive: true });
      const name = `${offset}-${randomUUID()}.chunk`;
      const file = path.join(folder, name);
      const handle = await fs.promises.open(file, 'wx');
      let written = 0;
      let overflow = false;
      let cut: unknown;
      let diskError: unknown;
      try {
        // Not destroyed on an early stop: the refusal must still reach the client, and Node drains
        // what is left of the body.
        for await (const piece of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
          if (written + piece.length > limit) {
            overflow = true;
            break;
          }
          try {
            await writeAll(handle, piece);
          } catch (err) {
            diskError = err;
            break;
          }
          written += piece.length;
        }
      } catch (err) {
        // The connection was cut mid-chunk: what reached the disk is kept, so the client resumes
        // from the byte after it.
        cut = err;
      }
      try {
        if (!overflow && diskError === undefined && written > 0) await handle.sync();
      } catch (err) {
        diskError = err;
      } finally {
        await handle.close();
      }
      if (overflow || diskError !== undefined || written === 0) {
        await fs.promises.rm(file, { force: true });
        if (overflow) throw tooLong();
        if (diskError !== undefined) throw diskError;
        return { offset: upload.received };
      }

      // Recorded only if nobody else extended the upload meanwhile (another request, another
      // instance): the compare-and-set on `received` lets exactly one chunk take each offset.
      const recorded = await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('blob_uploads')
          .set({ received: offset + written, touched_at: now().toISOString() })
          .where('id', '=', uploadId)
          .where('received', '=', offset)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await trx.insertInto('blob_upload_chunks').values({ upload_id: uploadId, starts_at: offset, bytes: written, file: name }).execute();
        return true;
      });
      if (!recorded) {
        await fs.promises.rm(file, { force: true });
        const current = await db.selectFrom('blob_uploads').select(['received', 'size']).where('id', '=', uploadId).executeTakeFirst();
        if (!current) throw uploadNotFound();
        throw offsetMismatch(offset, current.received, current.size);
      }
      if (cut) opts.log?.info({ uploadId, offset, kept: written }, 'chunk cut short by the client; the bytes received are kept');
      return { offset: offset + written };
    },

    async completeUpload(access, uploadId) {
      const upload = await ownUpload(access, uploadId);
      if (upload.received !== upload.size) {
        throw new AppError('UPLOAD_OFFSET_MISMATCH', 'errors.blobs.uploadIncomplete', {
          params: { offset: upload.size, expectedOffset: upload.received, size: upload.size },
        });
      }
      const chunks = await db
        .selectFrom('blob_upload_chunks')
        .select(['starts_at', 'bytes', 'file'])
        .where('upload_id', '=', uploadId)
        .orderBy('starts_at')
        .execute();
      const folder = uploadDirOf(dir, uploadId);
      await fs.promises.mkdir(folder, { recursive: true });
      const assembled = path.join(folder, `assembled-${randomUUID()}`);
      const hash = createHash('sha256');
      try {
        const out = await fs.promises.open(assembled, 'wx');
        try {
          let expected = 0;
          for (const chunk of chunks) {
            if (chunk.starts_at !== expected) throw new Error(`upload ${uploadId}: chunk at ${chunk.starts_at}, expected ${expected}`);
            let read = 0;
            for await (const piece of fs.createReadStream(path.join(folder, chunk.file)) as AsyncIterable<Buffer>) {
              hash.update(piece);
              await writeAll(out, piece);
              read += piece.length;
            }
            if (read !== chunk.bytes) throw new Error(`upload ${uploadId}: chunk file at ${chunk.starts_at} holds ${read} bytes, recorded ${chunk.bytes}`);
            expected += chunk.bytes;
          }
          await out.sync();
        } finally {
          await out.close();
        }
      } catch (err) {
        // Another instance completed this upload at the same moment and removed its folder.
        if (isMissing(err) && (await courtHolds(access, upload.sha256))) return { state: 'complete', sha256: upload.sha256, size: upload.size };
        await fs.promises.rm(assembled, { force: true });
        throw err;
      }
      const digest = hash.digest('hex');
      if (digest !== upload.sha256) {
        await dropUpload(uploadId);
        throw new AppError('BLOB_HASH_MISMATCH', 'errors.blobs.hashMismatch', { params: { expected: upload.sha256, actual: digest } });
      }

      const final = blobPath(dir, digest);
      const fanOut = path.dirname(final);
      await fs.promises.mkdir(fanOut, { recursive: true });
      // The same content stored by an earlier upload stays as it is; replacing it would be the
      // same bytes, but a reader streaming it keeps the old file either way.
      if (fs.existsSync(final)) {
        await fs.promises.rm(assembled, { force: true });
      } else {
        await fs.promises.rename(assembled, final);
        await syncDir(fanOut);
        await syncDir(path.dirname(fanOut));
      }
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('blobs').values({ sha256: digest, size: upload.size, stored_at: at }).onConflict((oc) => oc.doNothing()).execute();
        await trx
          .insertInto('blob_courts')
          .values({ sha256: digest, court_id: access.courtId, device_id: access.deviceId, added_at: at })
          .onConflict((oc) => oc.doNothing())
          .execute();
        await trx.deleteFrom('blob_upload_chunks').where('upload_id', '=', uploadId).execute();
        await trx.deleteFrom('blob_uploads').where('id', '=', uploadId).execute();
      });
      await fs.promises.rm(folder, { recursive: true, force: true });
      return { state: 'complete', sha256: digest, size: upload.size };
    },

    async cancelUpload(access, uploadId) {
      await ownUpload(access, uploadId);
      await dropUpload(uploadId);
    },

    async findBlob(access, sha256) {
      const held = await courtHolds(access, sha256);
      if (!held) throw blobNotFound();
      return { sha256, size: held.size, file: blobPath(dir, sha256) };
    },

    workDir,

    async storeFile(access, file) {
      if (path.dirname(path.resolve(file)) !== workDir) throw new AppError('INTERNAL', 'errors.internal');
      const hash = createHash('sha256');
      let size = 0;
      for await (const piece of fs.createReadStream(file) as AsyncIterable<Buffer>) {
        hash.update(piece);
        size += piece.length;
      }
      const digest = hash.digest('hex');
      const final = blobPath(dir, digest);
      const fanOut = path.dirname(final);
      await fs.promises.mkdir(fanOut, { recursive: true });
      const known = await db.selectFrom('blobs').select('sha256').where('sha256', '=', digest).executeTakeFirst();
      if (fs.existsSync(final)) {
        await fs.promises.rm(file, { force: true });
      } else {
        const handle = await fs.promises.open(file, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.promises.rename(file, final);
        await syncDir(fanOut);
        await syncDir(path.dirname(fanOut));
      }
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('blobs').values({ sha256: digest, size, stored_at: at }).onConflict((oc) => oc.doNothing()).execute();
        await trx.insertInto('blob_courts').values({ sha256: digest, court_id: access.courtId, device_id: access.deviceId, added_at: at }).onConflict((oc) => oc.doNothing()).execute();
      });
      return { sha256: digest, size, file: final, created: known === undefined };
    },

    async dropCreated(access, sha256) {
      const gone = await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('blob_courts').where('sha256', '=', sha256).where('court_id', '=', access.courtId).where('device_id', '=', access.deviceId).execute();
        const others = await trx.selectFrom('blob_courts').select('court_id').where('sha256', '=', sha256).executeTakeFirst();
        if (others) return false;
        await trx.deleteFrom('blobs').where('sha256', '=', sha256).execute();
        return true;
      });
      if (gone) await fs.promises.rm(blobPath(dir, sha256), { force: true });
    },

    async expireUploads(at = now()) {
      const cutoff = new Date(at.getTime() - settings.uploadExpiryMs).toISOString();
      const stale = await db.selectFrom('blob_uploads').select(['id', 'touched_at']).where('touched_at', '<', cutoff).execute();
      let expired = 0;
      for (const row of stale) {
        // Deleted only if still untouched: a chunk may have arrived since the select.
        const gone = await db.transaction().execute(async (trx) => {
          const still = await trx.selectFrom('blob_uploads').select('id').where('id', '=', row.id).where('touched_at', '=', row.touched_at).executeTakeFirst();
          if (!still) return false;
          await trx.deleteFrom('blob_upload_chunks').where('upload_id', '=', row.id).execute();
          await trx.deleteFrom('blob_uploads').where('id', '=', row.id).execute();
          return true;
        });
        if (gone) {
          await fs.promises.rm(uploadDirOf(dir, row.id), { recursive: true, force: true });
          expired += 1;
        }
      }

      // What no upload owns: folders of uploads deleted by a process that died before removing
      // them, and chunk or assembly files of requests that died before they were recorded. Only
      // when older than the expiry, so a request writing one right now is left alone.
      let strays = 0;
      const oldEnough = (mtime: Date) => mtime.getTime() < at.getTime() - settings.uploadExpiryMs;
      let entries: fs.Dirent[] = [];
      try {
        entries = await fs.promises.readdir(uploadsDir, { withFileTypes: true });
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
      for (const entry of entries) {
        const full = path.join(uploadsDir, entry.name);
        const stat = await fs.promises.lstat(full).catch(() => null);
        if (!stat) continue;
        const live = entry.isDirectory() && UPLOAD_ID.test(entry.name)
          ? await db.selectFrom('blob_uploads').select('id').where('id', '=', entry.name).executeTakeFirst()
          : undefined;
        if (!live) {
          if (oldEnough(stat.mtime)) {
            await fs.promises.rm(full, { recursive: true, force: true });
            strays += 1;
          }
          continue;
        }
        const recorded = new Set(
          (await db.selectFrom('blob_upload_chunks').select('file').where('upload_id', '=', entry.name).execute()).map((c) => c.file),
        );
        for (const f of await fs.promises.readdir(full)) {
          if (recorded.has(f)) continue;
          const fstat = await fs.promises.lstat(path.join(full, f)).catch(() => null);
          if (fstat && oldEnough(fstat.mtime)) {
            await fs.promises.rm(path.join(full, f), { recursive: true, force: true });
            strays += 1;
          }
        }
      }
      return { expired, strays };
    },
  };
}

/**
 * Runs expireUploads now and then, off the request path, until stopped. Several instances may run
 * it at once: each deletion is conditional on the upload still being untouched.
 */
export function startUploadExpiry(store: BlobStore, opts: { intervalMs?: number; log?: Logger } = {}): () => void {
  const intervalMs = opts.intervalMs ?? Math.min(store.settings.uploadExpiryMs / 4, 3_600_000);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    store
      .expireUploads()
      .then(
        (r) => {
          if (r.expired > 0 || r.strays > 0) opts.log?.info(r, 'abandoned uploads removed');
        },
        (err: unknown) => opts.log?.warn({ err }, 'expiry of abandoned uploads failed'),
      )
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
