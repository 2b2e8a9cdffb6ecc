// The workstation's scanner folder (MAHKAMA_SCANNER_FOLDER): files a scanner drops there are listed
// for the clerk once their size and modification time have stopped changing (a scanner writes a
// file over seconds), the clerk files each into a case, and a filed file moves to `filed/`.
// Polled rather than fs.watch: scanners often write to network shares, where watch events are
// missing or doubled, and a stable size needs a second look anyway. Never reads a file's content:
// the import does, and a file that vanishes meanwhile is its `vanished` fault.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ScannerFile } from '../../../shared/schemas/documents';
import { documentFault } from './document-fault';

export const FILED_DIR_NAME = 'filed';

interface Seen {
  size: number;
  mtimeMs: number;
  /** When this size and time were first seen. */
  since: number;
}

export interface ScannerInboxOptions {
  folder: string;
  /** Between two looks at the folder. */
  pollMs?: number;
  /** How long size and time must hold before a file is listed. */
  stableMs?: number;
  now?: () => number;
  /** Told the new list whenever it changes. */
  onChange?: (files: ScannerFile[]) => void;
  onError?: (err: unknown) => void;
}

export class ScannerInbox {
  readonly folder: string;
  private readonly seen = new Map<string, Seen>();
  private listed: ScannerFile[] = [];
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: ScannerInboxOptions) {
    this.folder = path.resolve(opts.folder);
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.opts.pollMs ?? 1000);
    this.timer.unref();
  }

  /** The files ready to be filed, by name. */
  files(): ScannerFile[] {
    return this.listed;
  }

  /** One look at the folder (the timer's; tests call it directly). */
  poll(): Promise<void> {
    this.polling ??= this.look().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async look(): Promise<void> {
    const t = this.now();
    const stableMs = this.opts.stableMs ?? 2000;
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(this.folder, { withFileTypes: true });
    } catch (err) {
      // A folder not there (yet): an unplugged share is not an error of the desk.
      if ((err as { code?: string }).code !== 'ENOENT') this.opts.onError?.(err);
      entries = [];
    }
    const present = new Set<string>();
    const ready: ScannerFile[] = [];
    for (const entry of entries) {
      // Hidden files are the scanner's partial writes (and the desktop's own bookkeeping).
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      let stat: fs.Stats;
      try {
        stat = await fsp.stat(path.join(this.folder, entry.name));
      } catch {
        continue;
      }
      present.add(entry.name);
      const before = this.seen.get(entry.name);
      if (!before || before.size !== stat.size || before.mtimeMs !== stat.mtimeMs) {
        this.seen.set(entry.name, { size: stat.size, mtimeMs: stat.mtimeMs, since: t });
        continue;
      }
      if (t - before.since >= stableMs) ready.push({ name: entry.name, size: stat.size, modifiedAt: new Date(stat.mtimeMs).toISOString() });
    }
    for (const name of this.seen.keys()) if (!present.has(name)) this.seen.delete(name);
    ready.sort((a, b) => a.modifiedAt.localeCompare(b.modifiedAt) || a.name.localeCompare(b.name));
    const changed = ready.length !== this.listed.length || ready.some((f, i) => f.name !== this.listed[i]!.name || f.size !== this.listed[i]!.size);
    this.listed = ready;
    if (changed) this.opts.onChange?.(ready);
  }

  /** The path of a listed file; a name no longer listed is `vanished`. */
  pathOf(name: string): string {
    if (path.basename(name) !== name || name === '.' || name === '..') throw new AppError('VALIDATION_FAILED', 'errors.documents.badPath');
    if (!this.listed.some((f) => f.name === name)) throw documentFault('vanished');
    return path.join(this.folder, name);
  }

  /** Moves a filed file to `filed/` (a number added if that name is taken there). */
  async fileAway(name: string): Promise<void> {
    const filedDir = path.join(this.folder, FILED_DIR_NAME);
    await fsp.mkdir(filedDir, { recursive: true });
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    let target = path.join(filedDir, name);
    for (let n = 2; fs.existsSync(target); n++) target = path.join(filedDir, `${stem} (${n})${ext}`);
    await fsp.rename(path.join(this.folder, name), target);
    this.seen.delete(name);
    this.listed = this.listed.filter((f) => f.name !== name);
    this.opts.onChange?.(this.listed);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }
}
