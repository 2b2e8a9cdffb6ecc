// The preload: exposes the IPC contract as window.mahkama — one function per method, each a
// plain ipcRenderer.invoke — and nothing else (no ipcRenderer, no events, no Node).
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_METHODS, channelOf, type MahkamaApi } from '../shared/ipc/contract';

const api = Object.freeze(
  Object.fromEntries(IPC_METHODS.map((method) => [method, (input: unknown) => ipcRenderer.invoke(channelOf(method), input)])),
) as MahkamaApi;

contextBridge.exposeInMainWorld('mahkama', api);
