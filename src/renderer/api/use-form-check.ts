// A form's problems, all at once and always current: once the clerk has tried to submit, the form
// checks what it would send with the contract's own zod schema on every change (so it says exactly
// what main's domain would say about the fields, and a message leaves its field as soon as the field
// is fixed), and main's answer to the last submit stays on a field only until that field changes.
import { useCallback, useMemo, useState } from 'react';
import type { z } from 'zod';
import { validationError, type AppErrorData, type FieldIssue } from '../../shared/errors';
import { pathKey } from './field-errors';

const FIELD_ERROR_CODES = new Set(['VALIDATION_FAILED', 'RULE_VIOLATION']);

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const p of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[p];
  }
  return node;
}

function withoutConfirmed(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || !('confirmed' in v)) return v;
  const { confirmed: _confirmed, ...rest } = v as Record<string, unknown>;
  return rest;
}

/** The issues the schema finds in `value` (none when it parses), plus the form's own. */
export function formIssues<S extends z.ZodType>(schema: S, value: unknown, extra: readonly FieldIssue[] = []): FieldIssue[] {
  const r = schema.safeParse(value, { reportInput: true });
  return [...(r.success ? [] : (validationError(r.error).fields ?? [])), ...extra];
}

export interface FormCheck {
  /** What to show: the form's own problems and what main said of fields not changed since. */
  error: AppErrorData | null;
  /**
   * Call on submit: from now on problems show live. True when the form finds nothing wrong and the
   * value may be sent; remember to pass what is sent to `sent`.
   */
  check: () => boolean;
  /** What was sent with the last submit (main's answer is about that). */
  sent: (value: unknown) => void;
  /** After a success that empties the form for the next entry: quiet again until the next submit. */
  reset: () => void;
}

/**
 * `value` is exactly what the form would send (built from its fields the same way the submit
 * builds it); `commandError` is main's last answer; `extra` are checks only a form makes (a
 * password typed twice). Field paths are the contract's (`parties.1.party.newParty.nameAr`).
 */
export function useFormCheck<S extends z.ZodType>(schema: S, value: unknown, commandError: AppErrorData | null, extra: (value: unknown) => FieldIssue[] = () => []): FormCheck {
  const [attempted, setAttempted] = useState(false);
  const [sentValue, setSentValue] = useState<unknown>(undefined);

  const own = useMemo(() => (attempted ? formIssues(schema, value, extra(value)) : []), [attempted, schema, value, extra]);

  const error = useMemo((): AppErrorData | null => {
    // Main spoke about what was sent: a field issue stays while that field still holds it; a warning
    // to confirm, while nothing at all was changed (it was about those values).
    const unchanged = JSON.stringify(withoutConfirmed(sentValue)) === JSON.stringify(withoutConfirmed(value));
    const stillTrue = (f: FieldIssue) => (f.path[0] === 'confirmed' ? unchanged : JSON.stringify(valueAt(sentValue, f.path)) === JSON.stringify(valueAt(value, f.path)));
    const fromMain = commandError ? (commandError.fields ?? []).filter(stillTrue) : [];
    if (own.length > 0) {
      const ownPaths = new Set(own.map((f) => pathKey(f.path)));
      const fields = [...own, ...fromMain.filter((f) => !ownPaths.has(pathKey(f.path)) && f.path[0] !== 'confirmed')];
      return { code: 'VALIDATION_FAILED', i18nKey: 'errors.validationFailed', fields };
    }
    if (!commandError) return null;
    if (!commandError.fields?.length) return commandError;
    if (fromMain.length === 0 && FIELD_ERROR_CODES.has(commandError.code)) return null;
    const single = fromMain.length === 1 && FIELD_ERROR_CODES.has(commandError.code);
    return {
      ...commandError,
      ...(single ? { i18nKey: fromMain[0]!.i18nKey, ...(fromMain[0]!.params ? { params: fromMain[0]!.params } : {}) } : {}),
      fields: fromMain,
    };
  }, [own, commandError, sentValue, value]);

  const check = useCallback(() => {
    setAttempted(true);
    return formIssues(schema, value, extra(value)).length === 0;
  }, [schema, value, extra]);
  const sent = useCallback((v: unknown) => setSentValue(v), []);
  const reset = useCallback(() => {
    setAttempted(false);
    setSentValue(undefined);
  }, []);
  return { error, check, sent, reset };
}
