// A catalogue message as plain text, for what is read outside the renderer's i18next (the server's
// console, main's CLI and the browser shell's console), with i18next's `{{name}}` interpolation.
// Falls back to English, then to the key itself, so an error is never printed as nothing. A
// `$t(key)` in a message is replaced by that message, after interpolation, as i18next nests: a
// parameter can name a translated reason (`$t(signing.reasons.{{reason}})`).
import type { Language } from '../enums';
import { formatMessageParam } from './format';
import { catalogues } from './index';

function lookup(tree: unknown, key: string): string | null {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : null;
}

function interpolate(template: string, params: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*(?:,\s*([a-zA-Z0-9_]+)\s*)?\}\}/g, (whole, name: string, format: string | undefined) =>
    params && name in params ? formatMessageParam(params[name], format) : whole,
  );
}

export function catalogueMessage(lang: Language, key: string, params?: Record<string, string | number>): string {
  const template = lookup(catalogues[lang], key) ?? lookup(catalogues.en, key) ?? key;
  // Nested messages are put in before the parameters, so a parameter's own text is never read as a `$t(…)`.
  const nested = template.replace(/\$t\(([^()]+)\)/g, (whole, inner: string) => {
    const nestedKey = interpolate(inner, params);
    return (/^[A-Za-z0-9_.]+$/.test(nestedKey) && (lookup(catalogues[lang], nestedKey) ?? lookup(catalogues.en, nestedKey))) || whole;
  });
  return interpolate(nested, params);
}
