// Names as clerks really type them, in both directions: a 200-character unbroken Latin name, a long
// Arabic name, "Youssef Berrada / خديجة الإدريسي" with Latin first and the reverse, a company whose
// own name holds " / " (the summary's separator), a subject of
// punctuation and Latin ("--;Robert')") and one with no letter ("-5"). In Arabic and French, at
// 1366x768 and 1280x720: no table pushes the page sideways, every column header stays in view, a
// truncated text shows its own beginning (it is cut at its end, in its own direction) with the
// full text on hover, and every value in the audit reads in its own direction.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { courtDate, documentDirection, horizontalOverflow, nextSittingDay, openDesk, screenshot, seriousA11yViolations, setLanguage, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const LONG_LATIN = `Al${'a'.repeat(196)}ma`; // 200 characters, no space
const LONG_ARABIC = 'عبد الرحمن بن محمد بن عبد الله بن إدريس الحسني الإدريسي الفاسي المكناسي الرباطي السلاوي';
const BERRADA = 'Youssef Berrada';
const KHADIJA = 'خديجة الإدريسي';
const BENNANI = 'محمد بنّاني';
const ATLAS = 'Société Atlas Assurances et Réassurances du Maroc S.A.';
/** A name holding the summary's own separator: one name in the registry, never two. */
const BRANCH = 'Atlas Transport / Casablanca';
const LONG_USER = 'Abderrahmane Ben Mohammed Ben Abdellah El Fassi El Idrissi';
const LONG_USERNAME = 'abderrahmane.benmohammed.benabdellah.elfassi.elidrissi';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
] as const;
/** The smallest window a desk is set up with: the day's roll must still fit, actions included. */
const NARROW = { width: 1024, height: 700 } as const;

let desk: Desk;
let sitting = '';
const caseNumbers = { long: '', latinFirst: '', arabicFirst: '', mixed: '', slashed: '' };

