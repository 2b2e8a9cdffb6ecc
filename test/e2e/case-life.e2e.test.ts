// The rest of a case's life at the desk, in Arabic: an admin creates a clerk, edits a case's
// particulars (the audit shows before → after), is refused — in Arabic, with nothing lost — when
// a second window edits from a stale version, adds and removes a party with the court's reason,
// closes the case; then the clerk signs in and sees no user administration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { catalogueText as msg, documentDirection, horizontalOverflow, login, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const CLERK = { username: 'youssef.idrissi', displayName: 'يوسف الإدريسي', password: 'greffe-rabat-2026' };
let desk: Desk;
let caseUrl = '';



async function checkModal(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-ar`);
  expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
  expect((await horizontalOverflow(page)).offenders).toEqual([]);
  expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.targets.join(' ')}`)).toEqual([]);
}

beforeAll(async () => {
  desk = await openDesk();
  const setup = await desk.shell.service.handle('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-FES', nameAr: 'المحكمة الابتدائية بفاس', nameFr: 'Tribunal de première instance de Fès' },
    chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
    user: ADMIN,
  });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  // The desk session belongs to the browser: sign out what setup signed in, then log in there.
  await desk.shell.service.handle('session.logout', {});
  await desk.page.goto(desk.shell.url);
  await login(desk.page, ADMIN);
  await desk.page.waitForSelector(tid('workspace-container'));
});

afterAll(async () => {
  await desk?.close();
});

