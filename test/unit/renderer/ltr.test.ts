// Bidi isolation: a case number, a national ID or a date inside Arabic text is wrapped in an LTR
// isolate, so `2026/1201/57` never reads `57/1201/2026` in a right-to-left line.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { DateWithHijri } from '../../../src/renderer/components/DateWithHijri';
import { Ltr } from '../../../src/renderer/components/Ltr';
import { createI18n } from '../../../src/renderer/i18n/i18n';

describe('<Ltr> isolates numbers inside right-to-left text', () => {
  it('renders a case number as a left-to-right <bdi>, inside an Arabic sentence', () => {
    const html = renderToStaticMarkup(createElement('p', { dir: 'rtl' }, 'ملف رقم ', createElement(Ltr, { children: '2026/1201/57' }), ' مسجل'));
    expect(html).toBe('<p dir="rtl">ملف رقم <bdi dir="ltr" class="ltr">2026/1201/57</bdi> مسجل</p>');
  });

  it('keeps a test id and extra class for the element the end-to-end tests read', () => {
    const html = renderToStaticMarkup(createElement(Ltr, { className: 'big', 'data-testid': 'case-number', children: 'AB123456' }));
    expect(html).toBe('<bdi dir="ltr" class="ltr big" data-testid="case-number">AB123456</bdi>');
  });

  it('shows a date with the Gregorian part isolated LTR and the Hijri part isolated in the Arabic UI', () => {
    const i18n = createI18n('ar');
    const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(DateWithHijri, { iso: '2026-03-12' })));
    expect(html).toContain('<bdi dir="ltr" class="ltr">12/03/2026</bdi>');
    expect(html).toMatch(/<bdi class="hijri">\(23 رمضان 1447 هـ\)<\/bdi>/);
  });

  it('shows the Hijri date in French month names when the UI is French', () => {
    const i18n = createI18n('fr');
    const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(DateWithHijri, { iso: '2026-03-12' })));
    expect(html).toContain('(23 ramadan 1447 AH)');
  });
});
