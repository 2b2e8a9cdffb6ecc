// The court's clock on screen is main's. Both clocks are held by the test at Monday 30 November
// 2026, 12:26 UTC: Node's zone data (what main uses) reads 13:26 in Casablanca, while this
// Chromium's read 12:26 when the test was written (its data puts Casablanca at UTC+0 from
// 20 September 2026). So a 12:50 hearing is refused as past, and the clerk must see 13:26 —
// in the audit and in the refusal — never the browser's own reading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courtWallClockText } from '../../src/shared/court-time-zone';
import { catalogueText, openDesk, screenshot, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const MONDAY = new Date('2026-11-30T12:26:00Z');
/** Just before the new year in UTC, already 1 January 2027 in Casablanca by Node's zone data. */
const NEW_YEAR = new Date('2026-12-31T23:30:00Z');

let desk: Desk;
let mainNow = MONDAY;

beforeAll(async () => {
  desk = await openDesk({ now: () => mainNow });
  const setup = await desk.shell.service.handle('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
    user: ADMIN,
  });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  await desk.shell.service.handle('session.logout', {});
  const { page } = desk;
  await page.clock.setFixedTime(MONDAY);
  await page.goto(desk.shell.url);
  await page.fill(tid('login-username'), ADMIN.username);
  await page.fill(tid('login-password'), ADMIN.password);
  await page.click(tid('login-submit'));
  await page.waitForSelector(tid('registry-screen'));
});

afterAll(async () => {
  await desk?.close();
});

/** The page's own reading of "now" in Casablanca with Chromium's zone data. */
async function browserReading(): Promise<string> {
  return desk.page.evaluate(() => {
    const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    return f.format(new Date()).replace(',', '');
  });
}

describe('the court clock on screen is main’s, whatever the browser’s zone data says', () => {
  it('main reads 13:26 at the instant the test holds (and this Chromium reads what it reads)', async () => {
    expect(courtWallClockText(MONDAY)).toBe('2026-11-30 13:26');
    // Recorded, not required: the tests below hold whether or not Chromium agrees with Node.
    console.info(`Chromium reads ${await browserReading()} in Casablanca; main reads ${courtWallClockText(MONDAY)}`);
  });

  it('the audit shows the hour main read when the case was registered, and when a party was removed', async () => {
    const { page } = desk;
    await page.click(tid('nav-register'));
    const caseType = await page.$eval(tid('register-case-type'), (s) => (s as HTMLSelectElement).options[1]!.value);
    await page.selectOption(tid('register-case-type'), caseType);
    expect(await page.inputValue(tid('register-filed-on'))).toBe('30/11/2026');
    await page.fill(tid('register-subject'), 'أداء دين');
    await page.fill(tid('party-0-name-ar'), 'محمد بناني');
    await page.fill(tid('party-1-name-latin'), 'Société Atlas SARL');
    await page.selectOption(tid('party-1-kind'), 'organisation');
    await page.click(tid('register-submit'));
    await page.waitForSelector(tid('case-detail'));
    const registered = page.locator(`${tid('audit-entry')}[data-command="registerCase"] ${tid('audit-time')}`);
    expect(await registered.textContent()).toBe('30/11/2026 13:26');

    await page.click(tid('add-party-button'));
    await page.fill(tid('new-party-name-latin'), 'Karim Benjelloun');
    await page.click(tid('add-party-modal-submit'));
    const row = page.locator(`${tid('party-row')}:has-text("Karim Benjelloun")`);
    await row.waitFor();
    await row.locator(tid('remove-party-button')).click();
    await page.selectOption(tid('remove-party-reason'), 'entered_in_error');
    await page.click(tid('remove-party-modal-submit'));
    const removal = page.locator(`${tid('audit-entry')}[data-command="removeParty"]`);
    await removal.waitFor();
    expect(await removal.locator(tid('audit-time')).textContent()).toBe('30/11/2026 13:26');
    expect(await removal.locator('li[data-field="removed_at"] .audit-after').textContent()).toBe('30/11/2026 13:26');
    await removal.scrollIntoViewIfNeeded();
    await screenshot(page, 'court-clock-audit-ar');
  });

  it('a 12:50 hearing today is refused as past, and the refusal says the court time it used (ar, fr)', async () => {
    const { page } = desk;
    for (const lang of ['ar', 'fr'] as const) {
      await page.click(tid('schedule-hearing-button'));
      await page.fill(tid('schedule-date'), '30/11/2026');
      await page.fill(tid('schedule-time'), '12:50');
      await page.click(tid('schedule-modal-submit'));
      const refusal = catalogueText(lang, 'errors.rule.hearingInPast', { 'date, courtDate': '30/11/2026', time: '12:50', 'courtDate, courtDate': '30/11/2026', courtTime: '13:26' });
      await expect.poll(() => page.locator(tid('schedule-modal')).textContent()).toContain(refusal);
      await screenshot(page, `court-clock-refusal-${lang}`);
      await page.click(tid('schedule-modal-cancel'));
      if (lang === 'ar') {
        await page.click(tid('nav-settings'));
        await page.selectOption(tid('settings-language'), 'fr');
        await page.waitForFunction(() => document.documentElement.lang === 'fr');
        await page.goBack();
        await page.waitForSelector(tid('case-detail'));
      }
    }
    await page.locator(`${tid('audit-entry')}[data-command="removeParty"]`).scrollIntoViewIfNeeded();
    await screenshot(page, 'court-clock-audit-fr');
  });

  it('the registry offers the court’s year first: at 23:30 UTC on 31 December it is already 2027 at the court', async () => {
    const { page } = desk;
    mainNow = NEW_YEAR;
    await page.clock.setFixedTime(NEW_YEAR);
    await page.reload();
    // A month has passed on main's clock: the desk locked itself meanwhile.
    await page.fill(tid('unlock-password'), ADMIN.password);
    await page.click(tid('unlock-submit'));
    await page.click(tid('nav-registry'));
    await page.waitForSelector(tid('registry-screen'));
    const years = await page.$eval(tid('filter-year'), (s) => Array.from((s as HTMLSelectElement).options).map((o) => o.value));
    expect(years.slice(0, 3)).toEqual(['', '2027', '2026']);
    // The court's reference data, refused while the page loaded behind the lock, was read again on
    // unlocking: the chambers are offered (they were missing, and every chamber read "—", until a reload).
    await page.waitForFunction(() => ((document.querySelector('[data-testid="filter-chamber"]') as HTMLSelectElement | null)?.options.length ?? 0) > 1);
  });

  it('printed no error in the page console along the way', () => {
    expect(desk.pageErrors).toEqual([]);
  });
});
