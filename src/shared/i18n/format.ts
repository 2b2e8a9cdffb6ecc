// Formats a message may ask for its parameters (`{{date, courtDate}}`), the same in the renderer's
// i18next and in main's catalogue messages (CLI, printed documents): a calendar date is always
// day/month/year, never the ISO form the rules compare.
import { formatGregorian } from '../calendar-format';

export const MESSAGE_FORMATS: Record<string, (value: unknown) => string> = {
  /** `2026-11-30` → `30/11/2026`; an empty value reads as a dash. */
  courtDate: (value) => (typeof value === 'string' && value !== '' ? formatGregorian(value) : '—'),
};

export function formatMessageParam(value: unknown, format: string | undefined): string {
  const f = format === undefined ? undefined : MESSAGE_FORMATS[format];
  if (f) return f(value);
  return value === undefined || value === null ? '' : String(value);
}
