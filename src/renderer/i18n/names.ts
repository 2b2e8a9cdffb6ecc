// Which of a record's names to show in the UI language. Chambers and courts carry Arabic and
// French names only, so English falls back to French (the court's second working language).
import type { Language } from '../../shared/enums';

export interface Named {
  nameAr: string;
  nameFr: string;
  nameEn?: string;
}

export function localName(item: Named, language: Language): string {
  if (language === 'ar') return item.nameAr;
  if (language === 'en') return item.nameEn ?? item.nameFr;
  return item.nameFr;
}

/** Locale tag for Intl in the UI language; Moroccan conventions, Western digits. */
export function intlLocale(language: Language): string {
  if (language === 'ar') return 'ar-MA';
  if (language === 'fr') return 'fr-MA';
  return 'en-GB';
}
