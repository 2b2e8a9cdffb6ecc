// Picks the transport: window.mahkama (Electron preload) when present, else the HTTP client of the
// browser shell. Nothing else in the renderer may know which one is in use — page images included,
// which come out of band (binary) from the transport's own address for them.
import type { MahkamaApi } from '../../shared/ipc/contract';
import { pageImageUrl } from '../../shared/page-image-address';
import { createHttpClient } from './http-client';

function exposedApi(): MahkamaApi | undefined {
  return (globalThis as { mahkama?: MahkamaApi }).mahkama;
}

export function resolveApi(): MahkamaApi {
  return exposedApi() ?? createHttpClient();
}

/** The address of one page's image (page 1-based) for an <img>. */
export function pageImageSrc(documentId: string, page: number): string {
  return pageImageUrl(exposedApi() ? 'electron' : 'http', documentId, page);
}
