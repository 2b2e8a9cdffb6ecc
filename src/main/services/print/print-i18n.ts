// The words of a printed document, in the document's language (not necessarily the desk's): the
// same ar/fr/en catalogues and i18next interpolation as the renderer. React escapes what comes out.
import i18next, { type i18n as I18n } from 'i18next';
import type { Language } from '../../../shared/enums';
import { catalogues, type EnumGroup } from '../../../shared/i18n';

export interface PrintWords {
  language: Language;
  t(key: string, params?: Record<string, string | number>): string;
  /** `enums.<group>.<code>` */
  label(group: EnumGroup, code: string): string;
}

const instances = new Map<Language, I18n>();

function instanceFor(language: Language): I18n {
  let instance = instances.get(language);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: { [language]: { translation: catalogues[language] } },
      lng: language,
      fallbackLng: false,
      initAsync: false,
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
    });
    instances.set(language, instance);
  }
  return instance;
}

export function printWords(language: Language): PrintWords {
  const instance = instanceFor(language);
  const t = (key: string, params?: Record<string, string | number>) => String(instance.t(key, params ?? {}));
  return { language, t, label: (group, code) => t(`enums.${group}.${code}`) };
}
