// A pool of OCR worker threads sized to the machine (one core left to the clerk), so rasterizing
// and reading pages never runs on the app's main thread. Each worker takes one request at a time;
// a worker that dies (a WASM crash) fails its request with ocrFailed and is replaced.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import type { OcrReply, OcrRequest } from './ocr-protocol';
import { documentFault } from './document-fault';

/** Workers for a machine: all cores but one, at least one. */
export function defaultPoolSize(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

interface WorkerScript {
  script: string;
  eval: boolean;
}

/** Built: out/main/ocr-worker.js (unpacked from app.asar). From source: the .ts file behind tsx, registered in the worker. */
function workerScript(): WorkerScript {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const source = pathToFileURL(path.resolve(path.dirname(here), '../../workers/ocr-worker.ts')).href;
    const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs')).href;
    return { script: `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`, eval: true };
  }
  const dir = path.dirname(here);
  for (const candidate of [path.join(dir, 'ocr-worker.js'), path.join(dir, '..', 'ocr-worker.js')]) {
    const unpacked = candidate.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
    if (fs.existsSync(unpacked)) return { script: unpacked, eval: false };
  }
  throw new Error(`the OCR worker (ocr-worker.js) is not next to ${dir}`);
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
export type OcrTask = Distribute<OcrRequest>;
type ReplyOf<K extends OcrRequest['kind']> = Extract<OcrReply, { kind: K extends 'release' ? 'released' : K }>;

interface Slot {
  worker: Worker;
  /** The task on the worker; `page` (1-based, 0 when the task is not one page's) names it if the worker dies. */
  busy: { id: number; page: number; resolve: (r: OcrReply) => void; reject: (e: unknown) => void } | null;
}

export interface OcrPoolOptions {
  size?: number;
  tessdataDir?: string;
  recycleAfterPages?: number;
}

export class OcrPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: { task: OcrTask; resolve: (r: OcrReply) => void; reject: (e: unknown) => void }[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;

  constructor(private readonly opts: OcrPoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? defaultPoolSize());
  }

  private spawn(): Slot {
    const { script, eval: isEval } = workerScript();
    const worker = new Worker(script, {
      eval: isEval,
      workerData: { mahkamaOcrWorker: true, tessdataDir: this.opts.tessdataDir, recycleAfterPages: this.opts.recycleAfterPages },
    });
    const slot: Slot = { worker, busy: null };
    worker.on('message', (reply: OcrReply) => {
      const busy = slot.busy;
      if (!busy || busy.id !== reply.id) return;
      slot.busy = null;
      busy.resolve(reply);
      this.pump();
    });
    const died = (reason: unknown) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      const busy = slot.busy;
      slot.busy = null;
      busy?.reject(documentFault('ocrFailed', { page: busy.page }, reason));
      if (!this.closed) this.pump();
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`OCR worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.waiting.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const next = this.waiting.shift()!;
      const id = this.nextId++;
      slot.busy = { id, page: 'pageIndex' in next.task ? next.task.pageIndex + 1 : 0, resolve: next.resolve, reject: next.reject };
      slot.worker.postMessage({ ...next.task, id });
    }
  }

  /** Runs one task on the next free worker; rejects with the worker's typed error. */
  async run<T extends OcrTask>(task: T): Promise<ReplyOf<T['kind']>> {
    if (this.closed) throw new AppError('SERVICE_UNAVAILABLE', 'errors.internal');
    const reply = await new Promise<OcrReply>((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      this.pump();
    });
    if (reply.kind === 'error') throw new AppError(reply.error.code, reply.error.i18nKey, { params: reply.error.params });
    return reply as ReplyOf<T['kind']>;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new AppError('SERVICE_UNAVAILABLE', 'errors.internal'));
    const slots = this.slots.splice(0);
    for (const s of slots) s.busy?.reject(new AppError('SERVICE_UNAVAILABLE', 'errors.internal'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
