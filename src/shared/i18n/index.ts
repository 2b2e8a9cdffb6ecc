// The message catalogues: ar (default), fr, en. One resource tree per language, split by
// namespace file only to keep files small; i18next sees a single `translation` namespace.
import type { Language } from '../enums';
import { ar } from './ar';
import { en } from './en';
import type { enums } from './en/enums';
import { fr } from './fr';

/** A closed vocabulary with labels in the catalogues (`enums.<group>.<code>`). */
export type EnumGroup = keyof typeof enums;

export const catalogues: Record<Language, Record<string, unknown>> = { ar, fr, en };

/** Every leaf key of a catalogue as a dotted path, for the completeness test. */
export function leafKeys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}
