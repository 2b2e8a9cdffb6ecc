// What a sighted clerk is told at the desk: the court's name in full in the header (French names
// are long), the keyboard shortcuts on hover and in a help sheet opened with "?", a "case
// registered" banner that goes once the clerk moves on, and a wait after too many wrong passwords
// that counts down to the moment the button works again (main's clock and the page's are held).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { catalogueText, documentDirection, horizontalOverflow, openDesk, screenshot, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const COURT = { nameAr: 'المحكمة الابتدائية المدنية بالدار البيضاء', nameFr: 'Tribunal de première instance civil de Casablanca' };
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
] as const;
const START = new Date('2026-11-30T09:00:00Z');

let desk: Desk;
let offsetMs = 0;

beforeAll(async () => {
  desk = await openDesk({ now: () => new Date(START.getTime() + offsetMs) });
  const setup = await desk.shell.service.handle('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-CASA', ...COURT },
    chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
    user: ADMIN,
  });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  await desk.shell.service.handle('session.logout', {});
  const { page } = desk;
  // The page's clock is the test's too, so the countdown can be moved on without waiting.
  await page.clock.install({ time: START });
  await page.goto(desk.shell.url);
  await login(page);
});

afterAll(async () => {
  await desk?.close();
});

async function login(page: Page): Promise<void> {
  await page.fill(tid('login-username'), ADMIN.username);
  await page.fill(tid('login-password'), ADMIN.password);
  await page.click(tid('login-submit'));
  await page.waitForSelector(tid('registry-screen'));
}

async function setLanguage(page: Page, lang: Language): Promise<void> {
  await page.click(tid('nav-settings'));
  await page.selectOption(tid('settings-language'), lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await page.click(tid('nav-registry'));
}

async function noOverflow(page: Page, name: string): Promise<void> {
  const overflow = await horizontalOverflow(page);
  expect(overflow.offenders, `${name}: elements leaving the window`).toEqual([]);
  expect(overflow.scrollWidth, `${name}: page wider than the window`).toBeLessThanOrEqual(overflow.innerWidth);
}

/** Waits for the tooltip that reads `text` (Mantine renders it in a portal with role="tooltip"). */
async function tooltipShown(page: Page, text: string): Promise<void> {
  await page.getByRole('tooltip', { name: text, exact: true }).waitFor();
}

describe.each(['ar', 'fr'] as const)('the desk tells the clerk what it can do, in %s', (lang) => {
  beforeAll(async () => {
    await desk.page.setViewportSize(SIZES[0]);
    await setLanguage(desk.page, lang);
  });

  it.each(SIZES)('shows the court’s whole name in the header at %o, with the name on hover', async (size) => {
    const { page } = desk;
    await page.setViewportSize(size);
    const name = lang === 'ar' ? COURT.nameAr : COURT.nameFr;
    const court = await page.$eval(tid('header-court'), (el) => {
      // A line of the name that starts below the box, or runs out of it sideways, is not seen.
      const box = el.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = Array.from(range.getClientRects()).filter((r) => r.width > 0);
      return {
        text: el.textContent,
        title: el.getAttribute('title'),
        cut: lines.some((r) => r.top >= box.bottom - 1 || r.left < box.left - 1 || r.right > box.right + 1),
        inWindow: box.left >= 0 && box.right <= window.innerWidth,
      };
    });
    expect(court).toEqual({ text: name, title: name, cut: false, inWindow: true });
    await screenshot(page, `header-${lang}-${size.width}`);
    expect(await documentDirection(page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
    await noOverflow(page, `header-${lang}-${size.width}`);
  });

  it('shows each shortcut where it applies: Alt+1–4 on the menu, Ctrl+L on the lock button, Ctrl+K or F3 on quick find', async () => {
    const { page } = desk;
    await page.setViewportSize(SIZES[0]);
    await page.hover(tid('nav-hearings'));
    await tooltipShown(page, 'Alt+3');
    await screenshot(page, `tooltip-nav-${lang}`);
    await page.hover(tid('lock-button'));
    await tooltipShown(page, 'Ctrl+L');
    await page.hover(tid('quickfind-input'));
    await tooltipShown(page, `Ctrl+K ${catalogueText(lang, 'ui.shortcuts.or')} F3`);
    await screenshot(page, `tooltip-quickfind-${lang}`);
    // A keyboard user gets the same hint when the menu item takes the focus from the keyboard.
    await page.mouse.move(600, 700);
    await page.focus(tid('nav-hearings'));
    await page.keyboard.press('Tab');
    await tooltipShown(page, 'Alt+4');
    // The key names read left to right inside Arabic text.
    const isolated = await page.getByRole('tooltip', { name: 'Alt+4' }).locator('bdi').evaluate((b) => ({ dir: b.getAttribute('dir'), direction: getComputedStyle(b).direction }));
    expect(isolated).toEqual({ dir: 'ltr', direction: 'ltr' });
    await page.locator(tid('nav-settings')).blur();
  });

  it('a standalone desk\'s sync screen says there is nothing to sync, and offers no sync', async () => {
    const { page } = desk;
    await page.goto(`${new URL(page.url()).origin}/#/sync`);
    await page.waitForSelector(tid('sync-standalone-hint'));
    expect(await page.textContent(tid('sync-standalone-hint'))).toBe(catalogueText(lang, 'ui.sync.standaloneHint'));
    expect(await page.$(tid('sync-now'))).toBeNull();
    await page.click(tid('nav-registry'));
    await page.waitForSelector(tid('registry-screen'));
  });

  it('opens the list of every shortcut with "?" (not while typing), lists them with their keys left to right, closes with Escape', async () => {
    const { page } = desk;
    await page.setViewportSize(SIZES[0]);
    // Typing "?" in a field is typing, not asking for help.
    await page.click(tid('quickfind-input'));
    await page.keyboard.type('?');
    expect(await page.inputValue(tid('quickfind-input'))).toBe('?');
    expect(await page.$(tid('shortcuts-help'))).toBeNull();
    await page.fill(tid('quickfind-input'), '');
    await page.locator(tid('quickfind-input')).blur();

    await page.keyboard.press('Shift+Slash');
    const sheet = page.locator(tid('shortcuts-help'));
    await sheet.waitFor();
    const text = (await sheet.textContent()) ?? '';
    for (const keys of ['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5', 'Ctrl+K', 'F3', 'Ctrl+L', 'Alt+N', 'Ctrl+Enter', 'Enter', '↑', '↓', 'Home', 'End', 'PageUp', 'PageDown', 'Esc', '?']) {
      expect(text, keys).toContain(keys);
    }
    await page.getByRole('dialog', { name: catalogueText(lang, 'ui.shortcuts.title') }).waitFor();
    const combos = await sheet.locator('[data-testid="key-combo"]').evaluateAll((els) => els.map((e) => ({ tag: e.tagName, dir: e.getAttribute('dir') })));
    expect(combos.length).toBeGreaterThanOrEqual(15);
    expect(new Set(combos.map((c) => `${c.tag} ${c.dir}`))).toEqual(new Set(['BDI ltr']));
    await screenshot(page, `shortcuts-help-${lang}`);
    await noOverflow(page, `shortcuts-help-${lang}`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.$(tid('shortcuts-help'))).toBeNull();

    // The button in the menu opens it too, for a clerk who does not know "?".
    await page.click(tid('shortcuts-button'));
    await sheet.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.$(tid('shortcuts-help'))).toBeNull();
  });

  it('keeps its shortcuts on an Arabic or AZERTY keyboard: "؟" opens the list, Alt+1 and Ctrl+K work', async () => {
    const { page } = desk;
    const cdp = await desk.context.newCDPSession(page);
    // What Chromium receives from the system for these keys on an Arabic or a French AZERTY layout.
    const press = async (key: string, code: string, modifiers: number, text?: string) => {
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, modifiers, ...(text ? { text } : {}) });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, modifiers });
    };
    const ALT = 1;
    const CTRL = 2;
    const SHIFT = 8;
    await press('؟', 'Slash', SHIFT, '؟');
    await page.locator(tid('shortcuts-help')).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.$(tid('shortcuts-help'))).toBeNull();

    await page.click(tid('nav-settings'));
    await press('&', 'Digit1', ALT); // Alt+1 on AZERTY: the key of "1" gives "&"
    await page.waitForSelector(tid('registry-screen'));
    await press('ن', 'KeyK', CTRL); // Ctrl+K on an Arabic layout: the key of "K" gives "ن"
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('quickfind-input');
    await page.locator(tid('quickfind-input')).blur();
    await cdp.detach();
  });
});

