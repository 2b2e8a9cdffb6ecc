// Exports waiting to be downloaded by the browser shell (which has no save dialog): a file made
// under <dataDir>/exports/<id>, handed once to GET /download/<id> (streamed, never whole in
// memory), then removed. Unclaimed ones go after DOWNLOAD_TTL_MS, and all at the next start.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { ID_PATTERN, newId } from '../../../shared/ids';

export const EXPORTS_DIR_NAME = 'exports';
export const DOWNLOAD_TTL_MS = 10 * 60 * 1000;

export interface StagedDownload {
  id: string;
  file: string;
  fileName: string;
}

export class ExportDownloads {
  readonly dir: string;
  private readonly waiting = new Map<string, { fileName: string; timer: NodeJS.Timeout }>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, EXPORTS_DIR_NAME);
  }

  /** Removes what earlier runs left: called once at start. */
  async clear(): Promise<void> {
    await fsp.rm(this.dir, { recursive: true, force: true });
  }

  /** A new file to write an export to, offered for download under `fileName` once `offer`ed. */
  async stage(fileName: string): Promise<StagedDownload> {
    await fsp.mkdir(this.dir, { recursive: true });
    const id = newId();
    return { id, file: path.join(this.dir, id), fileName };
  }

  /** The staged file is whole: it may be downloaded (once) until it expires. */
  offer(staged: StagedDownload): void {
    const timer = setTimeout(() => void this.remove(staged.id), DOWNLOAD_TTL_MS);
    timer.unref();
    this.waiting.set(staged.id, { fileName: staged.fileName, timer });
  }

  /** Hands a download over (once): its file, name and size; NOT_FOUND for an id unknown, taken or expired. */
  async take(id: string): Promise<{ file: string; fileName: string; size: number }> {
    const entry = ID_PATTERN.test(id) ? this.waiting.get(id) : undefined;
    const file = path.join(this.dir, id);
    const stat = entry ? await fsp.stat(file).catch(() => null) : null;
    if (!entry || !stat) throw new AppError('NOT_FOUND', 'errors.documents.downloadGone');
    clearTimeout(entry.timer);
    this.waiting.delete(id);
    return { file, fileName: entry.fileName, size: stat.size };
  }

  async remove(id: string): Promise<void> {
    const entry = this.waiting.get(id);
    if (entry) clearTimeout(entry.timer);
    this.waiting.delete(id);
    if (ID_PATTERN.test(id)) await fsp.rm(path.join(this.dir, id), { force: true });
  }

  close(): void {
    for (const e of this.waiting.values()) clearTimeout(e.timer);
    this.waiting.clear();
    if (fs.existsSync(this.dir)) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
