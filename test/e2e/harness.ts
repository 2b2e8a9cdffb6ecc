// End-to-end harness: the real renderer build (out/renderer) behind the real browser shell, in
// Debian Chromium driven by playwright-core. Gives the story tests screenshots, a horizontal
// overflow check and axe-core; it never fakes main or the database.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startBrowserShell, type BrowserShell } from '../../src/main/shell/start';
import type { Language } from '../../src/shared/enums';
import { catalogues } from '../../src/shared/i18n';
import { loadConfig, type WorkstationConfig } from '../../src/main/services/config';
import { silentLogger } from '../../src/main/services/logger';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = path.join(repoRoot, 'out/renderer');
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-results/screenshots');
export const CHROMIUM = '/usr/bin/chromium';
const require = createRequire(import.meta.url);

export interface Desk {
  shell: BrowserShell;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  dataDir: string;
  /** Messages the page printed to its console as errors, and uncaught page errors. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A Chromium on a fresh browser shell over `dataDir` (a new temp folder unless given; removed on close). */
export async function openDesk(opts: { viewport?: { width: number; height: number }; dataDir?: string; now?: () => Date; config?: Partial<WorkstationConfig> } = {}): Promise<Desk> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No renderer build in ${RENDERER_DIR}: run \`npx electron-vite build\` first.`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
  const dataDir = opts.dataDir ?? newDataDir();
  const shell = await startShell(dataDir, opts.now, opts.config);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1366, height: 768 },
    timezoneId: 'Africa/Casablanca',
    locale: 'ar-MA',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  return {
    shell,
    browser,
    context,
    page,
    dataDir,
    pageErrors,
    async close() {
      await browser.close().catch(() => undefined);
      await shell.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function newDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-e2e-'));
}

/** The real browser shell (app service + HTTP) over `dataDir`, quiet, without daily snapshots. */
export function startShell(dataDir: string, now?: () => Date, config: Partial<WorkstationConfig> = {}): Promise<BrowserShell> {
  return startBrowserShell({
    dataDir,
    port: 0,
    rendererDir: RENDERER_DIR,
    config: { ...loadConfig({}), ...config, dataDir },
    log: silentLogger(),
    service: { dailySnapshots: false, ...(now ? { now } : {}) },
  });
}

/** The page's document direction and language, as the browser sees them. */
export async function documentDirection(page: Page): Promise<{ dir: string; lang: string }> {
  return page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang }));
}

export interface Overflow {
  scrollWidth: number;
  innerWidth: number;
  offenders: string[];
}

/**
 * Visible elements whose box leaves the viewport horizontally. An element clipped by a scrolling or
 * clipping ancestor that itself fits is not an overflow (tables scroll inside their container).
 */
export async function horizontalOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const w = window.innerWidth;
    const describe = (el: Element) => {
      const id = el.getAttribute('data-testid');
      const cls = typeof el.className === 'string' ? el.className.split(' ').slice(0, 2).join('.') : '';
      const r = el.getBoundingClientRect();
      return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''}${cls ? `.${cls}` : ''} (${Math.round(r.left)}..${Math.round(r.right)}) "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    };
    const clippedByFittingAncestor = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox !== 'visible') {
          const r = a.getBoundingClientRect();
          if (r.left >= -1 && r.right <= w + 1) return true;
        }
      }
      return false;
    };
    const offenders: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none' || s.opacity === '0') continue;
      if (r.left < -1 || r.right > w + 1) {
        if (!clippedByFittingAncestor(el)) offenders.push(describe(el));
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, offenders };
  });
}

/** Saves test-results/screenshots/<name>.png (the viewport, as the clerk sees it). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

let axeCode: string | null = null;
function axeSource(): string {
  axeCode ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeCode;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the DevTools protocol, not a <script> tag: the page's strict CSP stays on.
  if (!hasAxe) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    type AxeNode = { target: unknown[]; failureSummary?: string };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: AxeNode[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The court's date in Casablanca as YYYY-MM-DD (what main calls "today"). */
export function courtDate(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The first day after `after` that is Monday–Friday and not a listed holiday. */
export function nextSittingDay(after: string, holidays: ReadonlySet<string>): string {
  let d = addDays(after, 1);
  for (;;) {
    const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (wd >= 1 && wd <= 5 && !holidays.has(d)) return d;
    d = addDays(d, 1);
  }
}

/** A catalogue message in `lang` with its {{params}} filled in, as the page shows it. */
export function catalogueText(lang: Language, key: string, params: Record<string, string | number> = {}): string {
  const v = key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), catalogues[lang]);
  if (typeof v !== 'string') throw new Error(`no message ${key} in ${lang}`);
  // A placeholder with a format (`{{date, courtDate}}`) is filled by its whole name: the test says what it expects shown.
  return v.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Signs `who` in on the login screen (the caller waits for the screen it expects next). */
/** Switches the desk's language from the settings screen and waits until the document says it. */
export async function setLanguage(page: Page, lang: Language): Promise<void> {
  await page.click('[data-testid="nav-settings"]');
  await page.selectOption('[data-testid="settings-language"]', lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

export async function login(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.waitForSelector('[data-testid="login-screen"]');
  await page.fill('[data-testid="login-username"]', who.username);
  await page.fill('[data-testid="login-password"]', who.password);
  await page.click('[data-testid="login-submit"]');
}
