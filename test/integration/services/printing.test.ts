// Printing through the real app service: a real SQLite file, the real write path for the records,
// the browser shell's real PdfMaker (Debian Chromium through playwright-core), and the PDFs read back
// with poppler-utils — text, page count, A4, embedded fonts, where words sit on the page — and
// rendered to PNG (test-results/print/) for a person to look at. Bad requests through the same path.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, DB_FILE_NAME, type AppService } from '../../../src/main/services/app-service';
import { catalogueMessage } from '../../../src/main/cli/messages';
import { loadConfig } from '../../../src/main/services/config';
import { silentLogger } from '../../../src/main/services/logger';
import { createChromiumPdfMaker } from '../../../src/main/services/print/chromium-pdf-maker';
import { startBrowserShell } from '../../../src/main/shell/start';
import { formatHijri } from '../../../src/shared/calendar-format';
import { LANGUAGES, type Language } from '../../../src/shared/enums';
import { catalogues } from '../../../src/shared/i18n';
import { newId } from '../../../src/shared/ids';
import type { IpcInput, IpcMethod } from '../../../src/shared/ipc/contract';
import type { PrintRequest } from '../../../src/shared/schemas/print';
import { comparable, PRINT_PNG_DIR, pdfFonts, pdfInfo, pdfText, pdfWords, pngSize, renderPages, squashed, type PdfWord } from '../../helpers/pdf';
import { failsOn, okOn, rowCount, tempDir, testConfig } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'Rabat-greffe-2026!';
/** Monday 6 April 2026, 09:00 UTC = 10:00 in Rabat (UTC+1 outside Ramadan): the court's time is printed. */
const START = Date.parse('2026-04-06T09:00:00Z');
const A4 = { widthPt: 595.28, heightPt: 841.89 };
/** 14 mm, the side margins of every printed page. */
const SIDE_MARGIN_PT = (14 / 25.4) * 72;

function msg(lang: Language, key: string): string {
  const v = key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), catalogues[lang]);
  if (typeof v !== 'string') throw new Error(`no message ${key} in ${lang}`);
  return v;
}

const LONG_NAME = `Abdelhakim${'Ouazzani'.repeat(22)}`; // 186 letters, not one space: must wrap, not overflow
const LONG_SUBJECT =
  'المطالبة بأداء مبلغ الدين الناتج عن عقد التوريد المبرم بين الطرفين مع الفوائد القانونية من تاريخ الإنذار إلى يوم التنفيذ والتعويض عن الضرر اللاحق بالمدعية جراء التماطل في الأداء وتحميل المدعى عليها الصائر مع النفاذ المعجل';

let service: AppService;
let dataDir: string;
const clock = { t: START };
let civId = '';
let comId = '';
let caseA = { caseId: '', number: '' };
let caseB = { caseId: '', number: '' };
let caseC = { caseId: '', number: '' };
/** Case C's plaintiff in each script: a company whose own name holds " / ". */
const BUREAU = { ar: 'مكتب الدراسات / المغرب للاستشارات', fr: 'Bureau d’études / Maroc Conseil' };
/** Case numbers on the long roll of 2026-04-22 in chamber CIV, in the order of their hearing times. */
const longRoll: string[] = [];

const ok = <M extends IpcMethod>(method: M, input: IpcInput<M>) => okOn(service, method, input);

const fails = (method: IpcMethod, input: unknown, on: AppService = service) => failsOn(on, method, input);

/** Moves the desk's clock; a jump of days locks the desk (idle lock), so the clerk unlocks it. */
async function advanceTo(iso: string): Promise<void> {
  clock.t = Date.parse(iso);
  if ((await ok('app.status', {})).locked) await ok('session.unlock', { password: PASSWORD });
}

