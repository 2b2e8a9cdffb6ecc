// The small pure parts of printing: where the PDF browser is looked for, how a catalogue text is put
// into the page's CSS without being able to end its string, and what a saved PDF is called.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, wellKnownChromiumPaths } from '../../../src/main/services/print/find-chromium';
import { printFileName } from '../../../src/main/services/print/print-documents';
import { printWords } from '../../../src/main/services/print/print-i18n';
import { cssString, pageCounterContent } from '../../../src/main/services/print/print-styles';
import { AppError } from '../../../src/shared/errors';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-find-chromium-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('finding the browser that makes PDFs', () => {
  it('takes MAHKAMA_CHROMIUM_PATH when it names a file, and only then', () => {
    const exe = path.join(dir, 'chrome');
    fs.writeFileSync(exe, '');
    expect(findChromium(exe)).toBe(exe);
    const missing = thrown(() => findChromium(path.join(dir, 'nothing-here')));
    expect(missing.toData()).toEqual({ code: 'PRINT_UNAVAILABLE', i18nKey: 'errors.print.browserPathMissing', params: { path: path.join(dir, 'nothing-here') } });
    // A folder is not a browser.
    expect(thrown(() => findChromium(dir)).i18nKey).toBe('errors.print.browserPathMissing');
  });

  it('looks in the usual places of each system, in order; on this Debian machine it finds /usr/bin/chromium', () => {
    expect(wellKnownChromiumPaths('linux', {})[0]).toBe('/usr/bin/chromium');
    expect(wellKnownChromiumPaths('win32', { PROGRAMFILES: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\greffe\\AppData\\Local' })).toEqual([
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Users\\greffe\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files\\Chromium\\Application\\chrome.exe',
      'C:\\Users\\greffe\\AppData\\Local\\Chromium\\Application\\chrome.exe',
      'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
      'C:\\Users\\greffe\\AppData\\Local\\Microsoft\\Edge\\Application\\msedge.exe',
    ]);
    expect(wellKnownChromiumPaths('darwin', {})).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(findChromium(null)).toBe('/usr/bin/chromium');
  });

  it('says so in the clerk’s words when no browser is installed (a fake file system view: this machine has one)', () => {
    const noBrowser = { platform: 'linux' as const, env: {}, isFile: () => false };
    expect(thrown(() => findChromium(null, noBrowser)).toData()).toEqual({ code: 'PRINT_UNAVAILABLE', i18nKey: 'errors.print.noBrowser' });
    const edgeOnly = { platform: 'win32' as const, env: { PROGRAMFILES: 'C:\\Program Files' }, isFile: (f: string) => f.endsWith('msedge.exe') };
    expect(findChromium(null, edgeOnly)).toBe('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
  });
});

describe('catalogue text in the page margins (CSS)', () => {
  it('cannot end its CSS string or rule whatever it holds', () => {
    const hostile = 'a"; } body { display:none } /* \\ \n </style>';
    const css = cssString(hostile);
    expect(css.startsWith('"') && css.endsWith('"')).toBe(true);
    expect(css.slice(1, -1)).not.toMatch(/["{};<>\n/*]/);
    expect(cssString('Page 1')).toBe('"Page 1"');
    expect(cssString('ص')).toBe('"\\635 "');
  });

  it('turns “page {{page}} of {{pages}}” into page counters in every language', () => {
    expect(pageCounterContent('Page {{page}} / {{pages}}')).toBe('"Page " counter(page) " \\2f  " counter(pages)');
    expect(pageCounterContent(printWords('ar').t('print.page'))).toMatch(/^"[^"]+" counter\(page\) "[^"]+" counter\(pages\)$/);
    expect(pageCounterContent('{{pages}}')).toBe('counter(pages)');
  });
});

describe('the name a PDF is saved under', () => {
  it('is the document in the language, then the case number or date, with nothing a file system refuses', () => {
    expect(printFileName(printWords('fr'), 'receipt', '2026/1201/57')).toBe('recepisse-2026-1201-57.pdf');
    expect(printFileName(printWords('ar'), 'caseSheet', '2026/1201/P-TEST01-3')).toBe('بطاقة-الملف-2026-1201-P-TEST01-3.pdf');
    expect(printFileName(printWords('en'), 'hearingRoll', '2026-04-22', 'CIV')).toBe('hearing-roll-2026-04-22-CIV.pdf');
    expect(printFileName(printWords('fr'), 'receipt', 'a\\b:c*d?e"f<g>h|i\u0007j k')).toBe('recepisse-a-b-c-d-e-f-g-h-i-j-k.pdf');
  });
});
