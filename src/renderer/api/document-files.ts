// How a File the clerk picked or dropped reaches main: in Electron by its path on this desk
// (window.mahkamaFiles, preload), main reading it from disk; in the browser shell streamed to
// POST /upload (the browser reads it from disk as it sends, never whole in memory here), then
// imported by the upload id. Nothing else in the renderer knows which one is in use.
import type { AppErrorData, Result } from '../../shared/errors';
import { UPLOAD_HTTP_PATH } from '../../shared/ipc/contract';
import type { MahkamaFiles } from '../../shared/ipc/push-channel';
import { uploadedFileSchema, type DocumentSource } from '../../shared/schemas/documents';
import { fileNameShown } from '../../shared/text-rules';
import { BAD_RESPONSE, CONNECTION_LOST } from './http-client';

function desktopPathOf(file: File): string {
  const files = (globalThis as { mahkamaFiles?: MahkamaFiles }).mahkamaFiles;
  return files ? files.pathOf(file) : '';
}

/** The import source of a File: its path (desktop app), or an upload made now (browser shell). */
export async function sourceOfFile(file: File): Promise<Result<DocumentSource>> {
  const filePath = desktopPathOf(file);
  if (filePath) return { ok: true, value: { kind: 'path', path: filePath } };
  let response: Response;
  try {
    response = await fetch(UPLOAD_HTTP_PATH, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file, credentials: 'same-origin' });
  } catch {
    return { ok: false, error: CONNECTION_LOST };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, error: BAD_RESPONSE };
  }
  const answer = body as { ok?: unknown; value?: unknown; error?: AppErrorData };
  if (answer.ok === false && answer.error && typeof answer.error.i18nKey === 'string') return { ok: false, error: answer.error };
  const parsed = uploadedFileSchema.safeParse(answer.value);
  if (answer.ok !== true || !parsed.success) return { ok: false, error: BAD_RESPONSE };
  return { ok: true, value: { kind: 'upload', uploadId: parsed.data.uploadId, fileName: fileNameShown(file.name).slice(0, 255) } };
}
