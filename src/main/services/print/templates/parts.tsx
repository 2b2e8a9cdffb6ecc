// Small pieces every printed document uses: values isolated in their own direction (case numbers,
// dates, times, CIN read left to right inside Arabic), dates in both calendars, party names, and a
// catalogue sentence whose {{placeholders}} are filled with elements rather than flattened text.
import { Fragment, type ReactNode } from 'react';
import { formatGregorian, formatHijri } from '../../../../shared/calendar-format';
import type { WallClock } from '../../../../shared/court-time-zone';
import type { CasePartyView } from '../../../../shared/schemas/views';
import type { PrintWords } from '../print-i18n';

export const DASH = '—';

/** Numbers, dates, times, CIN, bar numbers: always left to right, whatever surrounds them. */
export function Ltr({ children }: { children: ReactNode }) {
  return <bdi dir="ltr">{children}</bdi>;
}

/** A case number: left to right, and if it must wrap (a long provisional one), only after a `/`. */
export function CaseNo({ number }: { number: string }) {
  const parts = number.split('/');
  return (
    <bdi dir="ltr" className="case-no">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </Fragment>
      ))}
    </bdi>
  );
}

/** Free text typed by a clerk (names, subjects, notes): isolated, direction from its first letter. */
export function Text({ value }: { value: string | null | undefined }) {
  return value ? <bdi>{value}</bdi> : <>{DASH}</>;
}

/**
 * Free text that may wrap over several lines of its cell (a subject, a note): a block in its own
 * direction, so the wrapped lines of an Arabic subject on a French page line up on the right, where
 * each line starts, and those of a French subject on an Arabic page on the left. Inline, its lines
 * took the page's alignment and an Arabic line began in mid-air.
 */
export function TextBlock({ value, className }: { value: string | null | undefined; className?: string }) {
  return value ? (
    <span dir="auto" className={className ? `text-block ${className}` : 'text-block'}>
      {value}
    </span>
  ) : (
    <>{DASH}</>
  );
}

/** `12/03/2026 (23 رمضان 1447 هـ)`: the court reads both calendars. In a narrow table cell the Hijri date goes under. */
export function CourtDate({ iso, words, stacked = false }: { iso: string; words: PrintWords; stacked?: boolean }) {
  const hijri = formatHijri(iso, words.language);
  return (
    <span className="date">
      <Ltr>{formatGregorian(iso)}</Ltr>
      {hijri &&
        (stacked ? (
          <span className="secondary">
            <bdi>{hijri}</bdi>
          </span>
        ) : (
          <>
            {' '}
            <bdi>({hijri})</bdi>
          </>
        ))}
    </span>
  );
}

/** `label: value` with the language's punctuation (French puts a space before the colon). */
export function Labelled({ words, label, children }: { words: PrintWords; label: string; children: ReactNode }) {
  return <Sentence words={words} k="print.labelled" values={{ label, value: children }} />;
}

export function wallDate(c: WallClock): string {
  return `${c.day}/${c.month}/${c.year}`;
}

export function wallTime(c: WallClock): string {
  return `${c.hour}:${c.minute}`;
}

/**
 * A catalogue sentence with elements in its placeholders: `t(key)` is asked with markers in place
 * of the values, then split on them, so each value keeps its own isolation inside the sentence.
 */
export function Sentence({ words, k, values }: { words: PrintWords; k: string; values: Record<string, ReactNode> }) {
  const markers = Object.fromEntries(Object.keys(values).map((name) => [name, `\u0000${name}\u0000`]));
  const parts = words.t(k, markers).split('\u0000');
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>{i % 2 === 1 && part in values ? values[part] : part}</Fragment>
      ))}
    </>
  );
}

/** The name in the document's script first, the other one under it. */
export function PartyName({ party, words }: { party: Pick<CasePartyView, 'nameAr' | 'nameLatin'>; words: PrintWords }) {
  const [first, second] = words.language === 'ar' ? [party.nameAr, party.nameLatin] : [party.nameLatin, party.nameAr];
  const main = first ?? second;
  const other = first ? second : null;
  return (
    <>
      <Text value={main} />
      {other && (
        <span className="secondary">
          <bdi>{other}</bdi>
        </span>
      )}
    </>
  );
}
