// Search inside documents in the real UI (issue 9, item 5), in Arabic and French: a clerk opens the
// search screen by its shortcut, types an Arabic phrase without tashkeel, sees the page where it is
// written with tashkeel, the words marked as written, and a click lands on the viewer route at that
// page with the query (the viewer itself is another screen's). The document is filed in the desk's
// store and its read pages written beside it as the OCR pipeline leaves them, then indexed by the
// app's own index writer (indexDocumentPages, the OCR success hook); nothing of main is faked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocumentPages } from '../../src/domain';
import { newId } from '../../src/shared/ids';
import { openDatabase } from '../../src/store/sqlite/open-database';
import { SEED_DOCUMENT_TYPES } from '../../src/store/sqlite/migrations/0018-documents';
import { catalogueText, courtDate, documentDirection, horizontalOverflow, openDesk, screenshot, setLanguage, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const PHRASE = 'واجبات الكراء المترتبة';
const PAGES = [
  'المملكة المغربية\nوزارة العدل\nالمحكمة الابتدائية بالرباط',
  'وحيث إن المدعى عليه لم يُؤَدِّ واجبات الكِراء المُتَرَتِّبَة عن المَحَلّ التِّجَارِيّ منذ شهر يناير، لذلك يلتمس المدعي الحكم بالإفراغ وأداء المبالغ المستحقة مع الفوائد القانونية',
];

let desk: Desk;
let caseId = '';
let documentId = '';

beforeAll(async () => {
  desk = await openDesk();
  const setup = await desk.shell.service.handle('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
    user: ADMIN,
  });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  const ref = await desk.shell.service.handle('reference.get', {});
  if (!ref.ok) throw new Error(JSON.stringify(ref.error));
  const registered = await desk.shell.service.handle('cases.register', {
    chamberId: ref.value.chambers[0]!.id,
    caseTypeId: ref.value.caseTypes.find((t) => t.validTo === null)!.id,
    filedOn: courtDate(),
    subject: 'إفراغ محل تجاري',
    parties: [
      { party: { newParty: { kind: 'person', nameAr: 'يوسف بناني' } }, role: 'plaintiff' },
      { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس' } }, role: 'defendant' },
    ],
  });
  if (!registered.ok) throw new Error(JSON.stringify(registered.error));
  caseId = registered.value.caseId;

  // A second connection to the desk's file (WAL), as the document service writes its pages.
  const store = await openDatabase(desk.shell.service.dbFile);
  try {
    const raw = store.raw;
    const court = raw.prepare('SELECT court_id, created_by FROM cases WHERE id = ?').get(caseId) as { court_id: string; created_by: string };
    documentId = newId();
    const at = new Date().toISOString();
    raw.transaction(() => {
      raw
        .prepare(`INSERT INTO documents (id, court_id, case_id, document_type_id, document_date, language, ocr_language, title, file_name, sha256, size, mime, page_count,
          created_at, created_by, version, updated_hlc) VALUES (?, ?, ?, ?, ?, 'ar', 'auto', 'مقال افتتاحي', 'petition.pdf', ?, 2048, 'application/pdf', ?, ?, ?, 1, ?)`)
        .run(documentId, court.court_id, caseId, SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id, courtDate(), 'b'.repeat(64), PAGES.length, at, court.created_by, `${at}-e2e`);
      PAGES.forEach((text, i) =>
        raw
          .prepare(`INSERT INTO document_pages (document_id, page_index, ocr_status, source, model, script, text, confidence, words, width, height, corrected, read_ms, read_at)
            VALUES (?, ?, 'done', 'ocr', 'ara', 'arabic', ?, 91, '[]', 2480, 3508, 0, 1200, ?)`)
          .run(documentId, i, text, at),
      );
      raw
        .prepare(`INSERT INTO ocr_jobs (id, document_id, status, language, dpi, attempts, pages_total, pages_done, created_at, started_at, finished_at)
          VALUES (?, ?, 'done', 'auto', 300, 1, ?, ?, ?, ?, ?)`)
        .run(newId(), documentId, PAGES.length, PAGES.length, at, at, at);
    })();
    expect(await indexDocumentPages(store.db, documentId)).toEqual({ pages: 2 });
  } finally {
    await store.close();
  }

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

describe.each(['ar', 'fr'] as const)('search inside documents in %s', (lang) => {
  it('an Arabic phrase typed without tashkeel finds the page, marked as written; a click opens the viewer on that page', async () => {
    const { page } = desk;
    await setLanguage(page, lang);
    await page.keyboard.press('Alt+Digit4');
    await page.waitForSelector(tid('search-screen'));
    await page.fill(tid('search-text'), PHRASE);
    const result = `${tid('search-page-result')}[data-document-id="${documentId}"]`;
    await page.waitForSelector(result);
    expect(await page.$eval(`${result} ${tid('search-page-number')}`, (e) => e.textContent)).toMatch(/2/);
    expect(await page.$$eval(`${result} mark`, (els) => els.map((e) => e.textContent))).toEqual(['واجبات', 'الكِراء', 'المُتَرَتِّبَة']);
    // The snippet reads right to left whatever the screen's direction.
    expect(await page.$eval(`${result} ${tid('search-snippet')}`, (e) => getComputedStyle(e).direction)).toBe('rtl');
    expect((await documentDirection(page)).dir).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    await screenshot(page, `search-documents-${lang}`);

    await page.click(result);
    await page.waitForFunction((id) => window.location.hash.includes(id), documentId);
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/case/${caseId}/document/${documentId}/2?q=${encodeURIComponent(PHRASE)}`);
    await page.goBack();
    await page.waitForSelector(result);
    expect(await page.inputValue(tid('search-text'))).toBe(PHRASE);
  });

  it('the box reads in the direction of what is typed, the dates are typed day/month/year, a label sits by its text', async () => {
    const { page } = desk;
    const inputDirection = () => page.$eval(tid('search-text'), (e) => getComputedStyle(e).direction);
    await page.fill(tid('search-text'), '');
    expect(await inputDirection()).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    await page.fill(tid('search-text'), 'Atlas');
    expect(await inputDirection()).toBe('ltr');
    await page.fill(tid('search-text'), 'بناني');
    expect(await inputDirection()).toBe('rtl');

    // The party's name matched: its field label stands right beside the name, not across the row.
    const result = tid('search-case-result');
    await page.waitForSelector(`${result} ${tid('search-snippet-field')}`);
    const gap = await page.$eval(result, (r) => {
      const label = r.querySelector('[data-testid="search-snippet-field"]')!.getBoundingClientRect();
      const text = r.querySelector('[data-testid="search-snippet"]')!.getBoundingClientRect();
      return Math.max(text.left - label.right, label.left - text.right);
    });
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(16);
    await screenshot(page, `search-cases-${lang}`);

    // The document dates are the app's day/month/year fields, not the browser's mm/dd/yyyy.
    await page.fill(tid('search-text'), PHRASE);
    const page2 = `${tid('search-page-result')}[data-document-id="${documentId}"]`;
    await page.waitForSelector(page2);
    expect(await page.$eval(tid('search-document-from'), (e) => (e as HTMLInputElement).type)).toBe('text');
    expect(await page.getAttribute(tid('search-document-from'), 'placeholder')).toBe(lang === 'fr' ? 'jj/mm/aaaa' : catalogueText(lang, 'ui.dateField.placeholder'));
    await page.fill(tid('search-document-to'), '01012020');
    expect(await page.inputValue(tid('search-document-to'))).toBe('01/01/2020');
    await page.waitForSelector(tid('search-empty'));
    await page.fill(tid('search-document-to'), '');
    await page.fill(tid('search-document-from'), '01012020');
    await page.waitForSelector(page2);
    await screenshot(page, `search-dates-${lang}`);
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    await page.fill(tid('search-document-from'), '');
  });
});