describe('a case from registration to closing, and a clerk who cannot administer users', () => {
  it('an admin creates a clerk; passwords that differ are refused at the confirmation field', async () => {
    const { page } = desk;
    await page.click(tid('nav-settings'));
    await page.waitForSelector(tid('users-section'));
    await page.fill(tid('new-user-username'), CLERK.username);
    await page.fill(tid('new-user-display-name'), CLERK.displayName);
    await page.fill(tid('new-user-password'), CLERK.password);
    await page.fill(tid('new-user-password-confirm'), 'greffe-rabat-2025');
    await page.click(tid('new-user-submit'));
    await expect.poll(() => page.getAttribute(tid('new-user-password-confirm'), 'aria-invalid')).toBe('true');
    expect(await page.textContent(tid('create-user-form'))).toContain(msg('ar', 'ui.errors.passwordMismatch'));
    await page.fill(tid('new-user-password-confirm'), CLERK.password);
    await page.click(tid('new-user-submit'));
    await page.waitForSelector(`${tid('user-row')}:has-text("${CLERK.username}")`);
    expect(await page.textContent(`${tid('user-row')}:has-text("${CLERK.username}")`)).toContain(msg('ar', 'enums.role.clerk'));
  });

  it('registers a case', async () => {
    const { page } = desk;
    await page.click(tid('nav-register'));
    const caseType = await page.$eval(tid('register-case-type'), (s) => (s as HTMLSelectElement).options[1]!.value);
    await page.selectOption(tid('register-case-type'), caseType);
    await page.fill(tid('register-subject'), 'أداء دين');
    await page.fill(tid('party-0-name-ar'), 'فاطمة الزهراء العلمي');
    await page.fill(tid('party-1-name-latin'), 'Banque Populaire');
    await page.selectOption(tid('party-1-kind'), 'organisation');
    await page.click(tid('register-submit'));
    await page.waitForSelector(tid('case-registered-banner'));
    caseUrl = page.url();
  });

  it('edits the subject: the audit shows before and after; a second window still on the old version is refused, in Arabic, keeping what was typed', async () => {
    const { page } = desk;
    const other = await desk.context.newPage();
    await other.goto(caseUrl);
    await other.waitForSelector(tid('case-detail'));
    const staleVersion = await other.getAttribute(tid('case-detail'), 'data-version');

    await page.click(tid('edit-particulars-button'));
    await page.fill(tid('particulars-subject'), 'أداء دين تجاري');
    await page.click(tid('particulars-modal-submit'));
    await page.waitForSelector(`${tid('particular-subject')}:has-text("أداء دين تجاري")`);
    expect(await page.getAttribute(tid('case-detail'), 'data-version')).not.toBe(staleVersion);
    const entry = page.locator(`${tid('audit-entry')}[data-command="updateCaseParticulars"]`);
    await entry.waitFor();
    const subjectChange = entry.locator('li[data-field="subject"]');
    expect(await subjectChange.locator('.audit-before').textContent()).toBe('أداء دين');
    expect(await subjectChange.locator('.audit-after').textContent()).toBe('أداء دين تجاري');

    await other.click(tid('edit-particulars-button'));
    await other.fill(tid('particulars-subject'), 'أداء دين مدني');
    await other.click(tid('particulars-modal-submit'));
    const alert = other.locator(`${tid('error-alert')}[data-code="STALE_VERSION"]`);
    await alert.waitFor();
    expect(await alert.textContent()).toContain(msg('ar', 'errors.staleVersion'));
    expect(await other.inputValue(tid('particulars-subject'))).toBe('أداء دين مدني');
    await other.close();
  });

  it('adds a party with a national ID', async () => {
    const { page } = desk;
    await page.click(tid('add-party-button'));
    await page.waitForSelector(tid('new-party-role'));
    await checkModal(page, 'add-party-modal');
    await page.fill(tid('new-party-name-ar'), 'كريم بنجلون');
    await page.fill(tid('new-party-name-latin'), 'Karim Benjelloun');
    await page.fill(tid('new-party-national-id'), 'C123456');
    await page.click(tid('add-party-modal-submit'));
    await expect.poll(() => page.locator(tid('party-row')).count()).toBe(3);
    expect(await page.textContent(`${tid('party-row')}:has-text("Karim Benjelloun")`)).toContain(msg('ar', 'enums.partyRole.intervener'));
  });

  it('removes a party with the court’s reason; the party stays listed with that reason', async () => {
    const { page } = desk;
    const row = page.locator(`${tid('party-row')}:has-text("Karim Benjelloun")`);
    await row.locator(tid('remove-party-button')).click();
    await page.click(tid('remove-party-modal-submit'));
    await expect.poll(() => page.getAttribute(tid('remove-party-reason'), 'aria-invalid')).toBe('true');
    await page.selectOption(tid('remove-party-reason'), 'entered_in_error');
    await page.click(tid('remove-party-modal-submit'));
    await page.waitForSelector(`${tid('party-row')}[data-removed="true"]:has-text("Karim Benjelloun")`);
    expect(await page.textContent(`${tid('party-row')}[data-removed="true"]`)).toContain(msg('ar', 'enums.partyRemovalReason.entered_in_error'));
  });

  it('closes the case with a reason; nothing can be scheduled on it any more', async () => {
    const { page } = desk;
    await page.click(tid('close-case-button'));
    await page.selectOption(tid('close-case-reason'), 'withdrawn');
    await checkModal(page, 'close-case-modal');
    await page.click(tid('close-case-modal-submit'));
    await page.waitForSelector(`${tid('case-status')}[data-status="closed"]`);
    expect(await page.textContent(tid('particular-closure-reason'))).toBe(msg('ar', 'enums.closureReason.withdrawn'));
    for (const hidden of ['schedule-hearing-button', 'add-party-button', 'edit-particulars-button', 'close-case-button']) {
      expect(await page.$(tid(hidden)), hidden).toBeNull();
    }
    await page.locator(`${tid('audit-entry')}[data-command="closeCase"]`).waitFor();
  });

  it('the clerk signs in and is not offered user administration', async () => {
    const { page } = desk;
    await page.click(tid('logout-button'));
    await login(page, CLERK);
    await page.waitForSelector(tid('workspace-container'));
    expect(await page.textContent(tid('header-user'))).toBe(CLERK.displayName);
    await page.click(tid('nav-settings'));
    await page.waitForSelector(tid('settings-screen'));
    expect(await page.$(tid('users-section'))).toBeNull();
    // Main refuses it anyway: hiding the form is a courtesy, not the rule.
    const direct = await page.evaluate(async () => {
      const body = JSON.stringify({ username: 'intrus', displayName: 'دخيل', roles: ['admin'], password: 'mot-de-passe-long' });
      const r = await fetch('/ipc/users.create', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      return (await r.json()) as { ok: boolean; error?: { code: string } };
    });
    expect(direct).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('printed no error in the page console along the way', () => {
    expect(desk.pageErrors).toEqual([]);
  });
});
