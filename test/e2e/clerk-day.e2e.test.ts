// A clerk's first day on a new workstation, in the real UI build, in Debian Chromium: set up the
// court in Arabic, register a case with Arabic and Latin party names, find it by a name typed
// without diacritics, schedule and adjourn a hearing, see it on the day's roll and in the audit
// timeline, switch to French and back (the language survives a reload), lock and unlock.
// Every main screen is photographed in ar and fr, checked for horizontal overflow and with axe.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { catalogueText as msg, courtDate, documentDirection, horizontalOverflow, nextSittingDay, openDesk, RENDERER_DIR, screenshot, seriousA11yViolations, type Desk } from './harness';

/** A calendar date as the clerk types and reads it: day/month/year. */
const dmy = (iso: string) => iso.split('-').reverse().join('/');


const PASSWORD = 'kalima-sirr-2026';
const ARABIC_NAME = 'مُحَمَّد بنّاني';
const LATIN_ORG = 'Société Atlas SARL';

let desk: Desk;
const tid = (id: string) => `[data-testid="${id}"]`;

/** Screenshot, direction and overflow checks for the screen on display. */
async function checkScreen(name: string, lang: Language): Promise<void> {
  const { page } = desk;
  await screenshot(page, `${name}-${lang}`);
  expect(await documentDirection(page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  const overflow = await horizontalOverflow(page);
  expect(overflow.offenders, `${name}-${lang}: elements leaving the viewport`).toEqual([]);
  expect(overflow.scrollWidth, `${name}-${lang}: page wider than the window`).toBeLessThanOrEqual(overflow.innerWidth);
}

async function checkA11y(name: string): Promise<void> {
  const violations = await seriousA11yViolations(desk.page);
  expect(
    violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(' ')}`),
    `${name}: serious or critical axe violations`,
  ).toEqual([]);
}

async function focusedTestId(): Promise<string | null> {
  return desk.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
}

/** The focused element's outline, as the clerk sees the focus. */
async function focusRing(): Promise<string> {
  return desk.page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return `${s.outlineStyle} ${s.outlineWidth}`;
  });
}

async function goTo(nav: 'nav-registry' | 'nav-register' | 'nav-hearings' | 'nav-settings', screen: string): Promise<void> {
  await desk.page.click(tid(nav));
  await desk.page.waitForSelector(tid(screen));
}

let caseNumber = '';
let firstSitting = '';
let secondSitting = '';
let thirdSitting = '';

beforeAll(async () => {
  desk = await openDesk();
});

afterAll(async () => {
  await desk?.close();
});

describe('a clerk’s first day at a new workstation', () => {
  it('opens on the first-run setup, in Arabic, right to left', async () => {
    const { page } = desk;
    await page.goto(desk.shell.url);
    await page.waitForSelector(tid('setup-screen'));
    expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
    await expect.poll(focusedTestId).toBe('setup-court-code');
    await checkScreen('setup', 'ar');
    // A field with a hint line has its box level with its neighbours' (the hint goes under it).
    const tops = await page.$$eval(
      ['setup-court-code', 'setup-court-name-ar', 'setup-court-name-fr', 'setup-username', 'setup-display-name', 'setup-password', 'setup-password-confirm'].map(tid).join(', '),
      (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid'), Math.round(e.getBoundingClientRect().top)])),
    );
    expect(tops['setup-court-code']).toBe(tops['setup-court-name-ar']);
    expect(tops['setup-username']).toBe(tops['setup-display-name']);
    expect(tops['setup-password']).toBe(tops['setup-password-confirm']);
    await checkA11y('setup (ar)');
  });

  it('draws Arabic and Latin text with the fonts bundled in the build, Arabic face first', async () => {
    const { page } = desk;
    const assets = fs.readdirSync(path.join(RENDERER_DIR, 'assets'));
    expect(assets.filter((f) => /^noto-naskh-arabic-arabic-\d+-normal-.*\.woff2$/.test(f)).length).toBeGreaterThanOrEqual(2);
    expect(assets.filter((f) => /^noto-sans-latin-\d+-normal-.*\.woff2$/.test(f)).length).toBeGreaterThanOrEqual(2);
    const loaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, ''));
    });
    expect(loaded).toContain('Noto Naskh Arabic');
    expect(loaded).toContain('Noto Sans');
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"Noto Naskh Arabic", "Noto Sans"/);
  });

  it('shows the setup in French when the clerk picks French, then goes back to Arabic', async () => {
    const { page } = desk;
    await page.selectOption(tid('setup-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr' && document.documentElement.lang === 'fr');
    await page.getByText(msg('fr', 'ui.setup.title')).waitFor();
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"Noto Sans", "Noto Naskh Arabic"/);
    await checkScreen('setup', 'fr');
    await checkA11y('setup (fr)');
    await page.selectOption(tid('setup-language'), 'ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  });

  it('refuses a short password at its field and keeps everything typed', async () => {
    const { page } = desk;
    await page.fill(tid('setup-court-code'), 'TPI-RABAT');
    await page.fill(tid('setup-court-name-ar'), 'المحكمة الابتدائية بالرباط');
    await page.fill(tid('setup-court-name-fr'), 'Tribunal de première instance de Rabat');
    await page.fill(tid('setup-chamber-0-code'), 'CIV1');
    await page.fill(tid('setup-chamber-0-name-ar'), 'الغرفة المدنية الأولى');
    await page.fill(tid('setup-chamber-0-name-fr'), 'Première chambre civile');
    await page.click(tid('setup-add-chamber'));
    await page.fill(tid('setup-chamber-1-code'), 'COM');
    await page.fill(tid('setup-chamber-1-name-ar'), 'الغرفة التجارية');
    await page.fill(tid('setup-chamber-1-name-fr'), 'Chambre commerciale');
    await page.fill(tid('setup-username'), 'amina.alaoui');
    await page.fill(tid('setup-display-name'), 'أمينة العلوي');
    await page.fill(tid('setup-password'), 'court');
    await page.fill(tid('setup-password-confirm'), 'court');
    await page.click(tid('setup-submit'));
    await expect.poll(() => page.getAttribute(tid('setup-password'), 'aria-invalid')).toBe('true');
    expect(await page.textContent(tid('setup-screen'))).toContain(msg('ar', 'errors.field.tooShort').replace('{{min}}', '10'));
    expect(await page.inputValue(tid('setup-chamber-1-name-ar'))).toBe('الغرفة التجارية');
  });

  it('sets up the court with two chambers and signs the first user in', async () => {
    const { page } = desk;
    await page.fill(tid('setup-password'), PASSWORD);
    await page.fill(tid('setup-password-confirm'), PASSWORD);
    await page.click(tid('setup-submit'));
    await page.waitForSelector(tid('registry-screen'));
    expect(await page.textContent(tid('header-court'))).toBe('المحكمة الابتدائية بالرباط');
    expect(await page.textContent(tid('header-user'))).toBe('أمينة العلوي');
    await page.waitForSelector(tid('registry-empty'));
    // A new desk: no filter is set, so the registry says there is no case yet, not that none matches,
    // and gives no arrow-key hint over a table that is not there.
    expect(await page.textContent(tid('registry-empty'))).toBe(msg('ar', 'ui.registry.none'));
    expect(await page.textContent(tid('registry-screen'))).not.toContain(msg('ar', 'ui.registry.keyboardHint'));
    await page.selectOption(tid('filter-status'), 'closed');
    await expect.poll(() => page.textContent(tid('registry-empty'))).toBe(msg('ar', 'ui.registry.empty'));
    await page.selectOption(tid('filter-status'), '');
  });

  it('registers a case from the keyboard alone: Enter moves on, errors sit at their field, nothing typed is lost', async () => {
    const { page } = desk;
    await goTo('nav-register', 'register-screen');
    await expect.poll(focusedTestId).toBe('register-chamber');
    await page.selectOption(tid('register-chamber'), { label: 'الغرفة المدنية الأولى' });
    await page.keyboard.press('Enter');
    expect(await focusedTestId()).toBe('register-case-type');
    // A focused select or input shows the same 2px ring as a button, not only a recoloured border.
    expect(await focusRing()).toBe('solid 2px');
    const caseType = await page.$eval(tid('register-case-type'), (s) => (s as HTMLSelectElement).options[1]!.value);
    await page.selectOption(tid('register-case-type'), caseType);
    await page.keyboard.press('Enter');
    expect(await focusedTestId()).toBe('register-filed-on');
    expect(await page.inputValue(tid('register-filed-on'))).toBe(dmy(courtDate()));
    await page.keyboard.press('Enter');
    expect(await focusedTestId()).toBe('register-subject');
    expect(await focusRing()).toBe('solid 2px');
    await page.keyboard.type('نزاع حول عقد كراء محل تجاري');
    await page.keyboard.press('Enter');
    // Party 1: plaintiff, a person, named with full vocalisation.
    expect(await focusedTestId()).toBe('party-0-role');
    expect(await page.inputValue(tid('party-0-role'))).toBe('plaintiff');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await focusedTestId()).toBe('party-0-name-ar');
    await page.keyboard.type(ARABIC_NAME);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Mohammed Bennani');
    await page.keyboard.press('Enter');
    await page.keyboard.type('12345'); // not a CIN: refused at this field
    await page.keyboard.press('Enter');
    expect(await focusedTestId()).toBe('party-0-phone');
    await page.keyboard.type('06 61 23 45 67');
    await page.keyboard.press('Enter');
    await page.keyboard.type('12، زنقة الحرية، الرباط');
    await page.keyboard.press('Enter');
    await page.keyboard.type('ذ. سعيد الإدريسي');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1234');
    await page.keyboard.press('Enter');
    // Party 2: defendant, an organisation with a Latin name.
    expect(await focusedTestId()).toBe('party-1-role');
    expect(await page.inputValue(tid('party-1-role'))).toBe('defendant');
    await page.keyboard.press('Enter');
    await page.selectOption(tid('party-1-kind'), 'organisation');
    await page.keyboard.press('Enter');
    await page.keyboard.type('شركة الأطلس');
    await page.keyboard.press('Enter');
    await page.keyboard.type(LATIN_ORG);
    // Past the empty national ID, telephone, address, lawyer and bar number; Enter on the last field submits.
    for (let i = 0; i < 6; i++) await page.keyboard.press('Enter');
    // Enter on the last field submitted the form; the national ID was refused.
    await expect.poll(() => page.getAttribute(tid('party-0-national-id'), 'aria-invalid')).toBe('true');
    expect(await focusedTestId()).toBe('party-0-national-id');
    // Sent again from further down, the refused field is scrolled to, and it and its label show
    // below the fixed header, not under it.
    await page.setViewportSize({ width: 1024, height: 560 });
    await page.focus(tid('party-1-lawyer-bar-number'));
    // The refused field just under the header: in the window, but covered.
    await page.$eval(tid('party-0-national-id'), (input) => window.scrollBy(0, input.getBoundingClientRect().top - 30));
    await page.keyboard.press('Control+Enter');
    await expect.poll(focusedTestId).toBe('party-0-national-id');
    const placed = await page.$eval(tid('party-0-national-id'), (input) => ({
      header: document.querySelector('header')!.getBoundingClientRect().bottom,
      label: document.querySelector(`label[for="${input.id}"]`)!.getBoundingClientRect().top,
    }));
    expect(placed.label).toBeGreaterThanOrEqual(placed.header);
    await page.setViewportSize({ width: 1366, height: 768 });
    const registerText = (await page.textContent(tid('register-form'))) ?? '';
    expect(registerText).toContain(msg('ar', 'errors.rule.nationalIdFormat'));
    expect(await page.inputValue(tid('party-0-name-ar'))).toBe(ARABIC_NAME);
    expect(await page.inputValue(tid('party-1-name-latin'))).toBe(LATIN_ORG);
    await checkScreen('register-error', 'ar');
    await checkA11y('register form with an error (ar)');

    await page.fill(tid('party-0-national-id'), 'AB123456');
    // Alt+N adds a third party and puts the cursor on it; this case does not need it after all.
    await page.keyboard.press('Alt+KeyN');
    await page.waitForSelector(tid('register-party-2'));
    expect(await focusedTestId()).toBe('party-2-role');
    await page.click(tid('party-2-remove'));
    expect(await page.$(tid('register-party-2'))).toBeNull();
    await page.focus(tid('register-subject'));
    // Pressed three times in a row (an impatient clerk): one case only — the registry below counts 1.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Enter');

    await page.waitForSelector(tid('case-registered-banner'));
    caseNumber = ((await page.textContent(tid('registered-number'))) ?? '').trim();
    expect(caseNumber).toMatch(/^\d{4}\/\d{4}\/(\d+|P-[A-Z0-9]+-\d+)$/);
    expect(await page.textContent(tid('case-number'))).toBe(caseNumber);
    const parties = await page.$$eval(tid('party-row'), (rows) => rows.map((r) => r.textContent ?? ''));
    expect(parties).toHaveLength(2);
    expect(parties[0]).toContain(ARABIC_NAME);
    expect(parties[1]).toContain(LATIN_ORG);
  });

  it('lists the new case in the registry', async () => {
    const { page } = desk;
    await goTo('nav-registry', 'registry-screen');
    await page.waitForSelector(`${tid('registry-row')}[data-case-number="${caseNumber}"]`);
    expect(await page.getAttribute(tid('registry-grid'), 'data-total')).toBe('1');
    await checkScreen('registry', 'ar');
    await checkA11y('registry (ar)');
  });

  it('finds the case by the Arabic name typed without diacritics, by the Latin name in lower case without accents, and by the CIN', async () => {
    const { page } = desk;
    for (const query of ['محمد بناني', 'societe atlas', 'ab123456', caseNumber]) {
      await page.keyboard.press('Control+KeyK');
      expect(await focusedTestId()).toBe('quickfind-input');
      await page.fill(tid('quickfind-input'), query);
      await page.waitForSelector(`${tid('quickfind-result')}[data-case-number="${caseNumber}"]`);
    }
    await screenshot(page, 'quickfind-ar');
    await page.fill(tid('quickfind-input'), 'societe atlas');
    await page.waitForSelector(`${tid('quickfind-result')}[data-case-number="${caseNumber}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('case-detail'));
    expect(await page.textContent(tid('case-number'))).toBe(caseNumber);

    // A clerk who types the number and hits Enter at once (before the answer) still gets the case.
    await goTo('nav-registry', 'registry-screen');
    await page.keyboard.press('Control+KeyK');
    await page.fill(tid('quickfind-input'), caseNumber);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('case-detail'));
    expect(await page.textContent(tid('case-number'))).toBe(caseNumber);
  });

  it('schedules a hearing on the next sitting day and adjourns it with a reason code', async () => {
    const { page } = desk;
    const reference = await page.evaluate(async () => {
      const r = await fetch('/ipc/reference.get', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', credentials: 'same-origin' });
      return (await r.json()) as { ok: boolean; value: { holidays: { date: string }[] } };
    });
    expect(reference.ok).toBe(true);
    const holidays = new Set(reference.value.holidays.map((h) => h.date));
    firstSitting = nextSittingDay(courtDate(), holidays);
    secondSitting = nextSittingDay(firstSitting, holidays);
    thirdSitting = nextSittingDay(secondSitting, holidays);

    await page.click(tid('schedule-hearing-button'));
    await page.fill(tid('schedule-date'), dmy(firstSitting));
    await page.fill(tid('schedule-time'), '09:30');
    await page.fill(tid('schedule-room'), 'القاعة 2');
    await page.click(tid('schedule-modal-submit'));
    await page.waitForSelector(`${tid('hearing-row')}[data-date="${firstSitting}"][data-status="scheduled"]`);
    expect(await page.textContent(tid('case-status'))).toBe(msg('ar', 'enums.caseStatus.in_hearing'));

    await page.click(tid('adjourn-button'));
    await page.waitForSelector(tid('adjourn-reason'));
    await page.fill(tid('adjourn-date'), dmy(secondSitting));
    await page.click(tid('adjourn-modal-submit'));
    // No reason, no adjournment: the field says so and the dialog stays open with the date kept.
    await expect.poll(() => page.getAttribute(tid('adjourn-reason'), 'aria-invalid')).toBe('true');
    expect(await page.inputValue(tid('adjourn-date'))).toBe(dmy(secondSitting));
    await page.selectOption(tid('adjourn-reason'), 'party_absent');
    await page.fill(tid('adjourn-note'), 'تخلف المدعى عليه رغم التوصل');
    await page.fill(tid('adjourn-time'), '10:00');
    await page.click(tid('adjourn-modal-submit'));

    const adjourned = `${tid('hearing-row')}[data-date="${firstSitting}"][data-status="adjourned"]`;
    await page.waitForSelector(adjourned);
    expect(await page.textContent(`${adjourned} ${tid('hearing-adjournment-reason')}`)).toContain(msg('ar', 'enums.adjournmentReason.party_absent'));
    await page.waitForSelector(`${tid('hearing-row')}[data-date="${secondSitting}"][data-status="scheduled"]`);
    const hijriShown = await page.$$eval(`${tid('hearing-row')} .hijri`, (els) => els.map((e) => e.textContent ?? ''));
    expect(hijriShown.every((h) => /هـ/.test(h))).toBe(true);
  });

  it('shows the adjournment in the audit timeline, who did it and what changed', async () => {
    const { page } = desk;
    const entry = page.locator(`${tid('audit-entry')}[data-command="adjournHearing"]`);
    await entry.waitFor();
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain(msg('ar', 'ui.audit.command.adjournHearing'));
    expect(text).toContain('أمينة العلوي');
    expect(text).toContain(msg('ar', 'enums.hearingStatus.scheduled'));
    expect(text).toContain(msg('ar', 'enums.hearingStatus.adjourned'));
    expect(text).toContain(msg('ar', 'enums.adjournmentReason.party_absent'));
    expect(await page.locator(`${tid('audit-entry')}[data-command="registerCase"]`).count()).toBe(1);
    // Opening the case from quick find is not a registration: no "registered" banner any more.
    expect(await page.$(tid('case-registered-banner'))).toBeNull();
    await checkScreen('case', 'ar');
    await checkA11y('case detail (ar)');
  });

  it('puts the hearings on the roll of their day, and acts on them from there', async () => {
    const { page } = desk;
    await goTo('nav-hearings', 'hearings-screen');
    // The link's shortcut hint does not stay over the new screen, under the pointer still on it,
    // past the hint's own delay; it shows again once the pointer comes back.
    await page.waitForTimeout(500);
    expect(await page.locator('.mantine-Tooltip-tooltip').count()).toBe(0);
    await page.mouse.move(600, 400);
    await page.hover(tid('nav-hearings'));
    await page.locator('.mantine-Tooltip-tooltip').waitFor();
    await page.mouse.move(600, 400);
    await page.fill(tid('day-date'), dmy(firstSitting));
    const onFirst = `${tid('roll-row')}[data-case-number="${caseNumber}"]`;
    await page.waitForSelector(`${onFirst}[data-status="adjourned"]`);
    expect(await page.textContent(onFirst)).toContain(msg('ar', 'enums.adjournmentReason.party_absent'));

    await page.fill(tid('day-date'), dmy(secondSitting));
    await page.waitForSelector(`${onFirst}[data-status="scheduled"]`);
    await checkScreen('hearings', 'ar');
    await checkA11y('hearings of the day (ar)');

    // The hearing has not sat yet: main refuses an outcome, in Arabic, and the dialog stays open.
    await page.click(tid('roll-outcome-button'));
    await page.selectOption(tid('outcome-select'), 'debates_held');
    await page.click(tid('outcome-modal-submit'));
    const alert = page.locator(`${tid('error-alert')}[data-code="RULE_VIOLATION"]`);
    await alert.waitFor();
    expect(await alert.textContent()).toContain(msg('ar', 'errors.rule.hearingNotYetHeld').split('(')[0]!.trim());
    await page.click(tid('outcome-modal-cancel'));
    // Focus goes back to the button that opened the dialog, after Cancel as after Escape.
    await expect.poll(focusedTestId).toBe('roll-outcome-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('outcome-modal-cancel'));
    await page.keyboard.press('Escape');
    await expect.poll(focusedTestId).toBe('roll-outcome-button');

    await page.click(tid('roll-adjourn-button'));
    await page.selectOption(tid('adjourn-reason'), 'lawyer_request');
    await page.fill(tid('adjourn-date'), dmy(thirdSitting));
    await page.click(tid('adjourn-modal-submit'));
    await page.waitForSelector(`${onFirst}[data-status="adjourned"]`);
    // The adjourned hearing has no buttons any more: focus stays in its row, on the case.
    await expect.poll(focusedTestId).toBe('roll-case-link');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="roll-row"]')?.getAttribute('data-case-number'))).toBe(caseNumber);
    await page.fill(tid('day-date'), dmy(thirdSitting));
    await page.waitForSelector(`${onFirst}[data-status="scheduled"]`);
  });

  it('switches to French: left to right, French labels, and it survives a reload', async () => {
    const { page } = desk;
    await goTo('nav-settings', 'settings-screen');
    await page.selectOption(tid('settings-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr' && document.documentElement.lang === 'fr');
    expect(await page.textContent(tid('nav-registry'))).toBe(msg('fr', 'ui.nav.registry'));
    await checkScreen('settings', 'fr');

    await page.reload();
    await page.waitForSelector(tid('settings-screen'));
    expect(await documentDirection(page)).toEqual({ dir: 'ltr', lang: 'fr' });
    expect(await page.textContent(tid('nav-settings'))).toBe(msg('fr', 'ui.nav.settings'));
  });

  it('shows every main screen in French without overflow or serious accessibility problems', async () => {
    const { page } = desk;
    await goTo('nav-registry', 'registry-screen');
    await page.waitForSelector(`${tid('registry-row')}[data-case-number="${caseNumber}"]`);
    await checkScreen('registry', 'fr');
    await checkA11y('registry (fr)');

    await page.click(`${tid('registry-row')}[data-case-number="${caseNumber}"]`);
    await page.waitForSelector(tid('case-detail'));
    expect(await page.textContent(`${tid('hearing-row')}[data-date="${firstSitting}"] ${tid('hearing-adjournment-reason')}`)).toContain(
      msg('fr', 'enums.adjournmentReason.party_absent'),
    );
    await page.locator(`${tid('audit-entry')}[data-command="adjournHearing"]`).first().waitFor();
    await checkScreen('case', 'fr');
    await checkA11y('case detail (fr)');

    await goTo('nav-hearings', 'hearings-screen');
    await page.fill(tid('day-date'), dmy(firstSitting));
    await page.waitForSelector(`${tid('roll-row')}[data-case-number="${caseNumber}"]`);
    await checkScreen('hearings', 'fr');
    await checkA11y('hearings of the day (fr)');

    await goTo('nav-register', 'register-screen');
    await checkScreen('register', 'fr');
    await checkA11y('register form (fr)');
  });

  it('goes back to Arabic, right to left again, also after a reload', async () => {
    const { page } = desk;
    await goTo('nav-settings', 'settings-screen');
    await page.selectOption(tid('settings-language'), 'ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl' && document.documentElement.lang === 'ar');
    await checkScreen('settings', 'ar');
    await checkA11y('settings (ar)');
    await page.reload();
    await page.waitForSelector(tid('settings-screen'));
    expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
    expect(await page.textContent(tid('nav-settings'))).toBe(msg('ar', 'ui.nav.settings'));
  });

  it('locks with Ctrl+L, keeps the half-typed form underneath, and unlocks with the password', async () => {
    const { page } = desk;
    await goTo('nav-register', 'register-screen');
    await page.fill(tid('register-subject'), 'طلب أداء دين');
    await page.keyboard.press('Control+KeyL');
    await page.waitForSelector(tid('lock-screen'));
    expect(await page.isVisible(tid('register-screen'))).toBe(false);
    await checkScreen('lock', 'ar');
    await page.fill(tid('unlock-password'), 'wrong-password-1');
    await page.click(tid('unlock-submit'));
    await page.waitForSelector(`${tid('lock-screen')} ${tid('error-alert')}`);
    // The lock screen asks for a password only, and its refusal speaks of the password only.
    expect(await page.textContent(`${tid('lock-screen')} ${tid('error-alert')}`)).toContain(msg('ar', 'errors.auth.badPassword'));
    await page.fill(tid('unlock-password'), PASSWORD);
    await page.click(tid('unlock-submit'));
    await page.waitForSelector(tid('register-screen'));
    expect(await page.inputValue(tid('register-subject'))).toBe('طلب أداء دين');
  });

  it('logs out to the login screen, forgetting the draft and the screen, and back in on the registry', async () => {
    const { page } = desk;
    await page.click(tid('logout-button'));
    await page.waitForSelector(tid('login-screen'));
    expect(await page.$(tid('register-screen'))).toBeNull();
    await checkScreen('login', 'ar');
    await checkA11y('login (ar)');
    await page.fill(tid('login-username'), 'amina.alaoui');
    await page.fill(tid('login-password'), PASSWORD);
    await page.click(tid('login-submit'));
    // The next person at the desk starts on the registry, and never finds the previous one's half-typed case.
    await page.waitForSelector(tid('registry-screen'));
    expect(await page.textContent(tid('header-user'))).toBe('أمينة العلوي');
    await goTo('nav-register', 'register-screen');
    expect(await page.inputValue(tid('register-subject'))).toBe('');
  });

  it('printed no error in the page console along the way', () => {
    expect(desk.pageErrors).toEqual([]);
  });
});
