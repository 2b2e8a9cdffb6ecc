// Catalogue messages for text outside the UI (CLI, the shell's console): the same ar/fr/en
// catalogues as the renderer, with i18next's `{{name}}` interpolation. Falls back to English,
// then to the key itself, so an error is never printed as nothing.
import { catalogues } from '../../shared/i18n';
import { formatMessageParam } from '../../shared/i18n/format';
import type { Language } from '../../shared/enums';

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
