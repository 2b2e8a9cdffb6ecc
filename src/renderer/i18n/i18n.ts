// i18next for the renderer: the shared catalogues as one `translation` namespace, and the one
// place that makes the document follow the language (lang + dir). Never hard-code a direction.
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

export function applyDocumentLanguage(language: Language, doc: Document = document): void {
  doc.documentElement.lang = language;
  doc.documentElement.dir = directionOf(language);
}
