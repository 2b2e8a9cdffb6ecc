// A time of day on the 24-hour clock, `HH:MM`, in every language (the browser's time input shows
// 09:30 AM in some locales). Digits typed straight through get their colon (930 → 09:30, 1400 → 14:00).
// The value is `HH:MM` once the text is a real time, else the text as typed, which the contract's
// schema refuses with its message.
import { TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { toAsciiDigits } from '../../../shared/case-number';

export interface TimeFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  required?: boolean;
  'data-testid'?: string;
}

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** `9:30`, `930`, `0930`, `14`, Arabic-Indic digits → `HH:MM`; null when it is not a time of day. */
export function parseTimeOfDay(text: string): string | null {
  const t = toAsciiDigits(text).trim().replace(/[.h]/i, ':');
  let m = /^([0-9]{1,2}):([0-9]{2})$/.exec(t);
  if (!m && /^[0-9]{3,4}$/.test(t)) m = /^([0-9]{1,2})([0-9]{2})$/.exec(t);
  if (!m && /^[0-9]{1,2}$/.test(t)) m = [t, t, '00'] as unknown as RegExpExecArray;
  if (!m) return null;
  const hhmm = `${m[1]!.padStart(2, '0')}:${m[2]}`;
  return TIME.test(hhmm) ? hhmm : null;
}

export function TimeField({ label, value, onChange, error, required, ...rest }: TimeFieldProps) {
  const [text, setText] = useState(value);
  useEffect(() => {
    setText((current) => ((parseTimeOfDay(current) ?? current) === value ? current : value));
  }, [value]);
  return (
    <TextInput
      {...rest}
      label={label}
      required={required}
      dir="ltr"
      inputMode="numeric"
      autoComplete="off"
      maxLength={5}
      placeholder="09:30"
      value={text}
      error={error}
      onChange={(e) => {
        const next = toAsciiDigits(e.currentTarget.value);
        setText(next);
        onChange(/^[0-9]{1,2}$/.test(next.trim()) ? next.trim() : (parseTimeOfDay(next) ?? next.trim()));
      }}
      onBlur={() => {
        const parsed = parseTimeOfDay(text);
        if (parsed) {
          setText(parsed);
          onChange(parsed);
        }
      }}
    />
  );
}
