// A desk whose database file is damaged or belongs to another program: the clerk sees why, in
// Arabic (the default language), instead of a blank screen or a crash loop, and the file is left
// exactly as it was for the court's IT to recover. A store with one damaged page opens (the header
// is sound) but refuses to be written to, with the clerk's message in the desk's language.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogueMessage } from '../../src/main/cli/messages';
import { smashIndexRootPage } from '../helpers/damage';
import { newDataDir, openDesk, screenshot, seriousA11yViolations, startShell, type Desk } from './harness';

let desk: Desk | undefined;
afterEach(async () => {
  await desk?.close();
  desk = undefined;
});

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('a damaged database at start', () => {
  it('a file that is not a database: an Arabic message, the setup screen never shown, the file untouched', async () => {
    const dataDir = newDataDir();
    const dbFile = path.join(dataDir, 'mahkama.db');
    fs.writeFileSync(dbFile, Buffer.concat([Buffer.from('not a database at all '), crypto.randomBytes(64 * 1024)]));
    const before = sha(dbFile);
    desk = await openDesk({ dataDir });
    await desk.page.goto(desk.shell.url);
    const alert = desk.page.getByTestId('startup-error').getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('تالف');
    expect(await desk.page.getByTestId('startup-error').isVisible()).toBe(true);
    expect(await desk.page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await seriousA11yViolations(desk.page)).toEqual([]);
    await screenshot(desk.page, 'startup-error-ar');
    expect(sha(dbFile)).toBe(before);
  });

  it('an SQLite file of another program: named as foreign, and left as it was', async () => {
    const dataDir = newDataDir();
    const dbFile = path.join(dataDir, 'mahkama.db');
    const other = new BetterSqlite3(dbFile);
    other.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);");
    other.close();
    const before = sha(dbFile);
    desk = await openDesk({ dataDir });
    await desk.page.goto(desk.shell.url);
    const alert = desk.page.getByTestId('startup-error').getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('ليس قاعدة بيانات لتطبيق محكمة');
    expect(sha(dbFile)).toBe(before);
  });
});

describe('a store with one damaged index page', () => {
  const tid = (id: string) => `[data-testid="${id}"]`;
  const CLERK = { username: 'nawal.berrada', displayName: 'نوال برادة', password: 'kalima-sirr-2026' };
  const msg = (lang: 'ar' | 'fr', key: string) => catalogueMessage(lang, key);

  it('opens and reads, but registering a case is refused with the clerk’s message, in Arabic then in French', async () => {
    const dataDir = newDataDir();
    const setupShell = await startShell(dataDir);
    try {
      const setup = await setupShell.service.handle('setup.initialize', {
        language: 'ar',
        court: { code: 'TPI-FES', nameAr: 'المحكمة الابتدائية بفاس', nameFr: 'Tribunal de première instance de Fès' },
        chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
        user: CLERK,
      });
      if (!setup.ok) throw new Error(JSON.stringify(setup.error));
    } finally {
      await setupShell.close();
    }
    smashIndexRootPage(path.join(dataDir, 'mahkama.db'), 'cases_number');

    desk = await openDesk({ dataDir });
    const { page } = desk;
    await page.goto(desk.shell.url);
    await page.fill(tid('login-username'), CLERK.username);
    await page.fill(tid('login-password'), CLERK.password);
    await page.click(tid('login-submit'));
    await page.waitForSelector(tid('registry-screen'));

    const register = async () => {
      await page.click(tid('nav-register'));
      const caseType = await page.$eval(tid('register-case-type'), (s) => (s as HTMLSelectElement).options[1]!.value);
      await page.selectOption(tid('register-case-type'), caseType);
      await page.fill(tid('register-subject'), 'أداء دين');
      await page.fill(tid('party-0-name-ar'), 'فاطمة الزهراء العلمي');
      await page.fill(tid('party-1-name-latin'), 'Banque Populaire');
      await page.selectOption(tid('party-1-kind'), 'organisation');
      await page.click(tid('register-submit'));
      const alert = page.locator(`${tid('error-alert')}[data-code="DB_CORRUPT"]`);
      await alert.waitFor();
      return (await alert.textContent()) ?? '';
    };
    expect(await register()).toContain(msg('ar', 'errors.db.damaged'));
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await screenshot(page, 'damaged-register-ar');

    await page.click(tid('nav-settings'));
    await page.selectOption(tid('settings-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr' && document.documentElement.lang === 'fr');
    expect(await register()).toContain(msg('fr', 'errors.db.damaged'));
    await screenshot(page, 'damaged-register-fr');
    expect(desk.pageErrors).toEqual([]);
  });
});
