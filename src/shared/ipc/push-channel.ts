// The push channel main → renderer (ARCHITECTURE §8): one entry per event name, its payload as a
// zod schema, as the IPC contract has one per method. Main checks every payload before it leaves;
// the renderer checks it again on arrival and drops what does not parse. Electron carries events on
// one IPC channel (preload exposes `window.mahkamaEvents`), the browser shell as server-sent events
// on GET /events. Any feature may add an event here; nothing else is pushed.
import { z } from 'zod';
import { syncStatusSchema } from '../schemas/desk-sync';
import { documentJobEventSchema, documentProgressEventSchema, scannerInboxSchema } from '../schemas/documents';
import { reindexStatusSchema } from '../schemas/search-index';
import { tokenListSchema } from '../schemas/signing';

export const ipcEvents = {
  /** The sync status changed (state, counts, last synced). */
  'sync.status': syncStatusSchema,
  /** A page of a document was read (its job's progress). */
  'documents.progress': documentProgressEventSchema,
  /** An OCR job was queued (import, retry) or ended (done, failed, cancelled). */
  'documents.job': documentJobEventSchema,
  /** The scanner folder's list of files ready to be filed changed. */
  'documents.scannerInbox': scannerInboxSchema,
  /** The tokens present changed (a card inserted or pulled), polled while a signing dialog is open. */
  'signing.tokens': tokenListSchema,
  /** The search index rebuild moved: begun, a batch written, a stop asked, ended (finished, stopped, failed). */
  'search.reindex': reindexStatusSchema,
} as const;

export type IpcEvents = typeof ipcEvents;
export type IpcEventName = keyof IpcEvents;
export const IPC_EVENT_NAMES = Object.keys(ipcEvents) as IpcEventName[];
export type IpcEventPayload<E extends IpcEventName> = z.infer<IpcEvents[E]>;

/** One event on the wire: its name and payload. */
export type IpcEventMessage = { [E in IpcEventName]: { event: E; payload: IpcEventPayload<E> } }[IpcEventName];

/** Checks a message received from the other side; null when it is not one of ours. */
export function parseIpcEvent(message: unknown): IpcEventMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const { event, payload } = message as { event?: unknown; payload?: unknown };
  if (typeof event !== 'string' || !Object.hasOwn(ipcEvents, event)) return null;
  const parsed = ipcEvents[event as IpcEventName].safeParse(payload);
  return parsed.success ? ({ event, payload: parsed.data } as IpcEventMessage) : null;
}

/** Electron channel of the push channel (prefixed like the methods'). */
export const EVENTS_CHANNEL = 'mahkama-events';
/** Browser shell: the server-sent events stream. */
export const EVENTS_HTTP_PATH = '/events';

/** What the renderer subscribes with; returns the unsubscribe. */
export type IpcEventListener = (message: IpcEventMessage) => void;
export interface MahkamaEvents {
  subscribe(listener: IpcEventListener): () => void;
}

/**
 * Electron only (preload's window.mahkamaFiles): the path of a File the clerk picked or dropped, so
 * main reads it from disk; '' when it has none (the browser shell uploads the file instead).
 */
export interface MahkamaFiles {
  pathOf(file: File): string;
}
