// Electron main process: app lifecycle, the one window, the session's security settings, IPC
// wiring. Thin on purpose: every rule and every read lives in the app service and the domain.
// It must never enable Node in the renderer, load remote content, or let the page navigate away.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, protocol, session } from 'electron';
import { AppError } from '../shared/errors';
import { catalogueMessage } from './cli/messages';
import { createElectronPrinting, printScheme } from './electron-printing';
import { createElectronSaveDialog } from './electron-save-dialog';
import { pageImageScheme, servePageImages } from './page-image-protocol';
import { createElectronTokenService } from './electron-token-service';
import { forwardEvents, registerIpcHandlers, rendererSenderCheck } from './ipc/register-handlers';
import { createAppService, type AppService } from './services/app-service';
import { loadConfig, type WorkstationConfig } from './services/config';
import { contentSecurityPolicy } from './services/csp';
import { createLogger, type Logger } from './services/logger';

const here = path.dirname(fileURLToPath(import.meta.url));
const devRendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererUrl = devRendererUrl ?? pathToFileURL(path.join(here, '../renderer/index.html')).href;

let service: AppService | null = null;
let mainWindow: BrowserWindow | null = null;

function hardenSession(): void {
  const csp = contentSecurityPolicy({ dev: devRendererUrl !== undefined });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl);
  return win;
}

async function startUpdater(config: WorkstationConfig, log: Logger): Promise<void> {
  if (!config.updateFeedUrl || !app.isPackaged) return;
  const { default: updater } = await import('electron-updater');
  updater.autoUpdater.setFeedURL({ provider: 'generic', url: config.updateFeedUrl });
  updater.autoUpdater.checkForUpdatesAndNotify().catch((err: unknown) => log.warn({ err }, 'update check failed'));
}

function main(): void {
  let config: WorkstationConfig;
  try {
    config = loadConfig();
    // A packaged app is a production build whatever NODE_ENV says (software tokens refused, §6).
    if (app.isPackaged) config = { ...config, production: true };
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('INTERNAL', 'errors.internal');
    dialog.showErrorBox('Mahkama', catalogueMessage('en', e.i18nKey, e.params));
    app.exit(2);
    return;
  }
  const log = createLogger(config.logLevel);
  // One call with every scheme: Electron keeps only the last list it was given before ready.
  protocol.registerSchemesAsPrivileged([printScheme, pageImageScheme]);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  // Every web contents, present and future: no navigation away, no new windows, no webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== rendererUrl) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !service) return;
    closing = true;
    event.preventDefault();
    service.close().finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    hardenSession();
    service = await createAppService({ dataDir: config.dataDir, config, log, appVersion: app.getVersion(), ...createElectronPrinting(), chooseExportFile: createElectronSaveDialog(() => mainWindow), tokenService: createElectronTokenService(config) });
    registerIpcHandlers(service, rendererSenderCheck(rendererUrl), log);
    servePageImages(() => service);
    mainWindow = createWindow();
    const stopEvents = forwardEvents(service, mainWindow.webContents);
    mainWindow.on('closed', () => {
      stopEvents();
      mainWindow = null;
    });
    await startUpdater(config, log);
  });
}

main();
