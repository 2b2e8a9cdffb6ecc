// Electron IPC: one ipcMain.handle per contract method, each answering only our own renderer's
// main frame and passing everything else to the app service (which validates). No logic here.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { AppError } from '../../shared/errors';
import { IPC_METHODS, channelOf } from '../../shared/ipc/contract';
import { EVENTS_CHANNEL } from '../../shared/ipc/push-channel';
import type { AppService } from '../services/app-service';
import type { Logger } from '../services/logger';
import type { SenderCheck } from './sender-check';

export { rendererSenderCheck, type SenderCheck } from './sender-check';

/** The push channel to one window (ARCHITECTURE §8): every event the service emits, already checked. Returns the unsubscribe. */
export function forwardEvents(service: AppService, target: { isDestroyed(): boolean; send(channel: string, message: unknown): void }): () => void {
  return service.subscribe((message) => {
    if (!target.isDestroyed()) target.send(EVENTS_CHANNEL, message);
  });
}

/** Registers every handler; returns a function that removes them again. */
export function registerIpcHandlers(service: AppService, isOurRenderer: SenderCheck, log: Logger): () => void {
  for (const method of IPC_METHODS) {
    ipcMain.handle(channelOf(method), async (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isOurRenderer(frame.url)) {
        log.warn({ method, url: frame?.url }, 'IPC call from a frame that is not our renderer refused');
        return { ok: false, error: new AppError('FORBIDDEN', 'errors.forbidden', { params: { action: method } }).toData() };
      }
      return service.handle(method, input);
    });
  }
  return () => {
    for (const method of IPC_METHODS) ipcMain.removeHandler(channelOf(method));
  };
}
