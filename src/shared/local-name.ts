// Which of a record's names to show in a language, and the Intl locale of that language. Shared
// because the renderer shows these names and main prints them; no Intl time-zone data is used here.
import type { Language } from './enums';

export interface Named {
  nameAr: string;
  nameFr: string;
  nameEn?: string;
}

/** Chambers and courts carry Arabic and French names only, so English falls back to French (the court's second working language). */
export function localName(item: Named, language: Language): string {
  if (language === 'ar') return item.nameAr;
  if (language === 'en') return item.nameEn ?? item.nameFr;
  return item.nameFr;
}

/** Locale tag for Intl in a language; Moroccan conventions, Western digits. */
export function intlLocale(language: Language): string {
  if (language === 'ar') return 'ar-MA';
  if (language === 'fr') return 'fr-MA';
  return 'en-GB';
}
