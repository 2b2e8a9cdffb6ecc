// i18next for the renderer: the shared catalogues as one `translation` namespace, the formats
// messages may ask for, and the one place that makes the document follow the language (lang, dir
// and title). Never hard-code a direction.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { directionOf, type Language } from '../../shared/enums';
import { catalogues } from '../../shared/i18n';
import { MESSAGE_FORMATS } from '../../shared/i18n/format';

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
  for (const [name, format] of Object.entries(MESSAGE_FORMATS)) instance.services.formatter?.add(name, (value) => format(value));
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
