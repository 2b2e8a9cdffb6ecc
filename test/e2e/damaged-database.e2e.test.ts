// A desk whose database file is damaged or belongs to another program: the clerk sees why, in
// Arabic (the default language), instead of a blank screen or a crash loop, and the file is left
// exactly as it was for the court's IT to recover.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { newDataDir, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';

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
