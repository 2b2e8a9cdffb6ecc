// The viewer's page images: one page of a document rendered by MuPDF on the OCR pool (never on the
// app's main thread), its longer side bounded, cached in memory by the file's SHA-256 (content-
// addressed, so a cached page is never stale) under a byte budget, least recently used out first.
// The one function the Electron scheme and the browser shell's route both call, after the desk
// session check (app-service). Faults are typed: unknown document, page out of range, file gone
// or changed on disk — checked on every ask, a cached page included.
import fsp from 'node:fs/promises';
import type { Db } from '../../../domain';
import { notFound, ruleViolation } from '../../../shared/errors';
import { documentFault } from './document-fault';
import type { DocumentFileStore } from './file-store';
import type { OcrPool } from './ocr-pool';

/** Longer side of a page image in pixels: sharp at fit-width on a 1080p screen and twice zoomed on a laptop, ~1 MB of PNG. */
export const PAGE_IMAGE_MAX_SIDE = 2000;
/** Rendered pages kept in memory, in bytes of PNG. */
export const PAGE_IMAGE_CACHE_BYTES = 48 * 1024 * 1024;

export interface RenderedPage {
  png: Uint8Array;
  width: number;
  height: number;
}

export interface PageImages {
  pageImage(courtId: string, documentId: string, pageIndex: number): Promise<RenderedPage>;
  /** Bytes held by the cache (tests, diagnostics). */
  cachedBytes(): number;
}

export function createPageImages(opts: { db: Db; store: DocumentFileStore; pool: OcrPool; maxSide?: number; cacheBytes?: number }): PageImages {
  const maxSide = opts.maxSide ?? PAGE_IMAGE_MAX_SIDE;
  const budget = opts.cacheBytes ?? PAGE_IMAGE_CACHE_BYTES;
  // A Map keeps insertion order: re-inserting on a hit makes its first key the least recently used.
  const cache = new Map<string, RenderedPage>();
  const inFlight = new Map<string, Promise<RenderedPage>>();
  let bytes = 0;

  function remember(key: string, page: RenderedPage): void {
    if (page.png.byteLength > budget) return;
    cache.set(key, page);
    bytes += page.png.byteLength;
    while (bytes > budget) {
      const oldest = cache.keys().next().value!;
      bytes -= cache.get(oldest)!.png.byteLength;
      cache.delete(oldest);
    }
  }

  return {
    async pageImage(courtId, documentId, pageIndex) {
      const doc = await opts.db.selectFrom('documents').select(['id', 'court_id', 'sha256', 'size', 'page_count']).where('id', '=', documentId).executeTakeFirst();
      if (!doc || doc.court_id !== courtId) throw notFound('document', documentId);
      if (pageIndex < 0 || pageIndex >= doc.page_count) throw ruleViolation('pageOutOfRange', { page: pageIndex + 1, pages: doc.page_count });
      const key = `${doc.sha256}:${pageIndex}:${maxSide}`;
      const file = opts.store.pathOf(doc.sha256);
      // A file removed, or cut or replaced on disk, is named as such before a decoder sees it (a
      // worker may still hold the sound copy it read for OCR, and would answer from that) — and
      // before a page cached from it is shown: the viewer must not show what the desk no longer holds.
      const assertFileSound = async () => {
        const stat = await fsp.stat(file).catch(() => null);
        if (!stat?.isFile()) throw documentFault('vanished');
        if (stat.size !== doc.size) throw documentFault('truncated');
      };
      const hit = cache.get(key);
      if (hit) {
        await assertFileSound().catch((err: unknown) => {
          // Another ask may have dropped it meanwhile: count its bytes out once.
          if (cache.get(key) === hit) {
            bytes -= hit.png.byteLength;
            cache.delete(key);
          }
          throw err;
        });
        // Most recently used now (unless an ask meanwhile dropped it for a fault).
        if (cache.get(key) === hit) {
          cache.delete(key);
          cache.set(key, hit);
        }
        return hit;
      }
      const pending = inFlight.get(key);
      if (pending) return pending;
      const render = async (): Promise<RenderedPage> => {
        await assertFileSound();
        const { png, width, height } = await opts.pool.run({ kind: 'render', file, pageIndex, maxSide });
        const page = { png, width, height };
        remember(key, page);
        return page;
      };
      // Registered before its first await, so a second ask for the page meanwhile shares it.
      const run = render().finally(() => inFlight.delete(key));
      inFlight.set(key, run);
      return run;
    },
    cachedBytes: () => bytes,
  };
}
