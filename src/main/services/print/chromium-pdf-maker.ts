// The browser shell's PdfMaker: a headless Chromium driven by playwright-core, started at the first
// print, kept while the desk prints, closed after a quiet spell and at shutdown. Each document gets a
// fresh browser context with JavaScript off and the network cut; the page holds only our escaped
// HTML and embedded fonts, which is why Playwright's default of no Chromium sandbox is kept (a desk
// run as root, as on this project's machines, could not start Chromium with it).
import { chromium, type Browser } from 'playwright-core';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../logger';
import { findChromium } from './find-chromium';
import { PRINT_PAGE } from './print-styles';
import { printFailed, type PdfMaker } from './printing-ports';

export interface ChromiumPdfMakerOptions {
  /** MAHKAMA_CHROMIUM_PATH, or null to look in the usual places. */
  chromiumPath: string | null;
  log: Logger;
  /** The browser is closed after this long without a print; default two minutes. */
  idleMs?: number;
}

const LAUNCH_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function createChromiumPdfMaker(opts: ChromiumPdfMakerOptions): PdfMaker {
  const idleMs = opts.idleMs ?? 120_000;
  let browser: Promise<Browser> | null = null;
  let running = 0;
  let idleTimer: NodeJS.Timeout | null = null;

  function launch(): Promise<Browser> {
    if (browser) return browser;
    // Throws the clerk's PRINT_UNAVAILABLE at once when there is no browser to start.
    const executablePath = findChromium(opts.chromiumPath);
    const started = chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS }).then((b) => {
      b.on('disconnected', () => {
        if (browser === started) browser = null;
      });
      opts.log.info({ executablePath }, 'PDF browser started');
      return b;
    });
    browser = started;
    started.catch((err: unknown) => {
      if (browser === started) browser = null;
      opts.log.error({ err, executablePath }, 'PDF browser could not start');
    });
    return started;
  }

  async function closeBrowser(): Promise<void> {
    const b = browser;
    browser = null;
    if (!b) return;
    const open = await b.catch(() => null);
    await open?.close().catch(() => undefined);
  }

  return {
    async makePdf(html: string): Promise<Uint8Array> {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      running += 1;
      try {
        const b = await launch();
        const context = await b.newContext({ javaScriptEnabled: false, offline: true });
        try {
          // Nothing is fetched: the fonts are data: URLs, which no route sees.
          await context.route('**/*', (route) => route.abort());
          const page = await context.newPage();
          await page.setContent(html, { waitUntil: 'load' });
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          const m = PRINT_PAGE.marginsMm;
          const pdf = await page.pdf({
            format: PRINT_PAGE.size,
            preferCSSPageSize: true,
            printBackground: true,
            tagged: true,
            margin: { top: `${m.top}mm`, right: `${m.right}mm`, bottom: `${m.bottom}mm`, left: `${m.left}mm` },
          });
          return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
        } finally {
          await context.close().catch(() => undefined);
        }
      } catch (err) {
        if (err instanceof AppError) throw err;
        opts.log.error({ err }, 'PDF could not be made');
        throw printFailed(err);
      } finally {
        running -= 1;
        if (running === 0 && browser) {
          idleTimer = setTimeout(() => void closeBrowser(), idleMs);
          idleTimer.unref();
        }
      }
    },
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      await closeBrowser();
    },
  };
}
