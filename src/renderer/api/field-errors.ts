// Attaches the field issues of an AppError to the form fields they name (by path), so a message
// appears next to its input; whatever no field claims is listed at the top of the form.
import type { AppErrorData, FieldIssue } from '../../shared/errors';

export function pathKey(path: readonly (string | number)[]): string {
  return path.map(String).join('.');
}

export interface FieldErrorIndex {
  /** The first issue whose path is exactly `key`. */
  at(key: string): FieldIssue | undefined;
  /** Issues strictly under `prefix` (or at it) whose path is not one of `claimed`. */
  under(prefix: string, claimed: readonly string[]): FieldIssue[];
  /** Issues not under any of the rendered prefixes. */
  unclaimed(renderedPrefixes: readonly string[]): FieldIssue[];
}

function isUnder(key: string, prefix: string): boolean {
  return key === prefix || key.startsWith(`${prefix}.`);
}

export function indexFieldErrors(error: AppErrorData | null | undefined): FieldErrorIndex {
  const issues = error?.fields ?? [];
  const keyed = issues.map((issue) => ({ key: pathKey(issue.path), issue }));
  return {
    at: (key) => keyed.find((k) => k.key === key)?.issue,
    under: (prefix, claimed) => keyed.filter((k) => isUnder(k.key, prefix) && !claimed.includes(k.key)).map((k) => k.issue),
    unclaimed: (prefixes) => keyed.filter((k) => !prefixes.some((p) => isUnder(k.key, p))).map((k) => k.issue),
  };
}
