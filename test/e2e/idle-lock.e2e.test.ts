// A clerk leaves the desk: after the idle time main locks the workstation by itself; the next
// thing the UI asks is refused as LOCKED and the lock screen appears over the untouched work.
// The service's clock is moved forward (real services, a clock the test holds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
let desk: Desk;
let offsetMs = 0;

beforeAll(async () => {
  desk = await openDesk({ now: () => new Date(Date.now() + offsetMs) });
  const setup = await desk.shell.service.handle('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-OUJDA', nameAr: 'المحكمة الابتدائية بوجدة', nameFr: 'Tribunal de première instance d’Oujda' },
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
});

afterAll(async () => {
  await desk?.close();
});

describe('the workstation locks itself when the clerk is away', () => {
  it('shows the lock screen at the first call after the idle time, and keeps the half-typed case', async () => {
    const { page } = desk;
    await page.click(tid('nav-register'));
    await page.fill(tid('register-subject'), 'إفراغ محل تجاري');
    offsetMs += 11 * 60_000; // the default idle lock is 10 minutes
    await page.click(tid('nav-registry'));
    await page.waitForSelector(tid('lock-screen'));
    expect(await page.isVisible(tid('registry-screen'))).toBe(false);

    await page.fill(tid('unlock-password'), ADMIN.password);
    await page.click(tid('unlock-submit'));
    await page.waitForSelector(tid('registry-screen'));
    await page.click(tid('nav-register'));
    expect(await page.inputValue(tid('register-subject'))).toBe('إفراغ محل تجاري');
  });
});
