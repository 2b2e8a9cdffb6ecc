// The preload: exposes the IPC contract as window.mahkama — one function per method, each a
// plain ipcRenderer.invoke — and the push channel as window.mahkamaEvents (subscribe to the events
// of src/shared/ipc/push-channel.ts, each checked by its schema here before the page sees it), and
// the path of a File picked or dropped (window.mahkamaFiles). Nothing else: no ipcRenderer, no Node.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_METHODS, channelOf, type MahkamaApi } from '../shared/ipc/contract';
import { EVENTS_CHANNEL, parseIpcEvent, type IpcEventListener, type MahkamaEvents, type MahkamaFiles } from '../shared/ipc/push-channel';

const api = Object.freeze(
  Object.fromEntries(IPC_METHODS.map((method) => [method, (input: unknown) => ipcRenderer.invoke(channelOf(method), input)])),
) as MahkamaApi;

const events: MahkamaEvents = Object.freeze({
  subscribe(listener: IpcEventListener) {
    const onMessage = (_event: IpcRendererEvent, message: unknown) => {
      const parsed = parseIpcEvent(message);
      if (parsed) listener(parsed);
    };
    ipcRenderer.on(EVENTS_CHANNEL, onMessage);
    return () => {
      ipcRenderer.removeListener(EVENTS_CHANNEL, onMessage);
    };
  },
});

// A picked or dropped File's path (Electron no longer puts it on File.path): main reads the file.
const files: MahkamaFiles = Object.freeze({ pathOf: (file: File) => webUtils.getPathForFile(file) });

contextBridge.exposeInMainWorld('mahkama', api);
contextBridge.exposeInMainWorld('mahkamaFiles', files);
contextBridge.exposeInMainWorld('mahkamaEvents', events);
