// An administrator rebuilds the search index from Settings, in the real UI build in Debian Chromium
// over the browser shell, in Arabic and in French: the panel says it was never rebuilt, Rebuild
// starts it and the bar moves on the push channel's events, Stop stops it part-way (Resume and
// Rebuild offered, the bar where it stopped), Resume takes it to done (the bar full, every page
// counted), and Rebuild starts over from the first page; another program holding the database
// mid-run fails it, the panel says so and why, and Resume finishes it. The desk holds 30,000 pages
// read, so a run lasts long enough to be seen and stopped: written beside the running desk as the
// OCR pipeline leaves them (a second connection to its WAL file, as search.e2e does); nothing of
// main is faked. Each state photographed in both languages, checked for direction, horizontal
// overflow and axe.
import BetterSqlite3 from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { newId } from '../../src/shared/ids';
import { openDatabase } from '../../src/store/sqlite/open-database';
import { SEED_DOCUMENT_TYPES } from '../../src/store/sqlite/migrations/0018-documents';
import { catalogueText as msg, courtDate, documentDirection, horizontalOverflow, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';
import { FES, registerDeskCase, setUpDeskCourt } from './desk-court';

const tid = (id: string) => `[data-testid="${id}"]`;
const ADMIN = { username: 'nadia.berrada', displayName: 'نادية برادة', password: 'kalima-sirr-2026' };
const DOCUMENTS = 300;
const PAGES = 100;
const TOTAL = DOCUMENTS * PAGES;
const pageText = (d: number, p: number) =>
  `المحكمة الابتدائية بفاس ملف عدد ${d + 1}/1201/2026 الصفحة ${p + 1} حيث إن المدعي يلتمس الحكم على المدعى عليه بأداء واجبات الكراء المتأخرة Attendu que le demandeur sollicite le paiement des loyers`;

let desk: Desk;

beforeAll(async () => {
  desk = await openDesk();
  const service = desk.shell.service;
  const court = await setUpDeskCourt(service, FES, ADMIN);
  const reg = await registerDeskCase(service, court, 'أداء واجبات الكراء', [
    { party: { newParty: { kind: 'person', nameAr: 'إدريس العلمي' } }, role: 'plaintiff' },
    { party: { newParty: { kind: 'organisation', nameAr: 'شركة فاس للعقار' } }, role: 'defendant' },
  ]);

  // The documents and the pages their OCR read, written beside the running desk.
  const store = await openDatabase(service.dbFile);
  try {
    const raw = store.raw;
    const owner = raw.prepare('SELECT court_id, created_by FROM cases WHERE id = ?').get(reg.caseId) as { court_id: string; created_by: string };
    const petition = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;
    const at = new Date().toISOString();
    const doc = raw.prepare(`INSERT INTO documents (id, court_id, case_id, document_type_id, document_date, language, ocr_language, title, file_name, sha256, size, mime, page_count,
      created_at, created_by, version, updated_hlc) VALUES (?, ?, ?, ?, ?, 'ar', 'auto', ?, 'requete.pdf', ?, 2048, 'application/pdf', ?, ?, ?, 1, ?)`);
    const page = raw.prepare(`INSERT INTO document_pages (document_id, page_index, ocr_status, source, model, script, text, confidence, words, width, height, corrected, read_ms, read_at)
      VALUES (?, ?, 'done', 'ocr', 'ara', 'arabic', ?, 91, '[]', 2480, 3508, 0, 1200, ?)`);
    const job = raw.prepare(`INSERT INTO ocr_jobs (id, document_id, status, language, dpi, attempts, pages_total, pages_done, created_at, started_at, finished_at, indexed_at)
      VALUES (?, ?, 'done', 'auto', 300, 1, ?, ?, ?, ?, ?, ?)`);
    raw.transaction(() => {
      for (let d = 0; d < DOCUMENTS; d++) {
        const id = newId();
        doc.run(id, owner.court_id, reg.caseId, petition, courtDate(), `مقال افتتاحي ${d + 1}`, d.toString(16).padStart(64, '0'), PAGES, at, owner.created_by, `${at}-e2e-${d}`);
        for (let p = 0; p < PAGES; p++) page.run(id, p, pageText(d, p), at);
        job.run(newId(), id, PAGES, PAGES, at, at, at, at);
      }
    })();
  } finally {
    await store.close();
  }

  await service.handle('session.logout', {});
  const { page } = desk;
  await page.goto(desk.shell.url);
  await page.waitForSelector(tid('login-screen'));
  await page.fill(tid('login-username'), ADMIN.username);
  await page.fill(tid('login-password'), ADMIN.password);
  await page.click(tid('login-submit'));
  await page.waitForSelector(tid('workspace-container'));
}, 120_000);

afterAll(async () => {
  await desk?.close();
});

const line = (page: Page) => page.locator(tid('search-index-line'));

async function lineState(page: Page): Promise<{ state: string; done: number; total: number; text: string }> {
  const l = line(page);
  return {
    state: (await l.getAttribute('data-state')) ?? '',
    done: Number(await l.getAttribute('data-done')),
    total: Number(await l.getAttribute('data-total')),
    text: (await l.textContent()) ?? '',
  };
}

async function waitForState(page: Page, state: string): Promise<void> {
  await page.waitForSelector(`${tid('search-index-line')}[data-state="${state}"]`, { timeout: 60_000 });
}

/** The panel whole in the middle of the viewport, its frame included. */
async function inView(page: Page): Promise<void> {
  await page.locator(tid('search-index-section')).evaluate((el) => el.scrollIntoView({ block: 'center' }));
}

/** Photographs the panel in view; the page's direction, overflow and axe. */
async function checkScreen(name: string, lang: Language): Promise<void> {
  const { page } = desk;
  await inView(page);
  await page.mouse.move(0, 0);
  await screenshot(page, `${name}-${lang}`);
  expect(await documentDirection(page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  expect((await horizontalOverflow(page)).offenders, `${name}-${lang}: elements leaving the viewport`).toEqual([]);
  const violations = await seriousA11yViolations(page);
  expect(violations.map((v) => `${v.id}: ${v.help} — ${v.targets.join(' ')}`), `${name}-${lang}: axe`).toEqual([]);
}

/** Rebuild (or Resume) clicked, the bar seen moving, Stop clicked: where it stopped. */
async function startThenStop(page: Page, button: 'search-index-rebuild' | 'search-index-resume', lang: Language): Promise<{ done: number; total: number }> {
  await page.click(tid(button));
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return el?.getAttribute('data-state') === 'running' && Number(el.getAttribute('data-done')) > 0;
  }, tid('search-index-line'));
  // Photographed as it runs (the checks wait for the stopped panel: the run must not end meanwhile).
  await inView(page);
  await screenshot(page, `search-index-running-${lang}`);
  await page.click(tid('search-index-stop'));
  await waitForState(page, 'stopped');
  const stopped = await lineState(page);
  expect(stopped.total).toBe(TOTAL);
  expect(stopped.done).toBeGreaterThan(0);
  expect(stopped.done).toBeLessThan(TOTAL);
  expect(stopped.text).toBe(msg(lang, 'ui.settings.searchIndex.line.stopped', { done: stopped.done, total: TOTAL }));
  expect(await page.getAttribute(tid('search-index-progress'), 'data-value')).toBe(String(Math.round((stopped.done / TOTAL) * 100)));
  expect(await page.isVisible(tid('search-index-resume'))).toBe(true);
  expect(await page.isVisible(tid('search-index-rebuild'))).toBe(true);
  await checkScreen('search-index-stopped', lang);
  return stopped;
}

/** Resume clicked: the run goes on to the end; the bar full and every page counted. */
async function resumeToDone(page: Page, lang: Language): Promise<void> {
  await page.click(tid('search-index-resume'));
  await waitForState(page, 'finished');
  const done = await lineState(page);
  expect(done).toEqual({ state: 'finished', done: TOTAL, total: TOTAL, text: msg(lang, 'ui.settings.searchIndex.line.finished', { done: TOTAL }) });
  expect(await page.getAttribute(tid('search-index-progress'), 'data-value')).toBe('100');
  expect(await page.textContent(tid('search-index-pages'))).toBe(msg(lang, 'ui.settings.searchIndex.progress', { done: TOTAL, total: TOTAL }));
  expect(await page.isVisible(tid('search-index-resume'))).toBe(false);
  expect(await page.isVisible(tid('search-index-finished'))).toBe(true);
  await checkScreen('search-index-finished', lang);
}

describe('the search index panel', () => {
  it('in Arabic: never rebuilt, rebuilt and stopped part-way, resumed to done', async () => {
    const { page } = desk;
    await page.click(tid('nav-settings'));
    await page.waitForSelector(tid('search-index-section'));
    expect(await lineState(page)).toMatchObject({ state: 'never', text: msg('ar', 'ui.settings.searchIndex.line.never') });
    expect(await page.isVisible(tid('search-index-progress'))).toBe(false);
    await checkScreen('search-index-never', 'ar');
    await startThenStop(page, 'search-index-rebuild', 'ar');
    await resumeToDone(page, 'ar');
    expect(desk.pageErrors).toEqual([]);
  });

  it('in French: rebuilt from the first page again, stopped, resumed to done', async () => {
    const { page } = desk;
    await page.selectOption(tid('settings-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    expect(await lineState(page)).toMatchObject({ state: 'finished', done: TOTAL, text: msg('fr', 'ui.settings.searchIndex.line.finished', { done: TOTAL }) });
    const stopped = await startThenStop(page, 'search-index-rebuild', 'fr');
    // Started over: stopped short of the whole, where the Arabic run had finished.
    expect(stopped.done).toBeLessThan(TOTAL);
    await resumeToDone(page, 'fr');
    expect(desk.pageErrors).toEqual([]);
  });

  it('another program holding the database mid-run: the panel says the rebuild failed and why, in both languages; Resume finishes it', async () => {
    const { page } = desk;
    await page.selectOption(tid('settings-language'), 'ar');
    await page.waitForFunction(() => document.documentElement.lang === 'ar');
    const service = desk.shell.service;
    const other = new BetterSqlite3(service.dbFile);
    let held = false;
    const unsubscribe = service.subscribe((m) => {
      // Between two batches: the next one waits out busy_timeout and is refused.
      if (m.event === 'search.reindex' && m.payload.state === 'running' && m.payload.pagesDone >= 4000 && !held) {
        other.exec('BEGIN IMMEDIATE');
        held = true;
      }
    });
    try {
      await page.click(tid('search-index-rebuild'));
      await waitForState(page, 'failed');
    } finally {
      unsubscribe();
      if (held) other.exec('ROLLBACK');
      other.close();
    }
    const failed = await lineState(page);
    expect(failed.done).toBeGreaterThanOrEqual(4000);
    expect(failed.done).toBeLessThan(TOTAL);
    for (const lang of ['ar', 'fr'] as const) {
      if (lang === 'fr') {
        await page.selectOption(tid('settings-language'), 'fr');
        await page.waitForFunction(() => document.documentElement.lang === 'fr');
      }
      expect(await line(page).textContent()).toBe(msg(lang, 'ui.settings.searchIndex.line.failed', { done: failed.done, total: TOTAL }));
      const alert = page.locator(tid('search-index-error'));
      expect(await alert.getAttribute('data-code')).toBe('DB_UNAVAILABLE');
      expect(await alert.textContent()).toBe(msg(lang, 'errors.search.reindexFailed', { pagesDone: failed.done, pagesTotal: TOTAL }));
      await checkScreen('search-index-failed', lang);
    }
    await resumeToDone(page, 'fr');
    expect(await page.isVisible(tid('search-index-error'))).toBe(false);
    expect(desk.pageErrors).toEqual([]);
  });
});
