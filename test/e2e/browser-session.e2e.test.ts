// Closing the browser no longer means restarting the app (issue 7). In Debian Chromium, with a real
// profile on disk: a clerk closes the browser and opens it again — the session cookie kept for the
// working day lets them back in; a browser without it is told, in the desk's language, to use the
// address the console now shows, and that address lets it in; a used address says so in Arabic
// or French as the desk is set; and two shells on one host stay signed in side by side.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogueMessage } from '../../src/main/cli/messages';
import type { BrowserShell } from '../../src/main/shell/start';
import { CHROMIUM, documentDirection, newDataDir, RENDERER_DIR, screenshot, startShell } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const shells: BrowserShell[] = [];
const dirs: string[] = [];
let context: BrowserContext | null = null;

beforeAll(() => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error(`No renderer build in ${RENDERER_DIR}: run \`npx electron-vite build\` first.`);
});
afterEach(async () => {
  await context?.close().catch(() => undefined);
  context = null;
});
afterAll(async () => {
  for (const s of shells) await s.close().catch(() => undefined);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function newShell(): Promise<BrowserShell> {
  const dataDir = newDataDir();
  dirs.push(dataDir);
  const shell = await startShell(dataDir);
  shells.push(shell);
  return shell;
}

/** A Chromium whose profile (cookies included) lives in `profileDir`, as a clerk's browser does. */
async function openBrowser(profileDir: string): Promise<{ context: BrowserContext; page: Page }> {
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1366, height: 768 },
    locale: 'ar-MA',
    timezoneId: 'Africa/Casablanca',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return { context, page };
}

function profile(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-profile-'));
  dirs.push(d);
  return d;
}

async function shellPage(page: Page): Promise<{ lang: string; dir: string; key: string | null; text: string }> {
  const { lang, dir } = await documentDirection(page);
  const p = page.locator('p[data-message]');
  return { lang, dir, key: await p.getAttribute('data-message'), text: (await p.textContent()) ?? '' };
}

describe('the browser closed and opened again', () => {
  it('gets back in with the cookie kept in the profile, without a new address', async () => {
    const shell = await newShell();
    const dir = profile();
    let { page } = await openBrowser(dir);
    await page.goto(shell.url);
    await page.waitForSelector(tid('setup-screen'));
    await context!.close();
    context = null;

    ({ page } = await openBrowser(dir));
    await page.goto(`${shell.origin}/`);
    await page.waitForSelector(tid('setup-screen'));
    expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
  });

  it('a browser without the cookie is told, in Arabic, where to look; the address the console now shows lets it in', async () => {
    const shell = await newShell();
    const firstUrl = shell.url;
    const a = await openBrowser(profile());
    await a.page.goto(firstUrl);
    await a.page.waitForSelector(tid('setup-screen'));
    await context!.close();

    const { page } = await openBrowser(profile());
    const response = await page.goto(`${shell.origin}/`);
    expect(response?.status()).toBe(401);
    expect(await shellPage(page)).toEqual({ lang: 'ar', dir: 'rtl', key: 'errors.http.notSignedIn', text: catalogueMessage('ar', 'errors.http.notSignedIn') });
    await screenshot(page, 'shell-not-connected-ar');

    const used = await page.goto(firstUrl);
    expect(used?.status()).toBe(401);
    expect(await shellPage(page)).toEqual({ lang: 'ar', dir: 'rtl', key: 'errors.http.addressUsed', text: catalogueMessage('ar', 'errors.http.addressUsed') });
    await screenshot(page, 'shell-address-used-ar');

    expect(shell.url).not.toBe(firstUrl);
    await page.goto(shell.url);
    await page.waitForSelector(tid('setup-screen'));
  });

  it('the used address reads in French when the desk is in French', async () => {
    const shell = await newShell();
    const firstUrl = shell.url;
    const fr = await shell.service.handle('settings.setLanguage', { language: 'fr' });
    expect(fr.ok).toBe(true);
    const { page } = await openBrowser(profile());
    await page.goto(firstUrl);
    await page.waitForSelector(tid('setup-screen'));
    await page.goto(firstUrl);
    expect(await shellPage(page)).toEqual({ lang: 'fr', dir: 'ltr', key: 'errors.http.addressUsed', text: catalogueMessage('fr', 'errors.http.addressUsed') });
    await screenshot(page, 'shell-address-used-fr');
  });
});

describe('two shells on one host', () => {
  it('stay signed in side by side in one browser', async () => {
    const one = await newShell();
    const two = await newShell();
    const { context: ctx, page } = await openBrowser(profile());
    await page.goto(one.url);
    await page.waitForSelector(tid('setup-screen'));
    const other = await ctx.newPage();
    await other.goto(two.url);
    await other.waitForSelector(tid('setup-screen'));

    // Each page keeps working after the other shell set its cookie: reload both, and call main.
    for (const [p, shell] of [
      [page, one],
      [other, two],
    ] as const) {
      const r = await p.goto(`${shell.origin}/`);
      expect(r?.status()).toBe(200);
      await p.waitForSelector(tid('setup-screen'));
      const status = await p.evaluate(async () => {
        const res = await fetch('/ipc/app.status', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        return { http: res.status, body: (await res.json()) as { ok: boolean } };
      });
      expect(status).toMatchObject({ http: 200, body: { ok: true } });
    }
    const names = (await ctx.cookies()).map((c) => c.name).sort();
    expect(names).toEqual([one.cookieName, two.cookieName].sort());
  });
});