async function register(subject: string, parties: { role: string; kind?: string; nameAr?: string; nameLatin?: string; lawyerName?: string }[]): Promise<{ caseId: string; number: string }> {
  const ref = await desk.shell.service.handle('reference.get', {});
  if (!ref.ok) throw new Error(JSON.stringify(ref.error));
  const r = await desk.shell.service.handle('cases.register', {
    chamberId: ref.value.chambers[0]!.id,
    caseTypeId: ref.value.caseTypes.find((t) => t.validTo === null)!.id,
    filedOn: courtDate(),
    subject,
    parties: parties.map((p) => ({
      party: { newParty: { kind: p.kind ?? 'person', ...(p.nameAr ? { nameAr: p.nameAr } : {}), ...(p.nameLatin ? { nameLatin: p.nameLatin } : {}) } },
      role: p.role,
      ...(p.lawyerName ? { lawyerName: p.lawyerName } : {}),
    })),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const h = await desk.shell.service.handle('hearings.schedule', { caseId: r.value.caseId, baseVersion: 1, date: sitting, time: '09:30', room: 'القاعة الكبرى' });
  if (!h.ok) throw new Error(JSON.stringify(h.error));
  return r.value;
}

beforeAll(async () => {
  desk = await openDesk();
  const setup = await desk.shell.service.handle('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-CASA', nameAr: 'المحكمة الابتدائية المدنية بالدار البيضاء', nameFr: 'Tribunal de première instance civil de Casablanca' },
    chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
    user: ADMIN,
  });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  const ref = await desk.shell.service.handle('reference.get', {});
  if (!ref.ok) throw new Error(JSON.stringify(ref.error));
  sitting = nextSittingDay(courtDate(), new Set(ref.value.holidays.map((h) => h.date)));

  const long = await register("--;Robert')", [
    { role: 'plaintiff', nameLatin: LONG_LATIN, lawyerName: LONG_LATIN },
    { role: 'defendant', nameAr: LONG_ARABIC, lawyerName: LONG_ARABIC },
  ]);
  caseNumbers.long = long.number;
  caseNumbers.latinFirst = (await register('أداء دين', [{ role: 'plaintiff', nameLatin: BERRADA }, { role: 'defendant', nameAr: KHADIJA }])).number;
  caseNumbers.arabicFirst = (await register('Recouvrement', [{ role: 'plaintiff', nameAr: KHADIJA }, { role: 'defendant', nameLatin: BERRADA }])).number;
  caseNumbers.mixed = (await register('تعويض', [{ role: 'plaintiff', nameAr: BENNANI }, { role: 'defendant', kind: 'organisation', nameLatin: ATLAS }])).number;
  caseNumbers.slashed = (await register('أداء فاتورة', [{ role: 'plaintiff', kind: 'organisation', nameLatin: BRANCH }, { role: 'defendant', nameAr: KHADIJA }])).number;
  // The subject edited to a value with no letter at all: the audit shows "--;Robert')" → "-5".
  const edited = await desk.shell.service.handle('cases.updateParticulars', { caseId: long.caseId, baseVersion: 2, changes: { subject: '-5' } });
  if (!edited.ok) throw new Error(JSON.stringify(edited.error));
  const user = await desk.shell.service.handle('users.create', { username: LONG_USERNAME, displayName: LONG_USER, roles: ['clerk', 'judge'], password: 'greffe-casa-2026' });
  if (!user.ok) throw new Error(JSON.stringify(user.error));

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

/** Every header cell of `table` lies inside the window and inside what its scrolling box shows. */
async function hiddenHeaders(page: Page, table: string): Promise<string[]> {
  return page.$eval(table, (t) => {
    const w = window.innerWidth;
    const clipOf = (el: Element) => {
      for (let a = el.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return a.getBoundingClientRect();
      return null;
    };
    return Array.from(t.querySelectorAll('th, [role="columnheader"]')).flatMap((th) => {
      const r = th.getBoundingClientRect();
      const clip = clipOf(th);
      const inWindow = r.left >= -1 && r.right <= w + 1;
      const inClip = !clip || (r.left >= clip.left - 1 && r.right <= clip.right + 1);
      return inWindow && inClip && r.width > 0 ? [] : [`${(th.textContent ?? '').trim()} (${Math.round(r.left)}..${Math.round(r.right)})`];
    });
  });
}

/** Boxes between `table` and the page that scroll sideways (their content is wider than they are). */
async function sidewaysScrollers(page: Page, table: string): Promise<string[]> {
  return page.$eval(table, (t) => {
    const out: string[] = [];
    for (let a: Element | null = t; a && a !== document.body; a = a.parentElement) {
      if (a.scrollWidth > a.clientWidth + 1) out.push(`${a.tagName.toLowerCase()}.${a.className}: ${a.scrollWidth} > ${a.clientWidth}`);
    }
    return out;
  });
}

/** Cells of `table` whose text runs a few letters a line (a column squeezed by a long name). */
async function squeezedCells(page: Page, table: string): Promise<string[]> {
  return page.$eval(table, (t) =>
    Array.from(t.querySelectorAll('th, td')).flatMap((cell) => {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      const tops = new Set<number>();
      let letters = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n as Text;
        letters += text.data.replace(/\s+/g, '').length;
        const range = document.createRange();
        range.selectNodeContents(text);
        for (const r of Array.from(range.getClientRects())) if (r.width > 0) tops.add(Math.round(r.top / 4));
      }
      const lines = tops.size;
      return lines >= 3 && letters / lines < 5 ? [`${(cell.textContent ?? '').slice(0, 30)}: ${letters} letters on ${lines} lines`] : [];
    }),
  );
}

/** The characters of the text inside `selector`, in logical order: are they laid out left to right? */
async function readsLeftToRight(page: Page, selector: string): Promise<{ text: string; leftToRight: boolean }> {
  return page.$eval(selector, (el) => {
    const text = el.firstChild as Text;
    const xs = Array.from(text.data, (_, i) => {
      const r = document.createRange();
      r.setStart(text, i);
      r.setEnd(text, i + 1);
      return r.getBoundingClientRect().left;
    });
    return { text: text.data, leftToRight: xs.every((x, i) => i === 0 || x > xs[i - 1]!) };
  });
}

interface Truncation {
  text: string;
  title: string | null;
  direction: string;
  /** left or right: the side it lines up on, which should be the UI's, whatever the text's direction. */
  align: string;
  startVisible: boolean;
  cut: boolean;
}

/** How the element that truncates `selector` shows its text: is its first character in view? */
async function truncation(page: Page, selector: string): Promise<Truncation> {
  return page.$eval(selector, (el) => {
    const box = el.getBoundingClientRect();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let first = walker.nextNode() as Text | null;
    while (first && first.data.trim() === '') first = walker.nextNode() as Text | null;
    const range = document.createRange();
    const offset = first ? first.data.length - first.data.trimStart().length : 0;
    if (first) {
      range.setStart(first, offset);
      range.setEnd(first, offset + 1);
    }
    const r = range.getBoundingClientRect();
    return {
      text: (el.textContent ?? '').trim(),
      title: el.getAttribute('title'),
      direction: getComputedStyle(el).direction,
      align: getComputedStyle(el).textAlign,
      startVisible: r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1,
      cut: el.scrollWidth > el.clientWidth + 1,
    };
  });
}

async function checkPage(page: Page, name: string, lang: Language): Promise<void> {
  await screenshot(page, `${name}-${lang}`);
  expect(await documentDirection(page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  const overflow = await horizontalOverflow(page);
  expect(overflow.offenders, `${name}-${lang}: elements leaving the window`).toEqual([]);
  expect(overflow.scrollWidth, `${name}-${lang}: page wider than the window`).toBeLessThanOrEqual(overflow.innerWidth);
}

const registryCell = (number: string, column: string) => `${tid('registry-row')}[data-case-number="${number}"] [data-column="${column}"]`;

describe.each(['ar', 'fr'] as const)('long and mixed-direction names in %s', (lang) => {
  beforeAll(async () => {
    await setLanguage(desk.page, lang);
  });

  it.each(SIZES)('the registry at %o: columns stay in view, a cut name shows its beginning and its full text on hover', async (size) => {
    const { page } = desk;
    await page.setViewportSize(size);
    await page.click(tid('nav-registry'));
    await page.waitForSelector(registryCell(caseNumbers.long, 'parties'));
    await checkPage(page, `registry-long-${size.width}`, lang);
    expect(await hiddenHeaders(page, tid('registry-grid'))).toEqual([]);
    const cutHeaders = await page.$$eval(`${tid('registry-grid')} [role="columnheader"]`, (hs) => hs.filter((h) => h.scrollWidth > h.clientWidth + 1).map((h) => h.textContent));
    expect(cutHeaders).toEqual([]);

    const align = lang === 'ar' ? 'right' : 'left';
    const long = await truncation(page, registryCell(caseNumbers.long, 'parties'));
    expect(long).toMatchObject({ title: `${LONG_LATIN} / ${LONG_ARABIC}`, direction: 'ltr', align, startVisible: true, cut: true });
    const latinFirst = await truncation(page, registryCell(caseNumbers.latinFirst, 'parties'));
    expect(latinFirst).toMatchObject({ title: `${BERRADA} / ${KHADIJA}`, direction: 'ltr', align, startVisible: true });
    const arabicFirst = await truncation(page, registryCell(caseNumbers.arabicFirst, 'parties'));
    expect(arabicFirst).toMatchObject({ title: `${KHADIJA} / ${BERRADA}`, direction: 'rtl', align, startVisible: true });
    // "محمد بنّاني / Société Atlas …": each name its own isolated run, laid out in the first name's
    // direction; the Arabic name is whole and the Latin one is cut at its own end, its beginning
    // in view (not "…du Maroc S.A. / محمد بنّاني").
    const mixed = await page.$eval(registryCell(caseNumbers.mixed, 'parties'), (cell) => {
      const box = cell.getBoundingClientRect();
      return {
        direction: getComputedStyle(cell).direction,
        title: cell.getAttribute('title'),
        names: Array.from(cell.querySelectorAll('bdi')).map((n) => {
          const r = n.getBoundingClientRect();
          const text = n.firstChild as Text;
          const range = document.createRange();
          range.setStart(text, 0);
          range.setEnd(text, 1);
          const first = range.getBoundingClientRect();
          return {
            text: n.textContent,
            dir: n.getAttribute('dir'),
            whole: r.left >= box.left - 1 && r.right <= box.right + 1 && n.scrollWidth <= n.clientWidth + 1,
            startVisible: first.left >= Math.max(box.left, r.left) - 1 && first.right <= Math.min(box.right, r.right) + 1,
          };
        }),
      };
    });
    expect(mixed).toMatchObject({ direction: 'rtl', title: `${BENNANI} / ${ATLAS}` });
    expect(mixed.names).toEqual([
      { text: BENNANI, dir: 'auto', whole: true, startVisible: true },
      { text: ATLAS, dir: 'auto', whole: false, startVisible: true },
    ]);
    // "Atlas Transport / Casablanca" is one name: one isolated run, then the separator, then Khadija's.
    const slashed = await page.$eval(registryCell(caseNumbers.slashed, 'parties'), (cell) => ({
      title: cell.getAttribute('title'),
      names: Array.from(cell.querySelectorAll('bdi')).map((n) => n.textContent),
      separators: cell.querySelectorAll('.registry-names-separator').length,
    }));
    expect(slashed).toEqual({ title: `${BRANCH} / ${KHADIJA}`, names: [BRANCH, KHADIJA], separators: 1 });
    const subject = await truncation(page, registryCell(caseNumbers.long, 'subject'));
    expect(subject).toMatchObject({ title: '-5', direction: 'ltr', align, startVisible: true });
    expect(await readsLeftToRight(page, registryCell(caseNumbers.long, 'subject'))).toEqual({ text: '-5', leftToRight: true });
  });

  it('quick find: a cut name shows its beginning, and its full text on hover', async () => {
    const { page } = desk;
    await page.setViewportSize(SIZES[1]);
    await page.keyboard.press('Control+KeyK');
    await page.fill(tid('quickfind-input'), LONG_LATIN.slice(0, 12));
    const result = `${tid('quickfind-result')}[data-case-number="${caseNumbers.long}"] .quickfind-parties`;
    await page.waitForSelector(result);
    expect(await truncation(page, result)).toMatchObject({ title: LONG_LATIN, direction: 'ltr', align: lang === 'ar' ? 'right' : 'left', startVisible: true, cut: true });
    await checkPage(page, 'quickfind-long', lang);
    await page.fill(tid('quickfind-input'), '');
  });

  it.each(SIZES)('the case file at %o: parties and hearings wrap inside their columns', async (size) => {
    const { page } = desk;
    await page.setViewportSize(size);
    await page.click(tid('nav-registry'));
    await page.click(registryCell(caseNumbers.long, 'number'));
    await page.waitForSelector(tid('parties-table'));
    await checkPage(page, `case-long-${size.width}`, lang);
    for (const table of ['parties-table', 'hearings-table']) {
      expect(await hiddenHeaders(page, tid(table)), table).toEqual([]);
      expect(await squeezedCells(page, tid(table)), table).toEqual([]);
    }
    // A subject with no letter reads as typed, "-5", not "5-", in the particulars too.
    expect(await readsLeftToRight(page, `${tid('particular-subject')} bdi`)).toEqual({ text: '-5', leftToRight: true });
    // The long Latin name wraps inside its cell rather than widening the table.
    const nameCell = await page.$eval(`${tid('party-row')}:has-text("${LONG_LATIN.slice(0, 20)}") [data-column="nameLatin"]`, (td) => ({
      width: td.getBoundingClientRect().width,
      height: td.getBoundingClientRect().height,
    }));
    expect(nameCell.width).toBeGreaterThanOrEqual(120);
    expect(nameCell.height).toBeGreaterThan(40);
  });

  it('the audit reads every value in its own direction: "--;Robert\')" → "-5" inside Arabic or French text', async () => {
    const { page } = desk;
    const change = page.locator(`${tid('audit-entry')}[data-command="updateCaseParticulars"] li[data-field="subject"]`);
    await change.scrollIntoViewIfNeeded();
    await screenshot(page, `audit-mixed-${lang}`);
    // Each value is isolated, and its characters are laid out left to right in logical order.
    const shown = await change.evaluate((li) =>
      ['.audit-before', '.audit-after'].map((side) => {
        const isolate = li.querySelector(`${side} bdi`)!;
        const text = isolate.firstChild as Text;
        const xs = Array.from(text.data, (_, i) => {
          const r = document.createRange();
          r.setStart(text, i);
          r.setEnd(text, i + 1);
          return r.getBoundingClientRect().left;
        });
        return { text: text.data, dir: isolate.getAttribute('dir'), direction: getComputedStyle(isolate).direction, leftToRight: xs.every((x, i) => i === 0 || x > xs[i - 1]!) };
      }),
    );
    expect(shown).toEqual([
      { text: "--;Robert')", dir: 'auto', direction: 'ltr', leftToRight: true },
      { text: '-5', dir: 'ltr', direction: 'ltr', leftToRight: true },
    ]);
    // The registration lists the parties' names isolated too.
    const names = await page.$$eval(`${tid('audit-entry')}[data-command="registerCase"] li[data-field="name_ar"] .audit-after bdi, ${tid('audit-entry')}[data-command="registerCase"] li[data-field="name_latin"] .audit-after bdi`, (els) => els.length);
    expect(names).toBeGreaterThanOrEqual(2);
  });

  it.each([...SIZES, NARROW])('the day’s roll at %o: names wrap, every column header and action stays in view', async (size) => {
    const { page } = desk;
    await page.setViewportSize(size);
    await page.click(tid('nav-hearings'));
    await page.fill(tid('day-date'), sitting);
    await page.waitForSelector(`${tid('roll-row')}[data-case-number="${caseNumbers.long}"]`);
    await checkPage(page, `roll-long-${size.width}`, lang);
    expect(await hiddenHeaders(page, tid('day-roll'))).toEqual([]);
    expect(await squeezedCells(page, tid('day-roll'))).toEqual([]);
    // The quick find's hint is whole in its box at this width.
    const placeholder = await page.$eval(tid('quickfind-input'), (input) => {
      const el = input as HTMLInputElement;
      const s = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      return { text: el.placeholder, fits: ctx.measureText(el.placeholder).width <= room };
    });
    expect(placeholder, placeholder.text).toMatchObject({ fits: true });
    // Nothing to scroll sideways to reach: the adjourn / record outcome buttons are in the window.
    expect(await sidewaysScrollers(page, tid('day-roll'))).toEqual([]);
    const actions = await page.$$eval(`${tid('roll-row')} ${tid('roll-adjourn-button')}, ${tid('roll-row')} ${tid('roll-outcome-button')}`, (bs) =>
      bs.map((b) => {
        const r = b.getBoundingClientRect();
        return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;
      }),
    );
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every(Boolean)).toBe(true);
  });

  it.each(SIZES)('the users at %o: a long name wraps, roles are listed the language’s way', async (size) => {
    const { page } = desk;
    await page.setViewportSize(size);
    await page.click(tid('nav-settings'));
    const row = `${tid('user-row')}:has-text("${LONG_USERNAME}")`;
    await page.waitForSelector(row);
    await page.locator(tid('users-table')).scrollIntoViewIfNeeded();
    await checkPage(page, `users-long-${size.width}`, lang);
    expect(await hiddenHeaders(page, tid('users-table'))).toEqual([]);
    expect(await squeezedCells(page, tid('users-table'))).toEqual([]);
    const roles = (await page.textContent(`${row} [data-column="roles"]`)) ?? '';
    expect(roles).toBe(lang === 'fr' ? 'Greffier et Juge' : 'كاتب الضبط والقاضي');
    expect(roles).not.toContain(lang === 'fr' ? '،' : ',');
  });

  it('the window title is in the language of the desk', async () => {
    expect(await desk.page.title()).toBe(lang === 'fr' ? 'Mahkama' : 'محكمة');
  });

  it('has no serious accessibility problem on the case file with these names', async () => {
    const { page } = desk;
    await page.click(tid('nav-registry'));
    await page.click(registryCell(caseNumbers.long, 'number'));
    await page.waitForSelector(tid('parties-table'));
    const violations = await seriousA11yViolations(page);
    expect(violations.map((v) => `${v.id}: ${v.help} — ${v.targets.join(' ')}`)).toEqual([]);
  });
});

describe('along the way', () => {
  it('printed no error in the page console', () => {
    expect(desk.pageErrors).toEqual([]);
  });
});
