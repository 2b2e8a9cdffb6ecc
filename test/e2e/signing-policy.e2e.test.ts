// A production build whose workstation is configured with a software token (SoftHSM2): the
// workspace says from the start, in the desk's language, that signatures will be refused, before
// anyone tries to sign. A development build (every other e2e test) shows nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueText, openDesk, screenshot, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };

let desk: Desk;

beforeAll(async () => {
  desk = await openDesk({ config: { production: true, pkcs11Module: '/usr/lib/softhsm/libsofthsm2.so' } });
  const setup = await desk.shell.service.handle('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
    user: ADMIN,
  });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  await desk.shell.service.handle('session.logout', {});
  const { page } = desk;
  await page.goto(desk.shell.url);
  await page.fill(tid('login-username'), ADMIN.username);
  await page.fill(tid('login-password'), ADMIN.password);
  await page.click(tid('login-submit'));
  await page.waitForSelector(tid('registry-screen'));
}, 120_000);

afterAll(async () => {
  await desk?.close();
});

describe('software token in a production build', () => {
  it('the workspace says so in Arabic and in French from the start', async () => {
    const { page } = desk;
    const notice = page.locator(tid('soft-token-notice'));
    await expect(notice.textContent()).resolves.toBe(catalogueText('ar', 'signing.errors.softwareTokenConfigured'));
    await screenshot(page, 'soft-token-notice-ar');
    const switched = await desk.shell.service.handle('settings.setLanguage', { language: 'fr' });
    expect(switched.ok).toBe(true);
    await page.reload();
    await page.waitForSelector(tid('registry-screen'));
    await expect(page.locator(tid('soft-token-notice')).textContent()).resolves.toBe(catalogueText('fr', 'signing.errors.softwareTokenConfigured'));
    await screenshot(page, 'soft-token-notice-fr');
    expect(desk.pageErrors).toEqual([]);
  });
});