/** Prints through print.pdf, writes the file, renders its pages to PNG; returns the file and its text. */
async function printed(request: PrintRequest, name: string): Promise<{ file: string; fileName: string; text: string; pages: number }> {
  const out = await ok('print.pdf', request);
  const bytes = Buffer.from(out.pdfBase64, 'base64');
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // Kept beside its PNGs in test-results/print/ for a person to open.
  fs.mkdirSync(PRINT_PNG_DIR, { recursive: true });
  const file = path.join(PRINT_PNG_DIR, `${name}.pdf`);
  fs.writeFileSync(file, bytes);
  const info = pdfInfo(file);
  expect(info.pageSizeName).toBe('A4');
  expect(info.widthPt).toBeCloseTo(A4.widthPt, 0);
  expect(info.heightPt).toBeCloseTo(A4.heightPt, 0);
  const pngs = renderPages(file, name);
  expect(pngs).toHaveLength(info.pages);
  for (const png of pngs) {
    // A4 at 80 dpi is 661.4 × 935.4 pixels; pdftoppm rounds either way.
    const size = pngSize(png);
    expect(Math.abs(size.width - 661.4)).toBeLessThan(1);
    expect(Math.abs(size.height - 935.4)).toBeLessThan(1);
  }
  // Only our embedded Noto fonts: nothing taken from the machine.
  const fonts = pdfFonts(file);
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) expect(f).toEqual({ name: expect.stringMatching(/^[A-Z]{6}\+(NotoNaskhArabic|NotoSans)-(Regular|Bold)$/), embedded: true });
  // Nothing runs off the page sideways: every word sits between the side margins.
  const outside = pdfWords(file).filter((w) => w.xMin < SIDE_MARGIN_PT - 1 || w.xMax > w.pageWidth - SIDE_MARGIN_PT + 1);
  expect(outside.map((w) => `${w.text} p${w.page} ${w.xMin.toFixed(0)}..${w.xMax.toFixed(0)}`)).toEqual([]);
  return { file, fileName: out.fileName, text: comparable(pdfText(file)), pages: info.pages };
}

/**
 * The text of a wrapped table cell, read line by line from the line that starts with `start` while
 * it stays a beginning of `expected` (pdftotext's own reading order interleaves wrapped cells).
 */
function wrappedCell(file: string, start: string, expected: string): string {
  const words = pdfWords(file);
  const first = words.find((w) => w.text.startsWith(start));
  if (!first) return '';
  const column = words
    .filter((w) => w.page === first.page && w.yMin >= first.yMin - 1 && w.xMax > first.xMin - 1 && w.xMin < first.xMax + 1)
    .sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
  let joined = '';
  for (const w of column) {
    if (!expected.startsWith(joined + w.text)) break;
    joined += w.text;
  }
  return joined;
}

/**
 * The parties column of a French roll's pronouncements table (below its own "Parties" header, up
 * to "Objet"), read line by line: a name that wraps reads whole (pdftotext alone interleaves it
 * with the next cell).
 */
function pronouncedParties(file: string): string {
  const words = pdfWords(file);
  const headers = words.filter((w) => w.text === 'Parties');
  const header = headers[headers.length - 1]!;
  const end = words.find((w) => w.page === header.page && w.text === 'Objet' && Math.abs(w.yMin - header.yMin) < 1)!;
  // A role (8.5pt) and the name after it (9pt) share a line but not a top: lines are told apart by their foot.
  const lines: { foot: number; words: PdfWord[] }[] = [];
  for (const w of words.filter((x) => x.page === header.page && x.yMin > header.yMax && x.xMin >= header.xMin - 1 && x.xMax < end.xMin).sort((a, b) => a.yMax - b.yMax)) {
    const line = lines.find((l) => Math.abs(l.foot - w.yMax) < 3);
    if (line) line.words.push(w);
    else lines.push({ foot: w.yMax, words: [w] });
  }
  return lines.map((l) => l.words.sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' ')).join(' ');
}

/** Where a word stands across the page: 'start' or 'end' half for the document's direction. */
function sideOf(file: string, word: string, page = 1): 'left' | 'right' {
  const w = pdfWords(file).find((x) => x.page === page && x.text === word);
  if (!w) throw new Error(`"${word}" is not on page ${page}`);
  return (w.xMin + w.xMax) / 2 < w.pageWidth / 2 ? 'left' : 'right';
}

