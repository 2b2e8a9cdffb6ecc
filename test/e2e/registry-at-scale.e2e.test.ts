// The registry of a busy court: 100,000 cases. The page holds only the rows on screen, fetches
// pages of 200 as the clerk moves (not the whole registry), jumps to the last case with End,
// opens a case with Enter, filters by year and status, and quick find still finds a party by
// name typed without diacritics. Structure is asserted, not timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogues } from '../../src/shared/i18n';
import { horizontalOverflow, newDataDir, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';
import { CLERK, seedCourt, type SeededCourt } from './seeded-store';

const CASES = 100_000;
const tid = (id: string) => `[data-testid="${id}"]`;
let desk: Desk;
let seeded: SeededCourt;
const registryRequests: { offset: number; limit: number }[] = [];

function label(key: string): string {
  const v = key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), catalogues.ar);
  if (typeof v !== 'string') throw new Error(`no message ${key}`);
  return v;
}

beforeAll(async () => {
  const dataDir = newDataDir();
  seeded = await seedCourt(dataDir, { cases: CASES, parties: 150_000, hearings: 200_000 });
  desk = await openDesk({ dataDir });
  desk.page.on('request', (req) => {
    if (req.url().endsWith('/ipc/cases.listForRegistry')) {
      const body = JSON.parse(req.postData() ?? '{}') as { offset: number; limit: number };
      registryRequests.push({ offset: body.offset, limit: body.limit });
    }
  });
  await desk.page.goto(desk.shell.url);
  await desk.page.fill(tid('login-username'), CLERK.username);
  await desk.page.fill(tid('login-password'), CLERK.password);
  await desk.page.click(tid('login-submit'));
  await desk.page.waitForSelector(tid('registry-screen'));
}, 180_000);

afterAll(async () => {
  await desk?.close();
});

async function renderedRows(): Promise<{ count: number; indexes: number[] }> {
  return desk.page.$$eval(`${tid('registry-grid')} [role=row][aria-rowindex]`, (rows) => {
    const indexes = rows.map((r) => Number(r.getAttribute('aria-rowindex'))).filter((i) => i > 1);
    return { count: indexes.length, indexes };
  });
}

describe('the registry of a court with 100,000 cases', () => {
  it('shows the total, and only the rows on screen exist in the page', async () => {
    const { page } = desk;
    await page.waitForSelector(`${tid('registry-grid')}[data-total="${CASES}"]`);
    await page.waitForSelector(tid('registry-row'));
    const rows = await renderedRows();
    expect(rows.count).toBeGreaterThan(5);
    expect(rows.count).toBeLessThan(80);
    expect(await page.getAttribute(tid('registry-grid'), 'aria-rowcount')).toBe(String(CASES + 1));
    // The first screen needs one page of 200 rows, never the registry.
    expect(registryRequests.every((r) => r.limit === 200)).toBe(true);
    expect(registryRequests.length).toBeLessThanOrEqual(2);
    await screenshot(page, 'registry-100k-ar');
    const overflow = await horizontalOverflow(page);
    expect(overflow.offenders).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('jumps to the last case with End, fetching only the pages near it', async () => {
    const { page } = desk;
    const before = registryRequests.length;
    await page.focus(tid('registry-grid'));
    await page.keyboard.press('End');
    await page.waitForSelector(`${tid('registry-row')}[aria-rowindex="${CASES + 1}"]`);
    const fetched = registryRequests.slice(before);
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.length).toBeLessThanOrEqual(3);
    expect(fetched.every((r) => r.offset >= CASES - 600)).toBe(true);
    const rows = await renderedRows();
    expect(rows.count).toBeLessThan(80);
    expect(Math.max(...rows.indexes)).toBe(CASES + 1);
    await screenshot(page, 'registry-100k-end-ar');
  });

  it('moves up with the arrow keys and opens the active case with Enter', async () => {
    const { page } = desk;
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    const active = page.locator(`${tid('registry-row')}[aria-selected="true"]`);
    expect(await active.getAttribute('aria-rowindex')).toBe(String(CASES - 1));
    const number = await active.getAttribute('data-case-number');
    expect(number).toBeTruthy();
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('case-detail'));
    expect(await page.textContent(tid('case-number'))).toBe(number);
  });

  it('narrows to one year and one status with the filters, which stay set after opening a case', async () => {
    const { page } = desk;
    await page.click(tid('nav-registry'));
    await page.waitForSelector(`${tid('registry-grid')}[data-total="${CASES}"]`);
    await page.selectOption(tid('filter-year'), '2020');
    await page.selectOption(tid('filter-status'), 'closed');
    await page.waitForFunction((n) => {
      const t = document.querySelector('[data-testid="registry-grid"]')?.getAttribute('data-total');
      return t !== null && t !== undefined && t !== '' && Number(t) < n && Number(t) > 0;
    }, CASES);
    await page.waitForSelector(tid('registry-row'));
    const rows = await page.$$eval(tid('registry-row'), (els) => els.map((e) => ({ number: e.getAttribute('data-case-number') ?? '', text: e.textContent ?? '' })));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.number.startsWith('2020/'))).toBe(true);
    expect(rows.every((r) => r.text.includes(label('enums.caseStatus.closed')))).toBe(true);

    // Into a case and back: the clerk is still working through the same filtered list.
    const filteredTotal = await page.getAttribute(tid('registry-grid'), 'data-total');
    await page.click(tid('registry-row'));
    await page.waitForSelector(tid('case-detail'));
    await page.click(tid('nav-registry'));
    await page.waitForSelector(`${tid('registry-grid')}[data-total="${filteredTotal}"]`);
    expect(await page.inputValue(tid('filter-year'))).toBe('2020');
    expect(await page.inputValue(tid('filter-status'))).toBe('closed');
  });

  it('quick find finds a party among 150,000 by the name typed without diacritics, on the court\'s oldest case', async () => {
    const { page } = desk;
    const typed = seeded.party.nameAr.replace(/[\u064B-\u065F\u0670]/g, '');
    await page.keyboard.press('Control+KeyK');
    await page.fill(tid('quickfind-input'), typed);
    await page.waitForSelector(tid('quickfind-result'));
    const found = await page.$$eval(tid('quickfind-result'), (els) => els.map((e) => e.getAttribute('data-case-number')));
    // The needle sits on the court's oldest open case: found first and alone, not by luck of order.
    expect(found).toEqual(seeded.party.caseNumbers);
  });
});
