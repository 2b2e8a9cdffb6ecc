// The push channel main → renderer (ARCHITECTURE §8) as the renderer sees it: window.mahkamaEvents
// in Electron (preload), server-sent events from the browser shell otherwise. Every message is
// checked against its schema on arrival (src/shared/ipc/push-channel.ts); anything else is dropped.
import { EVENTS_HTTP_PATH, parseIpcEvent, type IpcEventListener, type MahkamaEvents } from '../../shared/ipc/push-channel';

/** Server-sent events of the browser shell: one stream shared by every subscriber of the page. */
export function createSseEvents(path: string = EVENTS_HTTP_PATH): MahkamaEvents {
  const listeners = new Set<IpcEventListener>();
  let source: EventSource | null = null;
  const open = () => {
    source = new EventSource(path, { withCredentials: true });
    source.onmessage = (e: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      const parsed = parseIpcEvent(data);
      if (parsed) for (const l of listeners) l(parsed);
    };
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!source) open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}

export function resolveEvents(): MahkamaEvents {
  const exposed = (globalThis as { mahkamaEvents?: MahkamaEvents }).mahkamaEvents;
  return exposed ?? createSseEvents();
}
