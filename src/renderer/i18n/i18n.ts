// i18next for the renderer: the shared catalogues as one `translation` namespace, the formats
// messages may ask for, and the one place that makes the document follow the language (lang, dir
// and title). Never hard-code a direction.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { directionOf, type Language } from '../../shared/enums';
import { catalogues } from '../../shared/i18n';
import { formatGregorian } from '../format/dates';

export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: {
      ar: { translation: catalogues.ar },
      fr: { translation: catalogues.fr },
      en: { translation: catalogues.en },
    },
    lng: language,
    fallbackLng: false,
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  // `{{date, gregorian}}`: a calendar date a message carries as YYYY-MM-DD, written as the court
  // writes it (dd/mm/yyyy). Never i18next's own `datetime`, which would read the browser's zone.
  instance.services.formatter?.add('gregorian', (value: unknown) => formatGregorian(String(value)));
  return instance;
}

/** The window's title in `language` (what the task bar and the window list show). */
export function documentTitle(i18n: I18n, language: Language): string {
  return i18n.getFixedT(language)('ui.app.name');
}

export function applyDocumentLanguage(language: Language, i18n: I18n, doc: Document = document): void {
  doc.documentElement.lang = language;
  doc.documentElement.dir = directionOf(language);
  doc.title = documentTitle(i18n, language);
}
