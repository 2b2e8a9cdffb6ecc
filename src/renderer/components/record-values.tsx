// A stored value of a record (enum code, id, date, instant, JSON) as a clerk reads it, in the UI
// language, for the audit timeline and the sync conflicts alike. Instants and people come read by
// main (court wall clock, display names): the renderer never turns an instant into a wall clock.
import { useTranslation } from 'react-i18next';
import type { Language, Role } from '../../shared/enums';
import { pageOcrLanguagesOf } from '../../shared/schemas/documents';
import { useReference } from '../app/reference';
import { formatCourtTime, formatGregorian } from '../format/dates';
import { formatList } from '../format/lists';
import { localName } from '../i18n/names';
import { AutoDir } from './AutoDir';
import { Ltr } from './Ltr';
import { valueKind } from './record-fields';
import { useEnumLabel } from './use-enum-label';

/** A value as words, and whether it is a code, date or time that always reads left to right. */
export interface ValueText {
  text: string;
  ltr: boolean;
}

/** What main read for the values: an instant's court wall clock, a person's display name. */
export interface ValueReadings {
  courtTime?: string;
  people?: Readonly<Record<string, string>>;
}

export function useRecordValueText() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const label = useEnumLabel();
  const { chamber, caseType } = useReference();
  const words = (text: string): ValueText => ({ text, ltr: false });
  const code = (text: string): ValueText => ({ text, ltr: true });
  return (entity: string, field: string, value: unknown, readings: ValueReadings = {}): ValueText => {
    if (value === null || value === undefined || value === '') return words('—');
    const kind = valueKind(entity, field);
    const s = typeof value === 'string' ? value : JSON.stringify(value);
    if (typeof kind === 'object') return words(label(kind.enum, s));
    switch (kind) {
      case 'date':
        return code(formatGregorian(s));
      case 'instant':
        return code(readings.courtTime === undefined ? s : formatCourtTime(readings.courtTime));
      case 'ltr':
        return code(s);
      case 'chamber': {
        const c = chamber(s);
        return words(c ? localName(c, language) : '—');
      }
      case 'caseType': {
        const c = caseType(s);
        return words(c ? localName(c, language) : '—');
      }
      case 'person':
        return words(readings.people?.[s] ?? '—');
      case 'language':
        return words(t(`ui.languageName.${s}`, { defaultValue: s }));
      case 'ocrLanguage':
        return words(t(`ui.documents.ocr.${s}`, { defaultValue: s }));
      case 'pageOcrLanguages': {
        const pages = Object.entries(pageOcrLanguagesOf(s));
        if (pages.length === 0) return words('—');
        const each = pages.map(([page, choice]) => t('ui.audit.pageLanguage', { page: Number(page) + 1, language: t(`ui.documents.ocr.${choice}`) }));
        return words(formatList(each, language));
      }
      case 'roles': {
        let roles: unknown = value;
        if (typeof value === 'string') {
          try {
            roles = JSON.parse(value);
          } catch {
            roles = [];
          }
        }
        return words(Array.isArray(roles) ? formatList(roles.map((r) => label('role', String(r as Role))), language) : '—');
      }
      case 'flag':
        return words(t(value === 1 || value === true ? 'ui.common.yes' : 'ui.common.no'));
      default:
        return words(s);
    }
  };
}

/** A value in its own direction: codes, dates and times left to right, words as they come. */
export function RecordValue({ value, className }: { value: ValueText; className?: string }) {
  return <span className={className}>{value.ltr ? <Ltr>{value.text}</Ltr> : <AutoDir>{value.text}</AutoDir>}</span>;
}
