// What a new clerk met on the first day, fixed and shown in the real UI build in Debian Chromium:
// every problem of a form at once (and gone as soon as its field is fixed); one limit per field,
// where typing stops; invisible direction characters dropped, the other script warned about, a bar
// number checked; dates typed and shown day/month/year with a 24-hour clock in every language; a
// second hearing and hearings to be cancelled confirmed first; a case reserved for judgment with its
// pronouncement day, and the judgment recorded; the roll calling every party and where an adjourned
// hearing went; quick find by lawyer and by numbers as clerks write them; users managed by the
// admin, a reset password changed by its owner. Screens photographed in ar and fr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Language } from '../../src/shared/enums';
import { catalogueText as msg, documentDirection, horizontalOverflow, login, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const CLERK = { username: 'youssef.idrissi', displayName: 'يوسف الإدريسي', password: 'greffe-rabat-2026' };
/** Monday 7 December 2026, 09:00 in Rabat (UTC+1): the desk's clock, moved by the tests. */
let now = Date.parse('2026-12-07T08:00:00Z');
let desk: Desk;
let caseNumber = '';

async function invalidFields(page: Page, scope: string): Promise<string[]> {
  return page.$$eval(`${scope} [aria-invalid="true"]`, (els) => els.map((e) => e.getAttribute('data-testid') ?? '?'));
}

async function check(name: string, lang: Language): Promise<void> {
  const { page } = desk;
  await screenshot(page, `${name}-${lang}`);
  expect(await documentDirection(page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  expect((await horizontalOverflow(page)).offenders, `${name}-${lang}`).toEqual([]);
  expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.targets.join(' ')}`), `${name}-${lang}`).toEqual([]);
}

/**
 * Moves the desk's clock (hours later the same day, or days later): the desk has locked itself in
 * the meantime, so the clerk locks and unlocks as on coming back to the desk.
 */
async function comeBackAt(iso: string): Promise<void> {
  const { page } = desk;
  now = Date.parse(iso);
  await page.keyboard.press('Control+L');
  await page.waitForSelector(tid('lock-screen'));
  await page.fill(tid('unlock-password'), ADMIN.password);
  await page.click(tid('unlock-submit'));
  await page.waitForSelector(tid('lock-screen'), { state: 'detached' });
}


beforeAll(async () => {
  desk = await openDesk({ now: () => new Date(now) });
});
afterAll(async () => {
  await desk?.close();
});

describe('the desk on day one', () => {
  it('the empty set-up form marks every problem at once, and a message leaves its field as soon as it is fixed', async () => {
    const { page } = desk;
    await page.goto(desk.shell.url);
    await page.waitForSelector(tid('setup-screen'));
    await page.click(tid('setup-submit'));
    await expect.poll(() => invalidFields(page, tid('setup-form'))).toEqual([
      'setup-court-code',
      'setup-court-name-ar',
      'setup-court-name-fr',
      'setup-chamber-0-code',
      'setup-chamber-0-name-ar',
      'setup-chamber-0-name-fr',
      'setup-username',
      'setup-display-name',
      'setup-password',
    ]);
    await check('setup-all-errors', 'ar');
    await page.fill(tid('setup-court-code'), 'tpi-rabat');
    await expect.poll(() => page.getAttribute(tid('setup-court-code'), 'aria-invalid')).toBeNull();
    expect(await invalidFields(page, tid('setup-form'))).toHaveLength(8);

    await page.fill(tid('setup-court-name-ar'), 'المحكمة الابتدائية بالرباط');
    await page.fill(tid('setup-court-name-fr'), 'Tribunal de première instance de Rabat');
    await page.fill(tid('setup-chamber-0-code'), 'CIV1');
    await page.fill(tid('setup-chamber-0-name-ar'), 'الغرفة المدنية الأولى');
    await page.fill(tid('setup-chamber-0-name-fr'), 'Première chambre civile');
    await page.click(tid('setup-add-chamber'));
    await page.fill(tid('setup-chamber-1-code'), 'FAM');
    await page.fill(tid('setup-chamber-1-name-ar'), 'غرفة قضاء الأسرة');
    await page.fill(tid('setup-chamber-1-name-fr'), 'Chambre de la famille');
    await page.fill(tid('setup-username'), ADMIN.username);
    await page.fill(tid('setup-display-name'), ADMIN.displayName);
    await page.fill(tid('setup-password'), ADMIN.password);
    await page.fill(tid('setup-password-confirm'), ADMIN.password);
    expect(await invalidFields(page, tid('setup-form'))).toEqual([]);
    await page.click(tid('setup-submit'));
    await page.waitForSelector(tid('registry-screen'));
  });

  it('the empty register form marks chamber, type, subject and every unnamed party together', async () => {
    const { page } = desk;
    await page.click(tid('nav-register'));
    await page.waitForSelector(tid('register-screen'));
    await page.click(tid('register-submit'));
    await expect.poll(() => invalidFields(page, tid('register-form'))).toEqual(['register-chamber', 'register-case-type', 'register-subject', 'party-0-name-ar', 'party-1-name-ar']);
    await page.fill(tid('party-1-name-ar'), 'شركة الأطلس');
    await expect.poll(() => invalidFields(page, tid('register-form'))).toEqual(['register-chamber', 'register-case-type', 'register-subject', 'party-0-name-ar']);
  });

  it('one limit per field: typing stops at it, whatever is pasted, and no other limit is ever announced', async () => {
    const { page } = desk;
    await page.focus(tid('party-0-name-ar'));
    await page.keyboard.insertText('م'.repeat(5000));
    expect((await page.inputValue(tid('party-0-name-ar'))).length).toBe(200);
    expect(await page.getAttribute(tid('party-0-name-ar'), 'maxlength')).toBe('200');
    expect(await page.getAttribute(tid('register-subject'), 'maxlength')).toBe('500');
    expect(await page.textContent(tid('register-form'))).not.toContain('800');
    await page.fill(tid('party-0-name-ar'), '');
  });

  it('drops a right-to-left override as typed, warns about the other script, checks the bar number', async () => {
    const { page } = desk;
    await page.focus(tid('party-0-name-latin'));
    await page.keyboard.insertText('Moh\u202Eammed Bennani');
    expect(await page.inputValue(tid('party-0-name-latin'))).toBe('Mohammed Bennani');
    await page.fill(tid('party-0-name-ar'), 'محمد Bennani');
    await page.getByText(msg('ar', 'ui.party.warnLatinInArabic')).waitFor();
    expect(await page.getAttribute(tid('party-0-name-ar'), 'aria-invalid')).toBeNull();
    await page.fill(tid('party-0-name-ar'), 'مُحَمَّد بنّاني');
    await page.fill(tid('party-0-lawyer-bar-number'), '-5');
    await expect.poll(() => invalidFields(page, `${tid('register-party-0')}`)).toEqual(['party-0-lawyer-name', 'party-0-lawyer-bar-number']);
    await page.fill(tid('party-0-lawyer-bar-number'), '1234');
    await page.fill(tid('party-0-lawyer-name'), 'ذ. سعيد العمراني');
    await page.fill(tid('party-0-phone'), '06 61 23 45 67');
    await page.fill(tid('party-0-address'), '12، زنقة الحرية، الرباط');
    expect(await invalidFields(page, tid('register-party-0'))).toEqual([]);
  });

  it('the filing date reads day/month/year with its weekday and Hijri date; a date that does not exist is refused in those words', async () => {
    const { page } = desk;
    expect(await page.inputValue(tid('register-filed-on'))).toBe('07/12/2026');
    expect(await page.getAttribute(tid('register-filed-on'), 'placeholder')).toBe(msg('ar', 'ui.dateField.placeholder'));
    await page.fill(tid('register-filed-on'), '31022026');
    expect(await page.inputValue(tid('register-filed-on'))).toBe('31/02/2026');
    await expect.poll(() => page.getAttribute(tid('register-filed-on'), 'aria-invalid')).toBe('true');
    expect(await page.textContent(tid('register-form'))).toContain(msg('ar', 'errors.field.badDate'));
    await page.fill(tid('register-filed-on'), '07/12/2026');
    expect(await page.textContent(tid('register-screen'))).toContain('الاثنين');
  });

  it('registers the case with its address and telephone, which the case page shows', async () => {
    const { page } = desk;
    await page.selectOption(tid('register-chamber'), { label: 'الغرفة المدنية الأولى' });
    const caseType = await page.$eval(tid('register-case-type'), (s) => (s as HTMLSelectElement).options[1]!.value);
    await page.selectOption(tid('register-case-type'), caseType);
    await page.fill(tid('register-subject'), 'طلب التعويض عن حادثة سير');
    await check('register-filled', 'ar');
    await page.click(tid('register-submit'));
    await page.waitForSelector(tid('case-registered-banner'));
    caseNumber = ((await page.textContent(tid('registered-number'))) ?? '').trim();
    const contact = await page.textContent(`${tid('party-row')}:has-text("بنّاني") ${tid('party-contact')}`);
    expect(contact).toContain('12، زنقة الحرية، الرباط');
    expect(contact).toContain('0661234567');
  });

  it('a second hearing on the roll needs a confirmation, shown with the date of the first, in day/month/year', async () => {
    const { page } = desk;
    await page.click(tid('schedule-hearing-button'));
    await page.fill(tid('schedule-date'), '07122026');
    await page.fill(tid('schedule-time'), '1000');
    await page.press(tid('schedule-time'), 'Tab');
    expect(await page.inputValue(tid('schedule-time'))).toBe('10:00');
    await page.click(tid('schedule-modal-submit'));
    await page.waitForSelector(`${tid('hearing-row')}[data-date="2026-12-07"]`);

    await page.click(tid('schedule-hearing-button'));
    await page.fill(tid('schedule-date'), '21/12/2026');
    await page.click(tid('schedule-modal-submit'));
    const confirm = page.locator(tid('schedule-modal-confirm'));
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(msg('ar', 'errors.confirm.anotherHearingPending', { 'date, courtDate': '07/12/2026', time: '10:00' }));
    await check('schedule-confirm', 'ar');
    await page.click(tid('schedule-modal-confirm-button'));
    await page.waitForSelector(`${tid('hearing-row')}[data-date="2026-12-21"]`);
  });

  it('reserves the case for judgment with its pronouncement day, confirming the cancelled hearing; the roll of that day lists it', async () => {
    const { page } = desk;
    await comeBackAt('2026-12-07T10:30:00Z'); // 11:30 in Rabat: the 10:00 hearing has sat
    const today = page.locator(`${tid('hearing-row')}[data-date="2026-12-07"]`);
    await today.locator(tid('outcome-button')).click();
    await page.selectOption(tid('outcome-select'), 'reserved_for_judgment');
    await page.click(tid('outcome-modal-submit'));
    await expect.poll(() => page.getAttribute(tid('outcome-pronouncement-date'), 'aria-invalid')).toBe('true');
    await page.fill(tid('outcome-pronouncement-date'), '14/12/2026');
    await page.click(tid('outcome-modal-submit'));
    await page.locator(tid('outcome-modal-confirm')).waitFor();
    expect(await page.textContent(tid('outcome-modal-confirm'))).toContain('21/12/2026');
    await page.click(tid('outcome-modal-confirm-button'));
    await page.waitForSelector(`${tid('case-status')}[data-status="deliberation"]`);
    expect(await page.textContent(tid('particular-pronouncement-date'))).toContain('14/12/2026');
    expect(await page.getAttribute(`${tid('hearing-row')}[data-date="2026-12-21"]`, 'data-status')).toBe('cancelled');
    await check('case-deliberation', 'ar');

    await page.click(tid('nav-hearings'));
    await page.fill(tid('day-date'), '14/12/2026');
    await page.waitForSelector(`${tid('pronouncement-row')}[data-case-number="${caseNumber}"]`);
    await check('roll-pronouncements', 'ar');
  });

  it('the roll of the hearing day names every party with its role, and the banner of the registration is long gone', async () => {
    const { page } = desk;
    await page.fill(tid('day-date'), '07/12/2026');
    const row = page.locator(`${tid('roll-row')}[data-case-number="${caseNumber}"]`);
    await row.waitFor();
    const parties = (await row.locator(tid('roll-parties')).textContent()) ?? '';
    expect(parties).toContain(msg('ar', 'enums.partyRole.plaintiff'));
    expect(parties).toContain('مُحَمَّد بنّاني');
    expect(parties).toContain('شركة الأطلس');
  });

  it('records the judgment with its operative part, line breaks kept', async () => {
    const { page } = desk;
    await comeBackAt('2026-12-14T11:00:00Z');
    await page.click(`${tid('pronouncement-row')} a, ${tid('roll-row')}[data-case-number="${caseNumber}"] ${tid('roll-case-link')}`);
    await page.waitForSelector(tid('case-detail'));
    expect(await page.$(tid('case-registered-banner'))).toBeNull();
    await page.click(tid('record-judgment-button'));
    expect(await page.inputValue(tid('judgment-pronounced-on'))).toBe('14/12/2026');
    await page.fill(tid('judgment-operative-part-input'), 'حكمت المحكمة علنيا ابتدائيا وحضوريا:\nفي الموضوع: بأداء المدعى عليها للمدعي مبلغ 20.000 درهم.');
    await page.click(tid('judgment-modal-submit'));
    await page.waitForSelector(`${tid('case-status')}[data-status="judged"]`);
    const text = await page.$eval(tid('judgment-operative-part'), (e) => (e as HTMLElement).innerText);
    expect(text.split('\n')).toHaveLength(2);
    await check('case-judged', 'ar');
  });

  it('quick find finds the case by its lawyer and by its number written serial/type/year', async () => {
    const { page } = desk;
    const [year, type, serial] = caseNumber.split('/');
    for (const typed of ['العمراني', `${serial}/${type}/${year}`, `${type}/${serial}`]) {
      await page.fill(tid('quickfind-input'), typed);
      await page.waitForSelector(`${tid('quickfind-result')}[data-case-number="${caseNumber}"]`);
    }
    expect(await page.textContent(tid('quickfind-results'))).toBeTruthy();
    await page.fill(tid('quickfind-input'), 'العمراني');
    await page.waitForSelector(`${tid('quickfind-result')}:has-text("${msg('ar', 'ui.quickFind.matchedBy.lawyer')}")`);
    await page.keyboard.press('Escape');
    await page.fill(tid('quickfind-input'), '');
  });

  it('the admin creates a clerk, changes the roles, resets the password; the clerk must choose their own first', async () => {
    const { page } = desk;
    await page.click(tid('nav-settings'));
    await page.waitForSelector(tid('users-section'));
    await page.fill(tid('new-user-username'), CLERK.username);
    await page.fill(tid('new-user-display-name'), CLERK.displayName);
    await page.fill(tid('new-user-password'), CLERK.password);
    await page.fill(tid('new-user-password-confirm'), CLERK.password);
    await page.click(tid('new-user-submit'));
    const row = page.locator(`${tid('user-row')}[data-username="${CLERK.username}"]`);
    await row.waitFor();

    await row.locator(tid('user-roles-button')).click();
    await page.check(tid('roles-modal-role-judge'));
    await page.click(tid('roles-modal-submit'));
    await expect.poll(async () => row.locator(tid('user-roles')).textContent()).toContain(msg('ar', 'enums.role.judge'));

    await row.locator(tid('user-reset-button')).click();
    await page.fill(tid('reset-password-new'), 'kalima-mouakkata-1');
    await page.fill(tid('reset-password-confirm'), 'kalima-mouakkata-1');
    await page.click(tid('reset-password-modal-submit'));
    await row.locator(tid('user-must-change')).waitFor();
    await check('users-admin', 'ar');

    // The last administrator cannot be deactivated by herself, nor reset her own password (she
    // changes it with her current one): no such buttons on her own row.
    const own = `${tid('user-row')}[data-username="${ADMIN.username}"]`;
    expect(await page.locator(`${own} ${tid('user-active-button')}`).count()).toBe(0);
    expect(await page.locator(`${own} ${tid('user-reset-button')}`).count()).toBe(0);

    await page.click(tid('logout-button'));
    await login(page, { username: CLERK.username, password: 'kalima-mouakkata-1' });
    await page.waitForSelector(tid('must-change-password-screen'));
    await check('must-change-password', 'ar');
    // Keeping the password the administrator gave is refused on the spot.
    await page.fill(tid('change-password-current'), 'kalima-mouakkata-1');
    await page.fill(tid('change-password-new'), 'kalima-mouakkata-1');
    await page.fill(tid('change-password-confirm'), 'kalima-mouakkata-1');
    await page.click(tid('change-password-submit'));
    await expect.poll(async () => page.textContent(tid('change-password-form'))).toContain(msg('ar', 'errors.auth.sameAsCurrentPassword'));
    expect(await invalidFields(page, tid('change-password-form'))).toEqual(['change-password-new']);
    await page.fill(tid('change-password-new'), CLERK.password);
    await page.fill(tid('change-password-confirm'), CLERK.password);
    await page.click(tid('change-password-submit'));
    await page.waitForSelector(tid('registry-screen'));
    await page.click(tid('logout-button'));
    await login(page, ADMIN);
    await page.waitForSelector(tid('registry-screen'));
  });

  it('in French: dates still day/month/year, times 24-hour, roles listed the French way', async () => {
    const { page } = desk;
    await page.click(tid('nav-settings'));
    await page.selectOption(tid('settings-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    const roles = await page.textContent(`${tid('user-row')}[data-username="${CLERK.username}"] ${tid('user-roles')}`);
    expect(roles).toBe(`${msg('fr', 'enums.role.clerk')} et ${msg('fr', 'enums.role.judge')}`);
    await check('users-admin', 'fr');

    await page.fill(tid('quickfind-input'), caseNumber);
    await page.click(`${tid('quickfind-result')}[data-case-number="${caseNumber}"]`);
    await page.waitForSelector(tid('case-detail'));
    expect(await page.textContent(tid('judgment-date'))).toContain('14/12/2026');
    await check('case-judged', 'fr');

    await page.click(tid('nav-hearings'));
    await page.fill(tid('day-date'), '07/12/2026');
    await page.locator(`${tid('roll-row')}[data-case-number="${caseNumber}"]`).waitFor();
    expect(await page.inputValue(tid('day-date'))).toBe('07/12/2026');
    expect(await page.getAttribute(tid('day-date'), 'placeholder')).toBe('jj/mm/aaaa');
    await check('roll', 'fr');
  });

  it('printed no error in the page console along the way', () => {
    expect(desk.pageErrors).toEqual([]);
  });
});