beforeAll(async () => {
  dataDir = tempDir('mahkama-print-');
  service = await createAppService({
    dataDir,
    config: testConfig(dataDir),
    now: () => new Date(clock.t),
    dailySnapshots: false,
    pdfMaker: createChromiumPdfMaker({ chromiumPath: CHROMIUM, log: silentLogger() }),
  });
  await ok('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [
      { code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' },
      { code: 'COM', nameAr: 'الغرفة التجارية', nameFr: 'Chambre commerciale' },
    ],
    user: { username: 'samira.alaoui', displayName: 'سميرة العلوي', password: PASSWORD },
  });
  const ref = await ok('reference.get', {});
  civId = ref.chambers.find((c) => c.code === 'CIV')!.id;
  comId = ref.chambers.find((c) => c.code === 'COM')!.id;
  const commercial = ref.caseTypes.find((t) => t.code === '1201')!.id;
  const civil = ref.caseTypes.find((t) => t.code === '1101')!.id;

  // Case A: Arabic and mixed names, tashkeel, lam-alef, a lawyer named «عبد الله», a 186-letter
  // unbroken Latin name, a long subject; a hearing adjourned with a note; a party removed.
  caseA = await ok('cases.register', {
    chamberId: civId,
    caseTypeId: commercial,
    filedOn: '2026-04-06',
    subject: LONG_SUBJECT,
    parties: [
      {
        party: { newParty: { kind: 'person', nameAr: 'مُحَمَّد بنّاني', nameLatin: 'Mohamed Bennani', nationalId: 'AB123456' } },
        role: 'plaintiff',
        lawyerName: 'عبد الله الأنصاري',
        lawyerBarNumber: '1234',
      },
      { party: { newParty: { kind: 'organisation', nameAr: 'الشركة العامة المغربية للأبناك', nameLatin: 'Société Générale Marocaine de Banques' } }, role: 'defendant' },
      { party: { newParty: { kind: 'person', nameLatin: LONG_NAME } }, role: 'intervener' },
      { party: { newParty: { kind: 'person', nameAr: 'خديجة الإدريسي', nameLatin: 'Khadija El Idrissi' } }, role: 'intervener' },
    ],
  });
  const scheduled = await ok('hearings.schedule', { caseId: caseA.caseId, baseVersion: 1, date: '2026-04-14', time: '09:30', room: 'القاعة 3' });
  // Case C: heard on 14 April and reserved for judgment, to be pronounced on 21 April (the roll's
  // second table).
  caseC = await ok('cases.register', {
    chamberId: civId,
    caseTypeId: commercial,
    filedOn: '2026-04-06',
    subject: 'Paiement de factures impayées',
    parties: [
      { party: { newParty: { kind: 'organisation', nameAr: BUREAU.ar, nameLatin: BUREAU.fr } }, role: 'plaintiff' },
      { party: { newParty: { kind: 'person', nameAr: 'عبد الكريم المنصوري', nameLatin: 'Abdelkrim Mansouri' } }, role: 'defendant' },
    ],
  });
  const reserved = await ok('hearings.schedule', { caseId: caseC.caseId, baseVersion: 1, date: '2026-04-14', time: '11:00' });
  await advanceTo('2026-04-14T10:00:00Z');
  await ok('hearings.recordOutcome', { hearingId: reserved.hearingId, baseVersion: 1, outcome: 'reserved_for_judgment', pronouncementDate: '2026-04-21' });
  const detail = await ok('cases.getDetail', { caseId: caseA.caseId });
  const hearing = detail.hearings.find((h) => h.id === scheduled.hearingId)!;
  await ok('hearings.adjourn', {
    hearingId: hearing.id,
    baseVersion: hearing.version,
    reason: 'summons_not_served',
    note: 'إعادة استدعاء المدعى عليها بواسطة المفوض القضائي',
    newDate: '2026-04-21',
    newTime: '10:00',
  });
  const afterAdjourn = await ok('cases.getDetail', { caseId: caseA.caseId });
  const khadija = afterAdjourn.parties.find((p) => p.nameLatin === 'Khadija El Idrissi')!;
  await ok('cases.removeParty', { caseId: caseA.caseId, baseVersion: afterAdjourn.case.version, casePartyId: khadija.id, reason: 'entered_in_error' });

  // Case B: French names with accents, and markup typed into the subject.
  caseB = await ok('cases.register', {
    chamberId: comId,
    caseTypeId: civil,
    filedOn: '2026-04-14',
    subject: 'Résiliation du bail <b>commercial</b> & expulsion — «Dar Atlas» <script>alert(1)</script>',
    parties: [
      { party: { newParty: { kind: 'person', nameLatin: 'Hélène Lefèvre-Benjelloun', nameAr: 'هيلين لوفيفر بنجلون' } }, role: 'plaintiff', lawyerName: 'Me François Çelik' },
      { party: { newParty: { kind: 'organisation', nameLatin: 'Dar Atlas SARL' } }, role: 'defendant' },
    ],
  });

  // The long roll: 40 cases in CIV on Wednesday 22 April 2026, every 10 minutes from 08:30, and
  // one in COM at 08:00 that a CIV roll must not show.
  for (let i = 0; i < 40; i += 1) {
    const minutes = 8 * 60 + 30 + i * 10;
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const c = await ok('cases.register', {
      chamberId: civId,
      caseTypeId: civil,
      filedOn: '2026-04-14',
      subject: `نزاع حول عقد كراء رقم ${i + 1}`,
      parties: [
        { party: { newParty: { kind: 'person', nameAr: `يوسف برادة ${i + 1}`, nameLatin: `Youssef Berrada ${i + 1}` } }, role: 'plaintiff' },
        { party: { newParty: { kind: 'person', nameAr: 'خديجة الإدريسي' } }, role: 'defendant' },
      ],
    });
    await ok('hearings.schedule', { caseId: c.caseId, baseVersion: 1, date: '2026-04-22', time, room: 'القاعة 1' });
    longRoll.push(c.number);
  }
  const other = await ok('cases.register', {
    chamberId: comId,
    caseTypeId: commercial,
    filedOn: '2026-04-14',
    subject: 'أداء كمبيالة',
    parties: [{ party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس' } }, role: 'plaintiff' }],
  });
  await ok('hearings.schedule', { caseId: other.caseId, baseVersion: 1, date: '2026-04-22', time: '08:00' });
  await advanceTo('2026-04-20T13:45:00Z'); // printed on 20/04/2026 at 14:45, court time
}, 120_000);

afterAll(async () => {
  await service?.close();
});

describe('printing the registration receipt, the case sheet and the day’s roll (real Chromium, real PDFs)', () => {
  it('the registration receipt in Arabic: court, case number, particulars, active parties with lawyers, who registered it and when, right to left', async () => {
    const doc = await printed({ kind: 'receipt', caseId: caseA.caseId, language: 'ar' }, 'receipt-ar');
    expect(doc.pages).toBe(1);
    expect(doc.fileName).toBe(`وصل-التسجيل-${caseA.number.replaceAll('/', '-')}.pdf`);
    for (const words of [
      'المملكة المغربية',
      'المحكمة الابتدائية بالرباط',
      'وصل التسجيل',
      caseA.number,
      'القضايا التجارية',
      'الغرفة المدنية',
      '06/04/2026',
      ...formatHijri('2026-04-06', 'ar').split(' '), // in parentheses after the date, which pdftotext reorders
      'الأطراف',
      'المدعي',
      'المدعى عليه',
      'الشركة العامة المغربية للأبناك',
      'Société Générale Marocaine de Banques',
      'AB123456',
      'عبد الله الأنصاري', // common ligatures off: «الله» copies out as typed
      'تم تسجيل الملف بتاريخ 06/04/2026 على الساعة 10:00 من طرف سميرة العلوي',
      'طبع بتاريخ 20/04/2026 على الساعة 14:45 من طرف سميرة العلوي',
      'خاتم المحكمة وتوقيع كاتب الضبط',
      'الصفحة 1 من 1',
    ]) {
      expect(doc.text).toContain(comparable(words));
    }
    expect(squashed(doc.text)).toContain(squashed('مُحَمَّد بنّاني'));
    expect(squashed(doc.text)).toContain(squashed(LONG_SUBJECT));
    // The 186-letter name wraps inside its cell (no word leaves the margins, checked in printed()) and loses nothing.
    expect(wrappedCell(doc.file, 'Abdelhakim', LONG_NAME)).toBe(LONG_NAME);
    // The receipt lists the parties on the case now: the removed one is not there.
    expect(doc.text).not.toContain('Khadija El Idrissi');
    // Right to left: "printed on" at the page's left, the CIN column left of the middle.
    expect(sideOf(doc.file, '20/04/2026')).toBe('left');
    expect(sideOf(doc.file, 'AB123456')).toBe('left');
  });

  it('the registration receipt in French: the same facts in French, accents kept, left to right', async () => {
    const doc = await printed({ kind: 'receipt', caseId: caseA.caseId, language: 'fr' }, 'receipt-fr');
    expect(doc.pages).toBe(1);
    expect(doc.fileName).toBe(`recepisse-${caseA.number.replaceAll('/', '-')}.pdf`);
    for (const words of [
      'Royaume du Maroc',
      'Tribunal de première instance de Rabat',
      'Récépissé d’enregistrement',
      caseA.number,
      'Affaires commerciales',
      'Chambre civile',
      'Enregistré le',
      `06/04/2026 (${formatHijri('2026-04-06', 'fr')})`,
      'Demandeur',
      'Société Générale Marocaine de Banques',
      'Mohamed Bennani',
      'N° d’inscription au barreau : 1234',
      'Dossier enregistré le 06/04/2026 à 10:00 par سميرة العلوي',
      'Imprimé le 20/04/2026 à 14:45 par سميرة العلوي',
      'Page 1 / 1',
    ]) {
      expect(doc.text).toContain(comparable(words));
    }
    expect(sideOf(doc.file, '20/04/2026')).toBe('right');
    expect(sideOf(doc.file, 'AB123456')).toBe('right');
  });

  it('English is offered too (the desk’s third language)', async () => {
    const doc = await printed({ kind: 'receipt', caseId: caseA.caseId, language: 'en' }, 'receipt-en');
    expect(doc.fileName).toBe(`registration-receipt-${caseA.number.replaceAll('/', '-')}.pdf`);
    for (const words of ['Kingdom of Morocco', 'Registration receipt', 'Tribunal de première instance de Rabat', 'Commercial cases', 'Printed on 20/04/2026 at 14:45 by', 'Page 1 / 1']) {
      expect(doc.text).toContain(comparable(words));
    }
  });

  it('the case sheet in Arabic and French: particulars, every party (the removed one marked), every hearing with its result', async () => {
    const ar = await printed({ kind: 'caseSheet', caseId: caseA.caseId, language: 'ar' }, 'case-sheet-ar');
    expect(ar.fileName).toBe(`بطاقة-الملف-${caseA.number.replaceAll('/', '-')}.pdf`);
    for (const words of [
      'بطاقة الملف',
      'بيانات الملف',
      msg('ar', 'enums.caseStatus.in_hearing'),
      'الأطراف',
      'Khadija El Idrissi',
      'تم الإخراج من الدعوى بتاريخ', // then the date and the reason, which pdftotext reorders around the colon
      '14/04/2026',
      msg('ar', 'enums.partyRemovalReason.entered_in_error'),
      'الجلسات',
      '14/04/2026',
      '21/04/2026',
      '09:30',
      '10:00',
      'القاعة 3',
      msg('ar', 'enums.hearingStatus.adjourned'),
      msg('ar', 'enums.adjournmentReason.summons_not_served'),
      'إعادة استدعاء المدعى عليها بواسطة المفوض القضائي',
      msg('ar', 'enums.hearingStatus.scheduled'),
    ]) {
      expect(ar.text).toContain(comparable(words));
    }
    const fr = await printed({ kind: 'caseSheet', caseId: caseA.caseId, language: 'fr' }, 'case-sheet-fr');
    expect(fr.fileName).toBe(`fiche-dossier-${caseA.number.replaceAll('/', '-')}.pdf`);
    for (const words of [
      'Fiche du dossier',
      'Renseignements',
      msg('fr', 'enums.caseStatus.in_hearing'),
      `Retirée le 14/04/2026 : ${msg('fr', 'enums.partyRemovalReason.entered_in_error')}`,
      'Audiences',
      msg('fr', 'enums.hearingStatus.adjourned'),
      msg('fr', 'enums.adjournmentReason.summons_not_served'),
      `Page 1 / ${fr.pages}`,
    ]) {
      expect(fr.text).toContain(comparable(words));
    }
  });

  it('the day’s roll of one chamber in Arabic and French: weekday, both calendars, every hearing by time, nothing of another chamber', async () => {
    const ar = await printed({ kind: 'hearingRoll', date: '2026-04-21', chamberId: civId, language: 'ar' }, 'roll-short-ar');
    expect(ar.fileName).toBe('جدول-الجلسات-2026-04-21-CIV.pdf');
    for (const words of ['جدول الجلسات', 'الثلاثاء', '21/04/2026', ...formatHijri('2026-04-21', 'ar').split(' '), 'الغرفة المدنية', caseA.number, '10:00', 'القاعة 3']) {
      expect(ar.text).toContain(comparable(words));
    }
    // The parties' summary wraps in its cell; its two names are there.
    expect(squashed(ar.text)).toContain(squashed('مُحَمَّد بنّاني'));
    expect(ar.text).toContain(comparable('الشركة العامة'));
    const fr = await printed({ kind: 'hearingRoll', date: '2026-04-21', chamberId: civId, language: 'fr' }, 'roll-short-fr');
    expect(fr.fileName).toBe('role-audience-2026-04-21-CIV.pdf');
    // A French page full of Arabic names: pdftotext may read its lines right to left, so no phrase here spans a bracket.
    for (const words of ['Rôle d’audience', 'mardi', '21/04/2026', formatHijri('2026-04-21', 'fr'), 'Chambre civile', caseA.number, msg('fr', 'enums.hearingStatus.scheduled')]) {
      expect(fr.text).toContain(comparable(words));
    }
    // French typography: the party's role keeps its colon after a no-break space, as on screen.
    expect(fr.text).toContain(comparable(`${msg('fr', 'enums.partyRole.plaintiff')} : Mohamed`));
    // A day with no hearing still prints, and says so.
    const empty = await printed({ kind: 'hearingRoll', date: '2026-04-23', language: 'fr' }, 'roll-empty-fr');
    expect(empty.text).toContain(comparable(msg('fr', 'ui.hearingsOfDay.empty')));
  });

  it('the judgments to be pronounced that day follow the roll, set at its size, a name holding " / " whole', async () => {
    for (const language of ['ar', 'fr'] as const) {
      const doc = await printed({ kind: 'hearingRoll', date: '2026-04-21', chamberId: civId, language }, `roll-pronouncements-${language}`);
      expect(doc.text).toContain(comparable(msg(language, 'ui.hearingsOfDay.pronouncements')));
      expect(doc.text).toContain(caseC.number);
      if (language === 'ar') expect(doc.text).toContain(comparable(BUREAU.ar));
      else expect(pronouncedParties(doc.file)).toContain(`Demandeur : ${BUREAU.fr} Défendeur : Abdelkrim Mansouri`);
      expect(doc.text).toContain(comparable(language === 'ar' ? 'عبد الكريم المنصوري' : 'Abdelkrim Mansouri'));
      expect(doc.text).toContain('Paiement de factures impayées');
      // The same size of names in both tables: Case C's defendant (pronouncements) stands as tall as
      // case A's plaintiff (the roll); the pronouncements were set a size larger than the roll.
      // pdftotext -bbox gives an Arabic word's letters in the order they stand on the page.
      const height = (word: string) => {
        const w = pdfWords(doc.file).find((x) => x.text === word || x.text === [...word].reverse().join(''));
        if (!w) throw new Error(`"${word}" is not in the ${language} roll`);
        return w.yMax - w.yMin;
      };
      const [roll, pronounced] = language === 'ar' ? ['العامة', 'المنصوري'] : ['Bennani', 'Mansouri'];
      expect(height(pronounced)).toBeCloseTo(height(roll), 1);
    }
  });

  it('a wrapped subject lines up where its own script starts a line: Arabic on the right in a French roll', async () => {
    const doc = await printed({ kind: 'hearingRoll', date: '2026-04-21', chamberId: civId, language: 'fr' }, 'roll-short-fr');
    const words = pdfWords(doc.file).filter((w) => w.page === 1);
    const column = (header: string) => words.find((w) => w.text === header)!;
    const [left, right] = [column('Objet').xMin - 3, column('Salle').xMin];
    const lines = new Map<number, { xMin: number; xMax: number }>();
    for (const w of words.filter((x) => x.xMin >= left && x.xMax <= right && /\p{Script=Arabic}/u.test(x.text))) {
      const y = Math.round(w.yMin);
      const line = lines.get(y) ?? { xMin: Infinity, xMax: -Infinity };
      lines.set(y, { xMin: Math.min(line.xMin, w.xMin), xMax: Math.max(line.xMax, w.xMax) });
    }
    // Case A's long Arabic subject runs over many lines: they end together on the right, not on the left.
    const ends = [...lines.values()];
    expect(ends.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...ends.map((l) => l.xMax)) - Math.min(...ends.map((l) => l.xMax))).toBeLessThan(1.5);
    expect(Math.max(...ends.map((l) => l.xMin)) - Math.min(...ends.map((l) => l.xMin))).toBeGreaterThan(10);
  });

  it('a long roll runs over several pages: each repeats the table header and says “page X of Y”; the hearings come in time order', async () => {
    for (const language of ['ar', 'fr'] as const) {
      const doc = await printed({ kind: 'hearingRoll', date: '2026-04-22', chamberId: civId, language }, `roll-long-${language}`);
      expect(doc.pages).toBeGreaterThanOrEqual(2);
      for (let page = 1; page <= doc.pages; page += 1) {
        const text = comparable(pdfText(doc.file, page));
        expect(text).toContain(comparable(msg(language, 'ui.case.number')));
        expect(text).toContain(comparable(msg(language, 'ui.case.parties')));
        expect(text).toContain(comparable(msg(language, 'ui.hearing.time')));
        expect(text).toContain(comparable(msg(language, 'print.page').replace('{{page}}', String(page)).replace('{{pages}}', String(doc.pages))));
      }
      const numbers = [...doc.text.matchAll(/\d{4}\/\d{4}\/\d+/g)].map((m) => m[0]);
      expect(numbers).toEqual(longRoll);
    }
    // Every chamber: the COM hearing at 08:00 comes first, and a chamber column is added.
    const all = await printed({ kind: 'hearingRoll', date: '2026-04-22', language: 'ar' }, 'roll-all-ar');
    expect([...all.text.matchAll(/\d{4}\/\d{4}\/\d+/g)].map((m) => m[0])).toHaveLength(41);
    expect(all.text).toContain(comparable('جميع الغرف'));
    expect(all.text).toContain(comparable('التجارية')); // the COM chamber's name, wrapped in its narrow column
    // In French the chamber column wraps between words, never inside "commerciale".
    const allFr = await printed({ kind: 'hearingRoll', date: '2026-04-22', language: 'fr' }, 'roll-all-fr');
    expect(allFr.text).toMatch(/\bcommerciale\b/);
  });

  it('what people typed is printed as text: markup in a subject is neither run nor dropped, accents kept', async () => {
    const doc = await printed({ kind: 'receipt', caseId: caseB.caseId, language: 'fr' }, 'receipt-markup-fr');
    expect(doc.text).toContain(comparable('Résiliation du bail <b>commercial</b> & expulsion — «Dar Atlas» <script>alert(1)</script>'));
    expect(doc.text).toContain('Hélène Lefèvre-Benjelloun');
    expect(doc.text).toContain('Me François Çelik');
    expect(doc.text).toContain('Chambre commerciale');
  });

  it('printing writes nothing: not a row of cases, parties, hearings, audit or outbox changes', async () => {
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const tables = ['cases', 'parties', 'case_parties', 'hearings', 'audit', 'outbox', 'settings'];
    const before = tables.map((t) => rowCount(dbFile, t));
    await ok('print.pdf', { kind: 'caseSheet', caseId: caseB.caseId, language: 'ar' });
    await ok('print.pdf', { kind: 'hearingRoll', date: '2026-04-22', language: 'fr' });
    expect(tables.map((t) => rowCount(dbFile, t))).toEqual(before);
  });

  it('bad requests get a typed error and no document: unknown or foreign case, unknown chamber, impossible date, unknown kind or language, extra fields', async () => {
    // A case registered on another court's desk: its id means nothing here.
    const elsewhereDir = tempDir('mahkama-print-elsewhere-');
    const elsewhere = await createAppService({ dataDir: elsewhereDir, config: testConfig(elsewhereDir), dailySnapshots: false });
    let foreignCaseId = '';
    try {
      const setUp = await elsewhere.handle('setup.initialize', {
        language: 'fr',
        court: { code: 'TPI-FES', nameAr: 'المحكمة الابتدائية بفاس', nameFr: 'Tribunal de première instance de Fès' },
        chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
        user: { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: PASSWORD },
      });
      expect(setUp.ok).toBe(true);
      const ref = await elsewhere.handle('reference.get', {});
      if (!ref.ok) throw new Error(JSON.stringify(ref.error));
      const registered = await elsewhere.handle('cases.register', {
        chamberId: ref.value.chambers[0]!.id,
        caseTypeId: ref.value.caseTypes.find((t) => t.code === '1101')!.id,
        filedOn: '2026-01-05',
        subject: 'Recouvrement',
        parties: [{ party: { newParty: { kind: 'person', nameLatin: 'Karim Tazi' } }, role: 'plaintiff' }],
      });
      if (!registered.ok) throw new Error(JSON.stringify(registered.error));
      foreignCaseId = registered.value.caseId;
    } finally {
      await elsewhere.close();
    }
    expect(await fails('print.pdf', { kind: 'receipt', caseId: foreignCaseId, language: 'fr' })).toMatchObject({ code: 'NOT_FOUND', i18nKey: 'errors.notFound' });
    expect(await fails('print.pdf', { kind: 'receipt', caseId: newId(), language: 'ar' })).toMatchObject({ code: 'NOT_FOUND', i18nKey: 'errors.notFound' });
    expect(await fails('print.pdf', { kind: 'caseSheet', caseId: newId(), language: 'fr' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails('print.pdf', { kind: 'hearingRoll', date: '2026-04-22', chamberId: newId(), language: 'ar' })).toMatchObject({
      code: 'NOT_FOUND',
      params: { entity: 'chamber' },
    });
    expect(await fails('print.pdf', { kind: 'hearingRoll', date: '2026-02-30', language: 'ar' })).toEqual({
      code: 'VALIDATION_FAILED',
      i18nKey: 'errors.validationFailed',
      fields: [{ path: ['date'], i18nKey: 'errors.field.badDate' }],
    });
    expect(await fails('print.pdf', { kind: 'hearingRoll', date: '22/04/2026', language: 'ar' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await fails('print.pdf', { kind: 'judgment', caseId: caseA.caseId, language: 'ar' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await fails('print.pdf', { kind: 'receipt', caseId: caseA.caseId, language: 'de' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: ['language'] }],
    });
    expect(await fails('print.pdf', { kind: 'receipt', caseId: caseA.caseId, language: 'ar', copies: 3 })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ i18nKey: 'errors.field.unknownField' }],
    });
    expect(await fails('print.pdf', { kind: 'receipt', caseId: '../../etc/passwd', language: 'ar' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await fails('print.pdf', null)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('paper printing is offered only where main can reach a printer: here (no paper port) app.status says no and print.paper refuses in the clerk’s words', async () => {
    expect((await ok('app.status', {})).canPrintOnPaper).toBe(false);
    const refused = await fails('print.paper', { kind: 'receipt', caseId: caseA.caseId, language: 'ar' });
    expect(refused).toEqual({ code: 'PRINT_UNAVAILABLE', i18nKey: 'errors.print.noPaperPrinting' });
  });

  it('a locked or signed-out desk prints nothing', async () => {
    await ok('session.lock', {});
    expect(await fails('print.pdf', { kind: 'receipt', caseId: caseA.caseId, language: 'ar' })).toMatchObject({ code: 'LOCKED' });
    await ok('session.unlock', { password: PASSWORD });
    await ok('session.logout', {});
    expect(await fails('print.pdf', { kind: 'caseSheet', caseId: caseA.caseId, language: 'fr' })).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    expect(await fails('print.paper', { kind: 'caseSheet', caseId: caseA.caseId, language: 'fr' })).toMatchObject({ code: 'NOT_AUTHENTICATED' });
  });
});

describe('no browser to make PDFs with', () => {
  it('MAHKAMA_CHROMIUM_PATH naming a file that is not there: the browser shell answers PRINT_UNAVAILABLE, in every language, naming the path', async () => {
    const dir = tempDir('mahkama-print-nobrowser-');
    const missing = path.join(dir, 'no-such-chromium');
    const config = loadConfig({ MAHKAMA_DATA_DIR: dir, MAHKAMA_CHROMIUM_PATH: missing, MAHKAMA_LOG_LEVEL: 'silent', MAHKAMA_OPEN_BROWSER: '0' });
    const shell = await startBrowserShell({ dataDir: dir, port: 0, config, log: silentLogger(), rendererDir: dir, service: { dailySnapshots: false } });
    try {
      const setup = await shell.service.handle('setup.initialize', {
        language: 'fr',
        court: { code: 'TPI-FES', nameAr: 'المحكمة الابتدائية بفاس', nameFr: 'Tribunal de première instance de Fès' },
        chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
        user: { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: PASSWORD },
      });
      expect(setup.ok).toBe(true);
      const error = await fails('print.pdf', { kind: 'hearingRoll', date: '2026-04-22', language: 'fr' }, shell.service);
      expect(error).toEqual({ code: 'PRINT_UNAVAILABLE', i18nKey: 'errors.print.browserPathMissing', params: { path: missing } });
      for (const lang of LANGUAGES) {
        const text = catalogueMessage(lang, error.i18nKey, error.params);
        expect(text).toContain(missing);
        expect(text).toContain('Ctrl+P');
        expect(text).toContain('MAHKAMA_CHROMIUM_PATH');
      }
      expect(catalogueMessage('ar', error.i18nKey, error.params)).toMatch(/[\u0600-\u06FF]/);
    } finally {
      await shell.close();
    }
  });

  it('a setting that names a file which is no browser: PRINT_UNAVAILABLE “could not be made”, tried afresh each time, and the rest of the desk still answers', async () => {
    const dir = tempDir('mahkama-print-notabrowser-');
    const notABrowser = path.join(dir, 'chromium');
    fs.writeFileSync(notABrowser, 'not a browser\n', { mode: 0o755 });
    const broken = await createAppService({
      dataDir: dir,
      config: testConfig(dir),
      dailySnapshots: false,
      pdfMaker: createChromiumPdfMaker({ chromiumPath: notABrowser, log: silentLogger() }),
    });
    try {
      const setUp = await broken.handle('setup.initialize', {
        language: 'ar',
        court: { code: 'TPI-FES', nameAr: 'المحكمة الابتدائية بفاس', nameFr: 'Tribunal de première instance de Fès' },
        chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
        user: { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: PASSWORD },
      });
      expect(setUp.ok).toBe(true);
      expect(await fails('print.pdf', { kind: 'hearingRoll', date: '2026-04-22', language: 'ar' }, broken)).toEqual({ code: 'PRINT_UNAVAILABLE', i18nKey: 'errors.print.failed' });
      // Asked again, it tries again (no broken browser is kept), and the desk still answers.
      expect(await fails('print.pdf', { kind: 'hearingRoll', date: '2026-04-22', language: 'ar' }, broken)).toEqual({ code: 'PRINT_UNAVAILABLE', i18nKey: 'errors.print.failed' });
      expect((await broken.handle('reference.get', {})).ok).toBe(true);
    } finally {
      await broken.close();
    }
  });
});
