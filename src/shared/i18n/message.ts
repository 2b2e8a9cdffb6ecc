// A catalogue message as plain text, for what is read outside the renderer's i18next (the server's
// console, main's CLI and the browser shell's console), with i18next's `{{name}}` interpolation.
// Falls back to English, then to the key itself, so an error is never printed as nothing.
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

export function catalogueMessage(lang: Language, key: string, params?: Record<string, string | number>): string {
  const template = lookup(catalogues[lang], key) ?? lookup(catalogues.en, key) ?? key;
  return template.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*(?:,\s*([a-zA-Z0-9_]+)\s*)?\}\}/g, (whole, name: string, format: string | undefined) =>
    params && name in params ? formatMessageParam(params[name], format) : whole,
  );
}
