// Keyboard-only data entry for forms: Enter moves to the next field and submits from the last,
// Ctrl+Enter submits from anywhere. Buttons and text areas keep their own Enter.
import type { KeyboardEvent } from 'react';

const FIELD_SELECTOR = 'input:not([type=hidden]):not([disabled]):not([readonly]), select:not([disabled]), textarea:not([disabled])';

export function entryFields(form: HTMLFormElement): HTMLElement[] {
  return Array.from(form.querySelectorAll<HTMLElement>(FIELD_SELECTOR)).filter((el) => !el.closest('[hidden]'));
}

export function onEntryKeyDown(e: KeyboardEvent<HTMLFormElement>): void {
  if (e.key !== 'Enter' || e.altKey || e.shiftKey || e.nativeEvent.isComposing) return;
  const form = e.currentTarget;
  if (e.ctrlKey || e.metaKey) {
    e.preventDefault();
    form.requestSubmit();
    return;
  }
  const target = e.target as HTMLElement;
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
  e.preventDefault();
  const fields = entryFields(form);
  const next = fields[fields.indexOf(target) + 1];
  if (next) {
    next.focus();
    if (next instanceof HTMLInputElement) next.select();
  } else {
    form.requestSubmit();
  }
}

/** After a refused submit, put the cursor on the first field that has an error. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  invalid?.focus();
}
