// Lists joined for display in the UI language with the locale's own words and punctuation
// ("Greffier en chef et Administrateur", "رئيس كتابة الضبط ومسؤول النظام"), never a fixed separator.
import type { Language } from '../../shared/enums';
import { intlLocale } from '../i18n/names';

const formats = new Map<Language, Intl.ListFormat>();

export function formatList(items: readonly string[], language: Language): string {
  let f = formats.get(language);
  if (!f) {
    f = new Intl.ListFormat(intlLocale(language), { type: 'conjunction', style: 'long' });
    formats.set(language, f);
  }
  return f.format(items);
}
