// Lists, dates in messages and the window title speak the clerk's language: roles joined with the
// locale's own words (never the Arabic comma in French), a date in a message written dd/mm/yyyy,
// and the title in the UI language rather than always Arabic.
import { describe, expect, it } from 'vitest';
import { formatList } from '../../../src/renderer/format/lists';
import { createI18n, documentTitle } from '../../../src/renderer/i18n/i18n';

describe('lists for display', () => {
  it('joins roles the way each language writes a list', () => {
    expect(formatList(['Greffier en chef', 'Administrateur'], 'fr')).toBe('Greffier en chef et Administrateur');
    expect(formatList(['Greffier en chef', 'Administrateur', 'Greffier'], 'fr')).toBe('Greffier en chef, Administrateur et Greffier');
    expect(formatList(['Chief clerk', 'Administrator'], 'en')).toBe('Chief clerk and Administrator');
    expect(formatList(['رئيس كتابة الضبط', 'مسؤول النظام'], 'ar')).toBe('رئيس كتابة الضبط ومسؤول النظام');
  });

  it('never puts the Arabic comma in a French or English list, nor a Latin comma in an Arabic one', () => {
    const three = ['a', 'b', 'c'];
    expect(formatList(three, 'fr')).not.toContain('،');
    expect(formatList(three, 'en')).not.toContain('،');
    expect(formatList(['أ', 'ب', 'ج'], 'ar')).not.toContain(',');
  });

  it('shows one item as itself and no item as nothing', () => {
    expect(formatList(['Greffier'], 'fr')).toBe('Greffier');
    expect(formatList([], 'ar')).toBe('');
  });
});

describe('the window title', () => {
  it('is in the UI language', () => {
    const i18n = createI18n('ar');
    expect(documentTitle(i18n, 'ar')).toBe('محكمة');
    expect(documentTitle(i18n, 'fr')).toBe('Mahkama');
    expect(documentTitle(i18n, 'en')).toBe('Mahkama');
  });
});

describe('dates inside messages', () => {
  it('are written dd/mm/yyyy, as on the rest of the screen, whatever the language', () => {
    const params = { date: '2026-11-30', time: '12:50', courtDate: '2026-11-30', courtTime: '13:26' };
    expect(createI18n('fr').t('errors.rule.hearingInPast', params)).toBe(
      "La date et l'heure de l'audience (30/11/2026 à 12:50) sont passées\u00a0: il est 13:26 le 30/11/2026 à l'heure du tribunal. Choisissez un moment à venir.",
    );
    expect(createI18n('ar').t('errors.rule.hearingInPast', params)).toContain('فالتوقيت الحالي بالمحكمة هو 30/11/2026 على الساعة 13:26');
    expect(createI18n('en').t('errors.rule.hearingInPast', params)).toContain('it is 13:26 on 30/11/2026, court time');
  });
});
