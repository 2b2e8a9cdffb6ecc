// Picks the transport: window.mahkama (Electron preload) when present, else the HTTP client of the
// browser shell. Nothing else in the renderer may know which one is in use.
import type { MahkamaApi } from '../../shared/ipc/contract';
import { createHttpClient } from './http-client';

export function resolveApi(): MahkamaApi {
  const exposed = (globalThis as { mahkama?: MahkamaApi }).mahkama;
  return exposed ?? createHttpClient();
}
