// Quick find across scripts in the real UI (issue 9, item 6), in Arabic and French: «محمد العلوي»
// typed in Arabic lists the party written in Arabic first, then "Mohamed El Alaoui", registered in
// French spelling only, marked as a similar name; nothing leaves the window. Screens photographed
// in ar and fr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueText as msg, courtDate, documentDirection, horizontalOverflow, openDesk, screenshot, seriousA11yViolations, setLanguage, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };

let desk: Desk;
const numbers = { arabic: '', french: '' };

async function register(plaintiff: { nameAr?: string; nameLatin?: string }): Promise<string> {
  const ref = await desk.shell.service.handle('reference.get', {});
  if (!ref.ok) throw new Error(JSON.stringify(ref.error));
  const r = await desk.shell.service.handle('cases.register', {
    chamberId: ref.value.chambers[0]!.id,
    caseTypeId: ref.value.caseTypes.find((t) => t.validTo === null)!.id,
    filedOn: courtDate(),
    subject: 'أداء دين',
    parties: [
      { party: { newParty: { kind: 'person', ...plaintiff } }, role: 'plaintiff' },
      { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس' } }, role: 'defendant' },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.number;
}

beforeAll(async () => {
  desk = await openDesk();
  const setup = await desk.shell.service.handle('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
    user: ADMIN,
  });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  numbers.french = await register({ nameLatin: 'Mohamed El Alaoui' });
  numbers.arabic = await register({ nameAr: 'محمد العلوي' });
  await desk.shell.service.handle('session.logout', {});
  const { page } = desk;
  await page.goto(desk.shell.url);
  await page.fill(tid('login-username'), ADMIN.username);
  await page.fill(tid('login-password'), ADMIN.password);
  await page.click(tid('login-submit'));
  await page.waitForSelector(tid('registry-screen'));
});

afterAll(async () => {
  await desk?.close();
});

describe.each(['ar', 'fr'] as const)('quick find across scripts in %s', (lang) => {
  it('«محمد العلوي» lists the Arabic party first, then "Mohamed El Alaoui" as a similar name', async () => {
    const { page } = desk;
    await setLanguage(page, lang);
    await page.keyboard.press('Control+KeyK');
    await page.fill(tid('quickfind-input'), 'محمد العلوي');
    await page.waitForSelector(`${tid('quickfind-result')}[data-case-number="${numbers.french}"]`);
    const rows = await page.$$eval(tid('quickfind-result'), (els) =>
      els.map((e) => {
        const parties = e.querySelector('.quickfind-parties') as HTMLElement;
        return { number: e.getAttribute('data-case-number'), text: parties.textContent };
      }),
    );
    expect(rows).toEqual([
      { number: numbers.arabic, text: 'محمد العلوي' },
      { number: numbers.french, text: `${msg(lang, 'ui.quickFind.matchedBy.similarName')} Mohamed El Alaoui` },
    ]);
    await screenshot(page, `quickfind-across-scripts-${lang}`);
    expect(await documentDirection(page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.targets.join(' ')}`)).toEqual([]);
    await page.fill(tid('quickfind-input'), '');
    await page.keyboard.press('Escape');
  });
});
