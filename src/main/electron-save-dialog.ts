// The desktop app's save dialog for files made for the clerk (a searchable PDF export, a verification report as PDF or JSON, a
// document's detached signature .p7s): main asks
// where, the app service writes there. Thin: the dialog only, attached to the window when there is one.
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';

export function createElectronSaveDialog(window: () => BrowserWindow | null): (suggestedName: string) => Promise<string | null> {
  return async (suggestedName) => {
    const extension = /\.(json|p7s)$/i.exec(suggestedName)?.[1]?.toLowerCase();
    const filters = [extension === 'json' ? { name: 'JSON', extensions: ['json'] } : extension === 'p7s' ? { name: 'CAdES (.p7s)', extensions: ['p7s'] } : { name: 'PDF', extensions: ['pdf'] }];
    const options = { defaultPath: path.join(app.getPath('documents'), suggestedName), filters };
    const win = window();
    const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
  };
}
