// The browser shell (ARCHITECTURE §8): the workstation's services in plain Node with the UI in a
// browser on 127.0.0.1 behind a one-time token. `startBrowserShell` is what the e2e tests call;
// run as a program (`node out/main/shell.js`, `npm run shell`) it prints the address, opens a
// browser, and prints the next address each time one is used, so the console always holds one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppError, toAppError } from '../../shared/errors';
import { createAppService, type AppService, type AppServiceOptions } from '../services/app-service';
import { loadConfig, requestedLanguage, type WorkstationConfig } from '../services/config';
import { createLogger, type Logger } from '../services/logger';
import { createChromiumPdfMaker } from '../services/print/chromium-pdf-maker';
import { catalogueMessage } from '../cli/messages';
import { createShellServer } from './server';

export interface BrowserShellOptions {
  dataDir: string;
  /** 0 (default) lets the OS pick a free port. */
  port?: number;
  /** Folder with the built renderer (index.html); default out/renderer. */
  rendererDir?: string;
  /** Defaults to loadConfig() of the environment, with dataDir and port from these options. */
  config?: WorkstationConfig;
  log?: Logger;
  /** Passed through to createAppService (tests: clock, daily snapshots). */
  service?: Pick<AppServiceOptions, 'now' | 'dailySnapshots' | 'validateOutput' | 'appVersion'>;
  /** Called with the next one-time address each time the current one is used. */
  onNewAddress?: (url: string) => void;
  /** Wall clock of the browser sessions' expiry (tests move it). */
  now?: () => number;
}

export interface BrowserShell {
  /** The current one-time address, http://127.0.0.1:PORT/?token=…; a used one is replaced. */
  readonly url: string;
  origin: string;
  port: number;
  /** Name of this shell's session cookie (it carries the port). */
  cookieName: string;
  service: AppService;
  close(): Promise<void>;
}

/** out/renderer next to the built out/main/shell.js, or under the repository when run with tsx. */
export function defaultRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../../out/renderer'), path.resolve(process.cwd(), 'out/renderer')];
  return candidates.find((c) => fs.existsSync(path.join(c, 'index.html'))) ?? candidates[candidates.length - 1]!;
}

export async function startBrowserShell(opts: BrowserShellOptions): Promise<BrowserShell> {
  const base = opts.config ?? loadConfig();
  const config: WorkstationConfig = { ...base, dataDir: path.resolve(opts.dataDir), shellPort: opts.port ?? base.shellPort };
  const log = opts.log ?? createLogger(config.logLevel);
  // PDFs come from a headless Chromium of this machine (MAHKAMA_CHROMIUM_PATH or the usual places);
  // paper is printed from the browser's own PDF viewer, so no paper printer is plugged in.
  const pdfMaker = createChromiumPdfMaker({ chromiumPath: config.chromiumPath, log });
  const service = await createAppService({ dataDir: config.dataDir, config, log, pdfMaker, ...opts.service });
  try {
    const shell = await createShellServer({
      service,
      rendererDir: opts.rendererDir ?? defaultRendererDir(),
      port: config.shellPort,
      log,
      ...(opts.onNewAddress ? { onNewAddress: opts.onNewAddress } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
    return {
      get url() {
        return shell.url;
      },
      origin: shell.origin,
      port: shell.port,
      cookieName: shell.cookieName,
      service,
      async close() {
        await shell.close();
        await service.close();
      },
    };
  } catch (err) {
    await service.close();
    throw err;
  }
}

function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => {
      /* no browser opener on this machine: the printed URL is enough */
    });
    child.unref();
  } catch {
    /* same */
  }
}

/** A refusal on the console, with its code, in MAHKAMA_LANG; an unexpected failure with its stack too. */
function printError(err: unknown): void {
  const e = toAppError(err);
  process.stderr.write(`${e.code}: ${catalogueMessage(requestedLanguage(process.env), e.i18nKey, e.params)}\n`);
  if (!(err instanceof AppError)) process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
}

async function main(): Promise<void> {
  let config: WorkstationConfig;
  try {
    config = loadConfig();
  } catch (err) {
    printError(err);
    process.exit(2);
  }
  const lang = config.cliLanguage;
  // A refusal to start (a port taken) is printed by the catch below, in the language asked for.
  const shell = await startBrowserShell({
    dataDir: config.dataDir,
    port: config.shellPort,
    config,
    onNewAddress: (url) => process.stdout.write(`${catalogueMessage(lang, 'ui.shell.nextAddress', { url })}\n`),
  });
  process.stdout.write(`${catalogueMessage(lang, 'ui.shell.openAt', { url: shell.url })}\n`);
  if (shell.service.startupError) {
    const e = shell.service.startupError;
    // The console is the IT officer's: the file in question is named there.
    const file = typeof e.params?.file === 'string' ? ` (${e.params.file})` : '';
    process.stderr.write(`${e.code}: ${catalogueMessage(config.cliLanguage, e.i18nKey, e.params)}${file}\n`);
  }
  if (config.openBrowser) openInBrowser(shell.url);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    shell.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    printError(err);
    process.exit(1);
  });
}