describe('the "case registered" banner', () => {
  async function registerCase(page: Page, subject: string): Promise<void> {
    await page.click(tid('nav-register'));
    const caseType = await page.$eval(tid('register-case-type'), (s) => (s as HTMLSelectElement).options[1]!.value);
    await page.selectOption(tid('register-case-type'), caseType);
    await page.fill(tid('register-subject'), subject);
    await page.fill(tid('party-0-name-ar'), 'محمد بناني');
    await page.fill(tid('party-1-name-latin'), 'Banque Populaire');
    await page.selectOption(tid('party-1-kind'), 'organisation');
    await page.click(tid('register-submit'));
    await page.waitForSelector(tid('case-registered-banner'));
  }

  it('goes away after the next command on the case', async () => {
    const { page } = desk;
    await registerCase(page, 'أداء دين');
    await page.click(tid('edit-particulars-button'));
    await page.fill(tid('particulars-subject'), 'أداء دين تجاري');
    await page.click(tid('particulars-modal-submit'));
    await page.waitForSelector(`${tid('particular-subject')}:has-text("أداء دين تجاري")`);
    expect(await page.$(tid('case-registered-banner'))).toBeNull();
  });

  it('goes away when the clerk leaves the case, also by the browser’s Back, and does not come back with Forward', async () => {
    const { page } = desk;
    await registerCase(page, 'إفراغ');
    await page.goBack();
    await page.waitForSelector(tid('register-screen'));
    await page.goForward();
    await page.waitForSelector(tid('case-detail'));
    expect(await page.$(tid('case-registered-banner'))).toBeNull();
  });
});

