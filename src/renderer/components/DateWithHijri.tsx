// A calendar date as the court reads it: Gregorian (isolated LTR) with the Hijri date beside it.
import { useTranslation } from 'react-i18next';
import type { Language } from '../../shared/enums';
import { formatGregorian, formatHijri } from '../format/dates';
import { Ltr } from './Ltr';

export function DateWithHijri({ iso, withHijri = true }: { iso: string; withHijri?: boolean }) {
  const { i18n } = useTranslation();
  const hijri = withHijri ? formatHijri(iso, i18n.language as Language) : '';
  return (
    <span className="date-with-hijri">
      <Ltr>{formatGregorian(iso)}</Ltr>
      {hijri && (
        <>
          {' '}
          <bdi className="hijri">({hijri})</bdi>
        </>
      )}
    </span>
  );
}
