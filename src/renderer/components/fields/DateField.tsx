// A calendar date typed the court's way, day/month/year with a 24-hour clock's plain digits, in
// every language. The browser's own date input follows its locale (11/30/2026 in an Arabic desk on
// an English browser), so this is a text input: digits typed straight through get their slashes
// (`30112026` → 30/11/2026), Arabic-Indic digits are accepted, and under the field the weekday and
// the Hijri date confirm the day. The value is `YYYY-MM-DD` once the text is a real date, else the
// text as typed, which the contract's schema refuses with its message.
import { TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatGregorian, parseDayMonthYear } from '../../../shared/calendar-format';
import { toAsciiDigits } from '../../../shared/case-number';
import { isCalendarDate } from '../../../shared/schemas/common';
import type { Language } from '../../../shared/enums';
import { formatHijri, formatWeekday } from '../../format/dates';

export interface DateFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  required?: boolean;
  description?: string;
  /** Show the weekday and Hijri date under the field (default); off where the screen shows them already. */
  hint?: boolean;
  'data-testid'?: string;
  'data-autofocus'?: boolean;
  autoFocus?: boolean;
  maw?: number;
}

/** What the field shows for a value: the date as day/month/year, or the text as it was typed. */
function shown(value: string): string {
  return isCalendarDate(value) ? formatGregorian(value) : value;
}

/** Digits typed without separators get them as the clerk goes: 3011 → 30/11, 30112026 → 30/11/2026. */
function withSlashes(typed: string): string {
  const t = toAsciiDigits(typed);
  if (!/^[0-9]{3,8}$/.test(t)) return t;
  return t.length <= 4 ? `${t.slice(0, 2)}/${t.slice(2)}` : `${t.slice(0, 2)}/${t.slice(2, 4)}/${t.slice(4)}`;
}

export function DateField({ label, value, onChange, error, required, description, hint: withHint = true, ...rest }: DateFieldProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const [text, setText] = useState(() => shown(value));
  // A value set from outside (another day picked, the form reset) replaces what is shown.
  useEffect(() => {
    setText((current) => ((parseDayMonthYear(current) ?? current) === value ? current : shown(value)));
  }, [value]);
  const iso = isCalendarDate(value) ? value : null;
  const hint = iso && withHint ? `${formatWeekday(iso, language)} · ${formatHijri(iso, language)}` : description;
  return (
    <TextInput
      {...rest}
      label={label}
      required={required}
      dir="ltr"
      inputMode="numeric"
      autoComplete="off"
      maxLength={10}
      placeholder={t('ui.dateField.placeholder')}
      value={text}
      description={hint}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      error={error}
      onChange={(e) => {
        const next = withSlashes(e.currentTarget.value);
        setText(next);
        onChange(parseDayMonthYear(next) ?? next.trim());
      }}
      onBlur={() => {
        if (iso) setText(formatGregorian(iso));
      }}
    />
  );
}