describe('locking the desk with a dialog open', () => {
  it('hides the dialog under the lock screen, and gives it back as it was after unlocking', async () => {
    const { page } = desk;
    await page.click(tid('nav-registry'));
    await page.click(`${tid('registry-row')} >> nth=0`);
    await page.waitForSelector(tid('case-detail'));
    await page.click(tid('schedule-hearing-button'));
    await page.fill(tid('schedule-room'), 'القاعة 7');
    await page.keyboard.press('Control+KeyL');
    await page.waitForSelector(tid('lock-screen'));
    // Nothing of the case may show, or be reached, over the lock screen.
    expect(await page.isVisible(tid('schedule-modal-submit'))).toBe(false);
    // Nor do the workspace's keys act under it: "?" and Alt+1 do nothing there.
    await page.locator(tid('unlock-submit')).focus();
    await page.keyboard.press('Shift+Slash');
    await page.keyboard.press('Alt+Digit1');
    expect(await page.$(tid('shortcuts-help'))).toBeNull();
    await screenshot(page, 'lock-over-dialog-fr');
    await page.fill(tid('unlock-password'), ADMIN.password);
    await page.click(tid('unlock-submit'));
    await page.waitForSelector(tid('schedule-modal-submit'));
    expect(await page.inputValue(tid('schedule-room'))).toBe('القاعة 7');
    expect(await page.$(tid('shortcuts-help'))).toBeNull();
    expect(await page.isVisible(tid('case-detail'))).toBe(true);
    await page.click(tid('schedule-modal-cancel'));
  });
});

describe('after too many wrong passwords', () => {
  /** Wrong passwords until the desk asks the clerk to wait. */
  async function refuseUntilWait(page: Page, submit: string, field: string): Promise<void> {
    for (let i = 0; i < 6; i++) {
      await page.fill(tid(field), `wrong-password-${i}`);
      await page.click(tid(submit));
      // Each refusal empties the password field: then the answer is on screen.
      await expect.poll(() => page.inputValue(tid(field))).toBe('');
      await page.waitForSelector(`${tid('error-alert')}, ${tid('retry-wait')}`);
      if (await page.$(tid('retry-wait'))) return;
    }
    throw new Error('the desk never asked to wait');
  }

  async function secondsShown(page: Page): Promise<number> {
    return Number(await page.getAttribute(tid('retry-wait'), 'data-seconds-left'));
  }

  it('the login screen counts the wait down and lets the clerk in once it is over', async () => {
    const { page } = desk;
    await setLanguage(page, 'ar');
    await page.click(tid('logout-button'));
    await page.waitForSelector(tid('login-screen'));
    await page.fill(tid('login-username'), ADMIN.username);
    await refuseUntilWait(page, 'login-submit', 'login-password');
    expect(await secondsShown(page)).toBe(60);
    expect(await page.textContent(tid('retry-wait'))).toContain(catalogueText('ar', 'ui.session.retryIn_many', { count: 60 }));
    expect(await page.isDisabled(tid('login-submit'))).toBe(true);
    await screenshot(page, 'login-wait-ar');

    await page.clock.runFor(17_000);
    expect(await secondsShown(page)).toBe(43);
    expect(await page.textContent(tid('retry-wait'))).toContain(catalogueText('ar', 'ui.session.retryIn_many', { count: 43 }));
    await page.clock.runFor(35_000);
    expect(await secondsShown(page)).toBe(8);
    expect(await page.textContent(tid('retry-wait'))).toContain(catalogueText('ar', 'ui.session.retryIn_few', { count: 8 }));
    expect(await page.isDisabled(tid('login-submit'))).toBe(true);

    offsetMs += 61_000; // main's minute is over too
    await page.clock.runFor(9_000);
    await expect.poll(() => page.$(tid('retry-wait'))).toBeNull();
    expect(await page.isDisabled(tid('login-submit'))).toBe(false);
    await login(page);
  });

  it('the lock screen does the same', async () => {
    const { page } = desk;
    await setLanguage(page, 'fr');
    await page.keyboard.press('Control+KeyL');
    await page.waitForSelector(tid('lock-screen'));
    await refuseUntilWait(page, 'unlock-submit', 'unlock-password');
    expect(await page.isDisabled(tid('unlock-submit'))).toBe(true);
    const first = await secondsShown(page);
    expect(first).toBeGreaterThan(55);
    await page.clock.runFor(first * 1000 - 1000);
    expect(await secondsShown(page)).toBe(1);
    expect(await page.textContent(tid('retry-wait'))).toContain(catalogueText('fr', 'ui.session.retryIn_one', { count: 1 }));
    await screenshot(page, 'lock-wait-fr');
    offsetMs += 61_000;
    await page.clock.runFor(1_500);
    await expect.poll(() => page.isDisabled(tid('unlock-submit'))).toBe(false);
    await page.fill(tid('unlock-password'), ADMIN.password);
    await page.click(tid('unlock-submit'));
    await page.waitForSelector(tid('workspace-container'));
  });

  it('printed no error in the page console along the way', () => {
    expect(desk.pageErrors).toEqual([]);
  });
});
