// Keys the renderer builds at run time (`ui.audit.command.${name}`, columns, languages, shortcuts) exist in
// every language: the static catalogue test cannot see template strings, this one does.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../src/shared/enums';
import { catalogues } from '../../../src/shared/i18n';
import { COMMAND_NAMES } from '../../../src/shared/schemas/commands';
import { REINDEX_STATES } from '../../../src/shared/schemas/search-index';
import { BASELINE_LEVELS } from '../../../src/shared/schemas/judgment-signing';
import { SHORTCUT_GROUPS } from '../../../src/renderer/app/shortcuts';
import { KNOWN_ENTITIES, LABELLED_FIELDS } from '../../../src/renderer/components/record-fields';

function has(tree: unknown, key: string): boolean {
  const v = key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), tree);
  return typeof v === 'string' && v.trim() !== '';
}

const dynamicKeys = [
  ...COMMAND_NAMES.map((c) => `ui.audit.command.${c}`), // every command of the write path has its label
  'ui.audit.command.other',
  ...KNOWN_ENTITIES.map((e) => `ui.audit.entity.${e}`),
  'ui.audit.entity.other',
  ...[...LABELLED_FIELDS, 'other'].map((f) => `ui.audit.field.${f}`), // the audit's and the sync conflicts' field labels
  'ui.audit.pageLanguage',
  ...['number', 'parties', 'subject', 'caseType', 'status', 'filedOn', 'nextHearing'].map((c) => `ui.registry.column.${c}`),
  ...LANGUAGES.map((l) => `ui.languageName.${l}`),
  ...['nameAr', 'nameLatin', 'nationalId', 'lawyerName', 'lawyerBarNumber'].map((f) => `ui.party.${f}`),
  ...SHORTCUT_GROUPS.flatMap((g) => [g.titleKey, ...g.shortcuts.map((s) => s.labelKey)]), // the help sheet
  ...[...REINDEX_STATES, 'resuming', 'stopping'].map((s) => `ui.settings.searchIndex.line.${s}`), // where the index rebuild stands
  ...BASELINE_LEVELS.map((l) => `ui.signing.levelName.${l}`), // a signature's level in the signature panel
];

describe('keys the renderer composes at run time', () => {
  it.each(LANGUAGES)('all exist in %s', (lang) => {
    expect(dynamicKeys.filter((k) => !has(catalogues[lang], k))).toEqual([]);
  });
});
