// Lists joined for display in the UI language's own way ("Greffier en chef et Administrateur",
// "رئيس كتابة الضبط ومدير"), never with one language's comma for all (seen: an Arabic comma in French).
import type { Language } from '../../shared/enums';
import { intlLocale } from '../i18n/names';

const formats = new Map<Language, Intl.ListFormat>();

export function listFormat(language: Language, items: readonly string[]): string {
  let f = formats.get(language);
  if (!f) {
    f = new Intl.ListFormat(intlLocale(language), { type: 'conjunction', style: 'long' });
    formats.set(language, f);
  }
  return f.format(items);
}
