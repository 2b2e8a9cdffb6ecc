// The catalogues ar/fr/en are complete and used correctly: the same keys in every language, no empty
// message, Arabic that is Arabic, the same {{placeholders}} everywhere, and every key the code names
// present. A clerk must never see a raw key or a blank label in any language.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as vocabularies from '../../src/shared/enums';
import { LANGUAGES, type Language } from '../../src/shared/enums';
import { catalogues, leafKeys } from '../../src/shared/i18n';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Latin tokens an Arabic message may consist of on their own (names of formats, products, languages). */
const allowedLatinInArabic = ['Mahkama', 'PDF', 'CSV', 'JSON', 'URL', 'OCR', 'PKCS#11', 'PIN', 'SQLite', 'ID', 'UUID', 'HLC', 'Français', 'English'];

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function valueAt(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

/** Leaf keys with i18next plural suffixes folded into their base: languages have different plural forms. */
function comparableKeys(lang: Language): Set<string> {
  return new Set(leafKeys(catalogues[lang]).map((k) => k.replace(pluralSuffix, '')));
}

/** A key the code names exists if it is a leaf, a plural base, or a subtree (e.g. a keyPrefix). */
function hasKey(lang: Language, key: string): boolean {
  const node = valueAt(catalogues[lang], key);
  if (typeof node === 'string' || (node !== null && typeof node === 'object')) return true;
  const lastDot = key.lastIndexOf('.');
  const parent = lastDot < 0 ? catalogues[lang] : valueAt(catalogues[lang], key.slice(0, lastDot));
  const last = key.slice(lastDot + 1);
  return parent !== null && typeof parent === 'object' && Object.keys(parent).some((k) => k.startsWith(`${last}_`) && pluralSuffix.test(k));
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\{\s*([^}\s,]+)[^}]*\}\}/g)].map((m) => m[1]!).sort();
}

const arabicLetter = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

/** Why an Arabic message is not Arabic, or null when it is fine. */
export function notArabic(message: string): string | null {
  if (arabicLetter.test(message)) return null;
  let rest = message.replace(/\{\{[^}]*\}\}/g, ' ');
  for (const token of allowedLatinInArabic) rest = rest.split(token).join(' ');
  return /\p{L}/u.test(rest) ? `has no Arabic letter: "${message}"` : null;
}

/** Catalogue keys named literally in code: i18nKey: '…', i18nKey="…", t('…'), ruleViolation('x' → errors.rule.x, new AppError('CODE', '…'. */
export function referencedKeys(source: string): string[] {
  const keys: string[] = [];
  const add = (re: RegExp, map: (k: string) => string = (k) => k) => {
    for (const m of source.matchAll(re)) keys.push(map(m[2]!));
  };
  add(/\bi18nKey\s*[:=]\s*(['"])([^'"`$\n]+)\1/g);
  add(/\bi18nKey=\{\s*(['"])([^'"`$\n]+)\1\s*\}/g);
  add(/\bt\(\s*(['"])([^'"`$\n]+)\1/g);
  add(/\bruleViolation\(\s*(['"])([^'"`$\n]+)\1/g, (rule) => `errors.rule.${rule}`);
  add(/\bnew AppError\(\s*['"][^'"]+['"]\s*,\s*(['"])([^'"`$\n]+)\1/g);
  return keys;
}

function sourceFiles(): string[] {
  return readdirSync(path.join(repoRoot, 'src'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.includes(`${path.sep}i18n${path.sep}`) || !f.includes(`${path.sep}shared${path.sep}`));
}

/** CASE_STATUSES → caseStatus: the group name the renderer uses for `enums.<group>.<code>`. */
function enumGroup(constName: string): string {
  const singular = constName.endsWith('STATUSES') ? constName.slice(0, -2) : constName.replace(/S$/, '');
  return singular.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

describe('i18n catalogues: every language says everything', () => {
  it.each(LANGUAGES)('the %s catalogue has every key that any other language has', (lang) => {
    const mine = comparableKeys(lang);
    const missing = LANGUAGES.filter((other) => other !== lang).flatMap((other) =>
      [...comparableKeys(other)].filter((k) => !mine.has(k)).map((k) => `${k} (in ${other})`),
    );
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGES)('the %s catalogue has no empty message and nothing but strings at its leaves', (lang) => {
    const bad = leafKeys(catalogues[lang]).filter((k) => {
      const v = valueAt(catalogues[lang], k);
      return typeof v !== 'string' || v.trim() === '';
    });
    expect(bad).toEqual([]);
  });

  it('French messages keep a colon, semicolon, question or exclamation mark and guillemets on their word\'s line (no-break space)', () => {
    const broken = leafKeys(catalogues.fr).filter((k) => / [:;?!»]|« /.test(String(valueAt(catalogues.fr, k))));
    expect(broken).toEqual([]);
  });

  it('French words that go on paper (the printed documents and the labels they print) take the typographic apostrophe, as the rest of the page does', () => {
    const printed = leafKeys(catalogues.fr).filter((k) => k.startsWith('print.') || k.startsWith('enums.'));
    expect(printed.length).toBeGreaterThan(50);
    expect(printed.filter((k) => /\p{L}'\p{L}/u.test(String(valueAt(catalogues.fr, k))))).toEqual([]);
  });

  it.each(LANGUAGES)('every plural message in %s has all the plural forms the language needs', (lang) => {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    const leaves = leafKeys(catalogues[lang]);
    const bases = new Set(leaves.filter((k) => pluralSuffix.test(k)).map((k) => k.replace(pluralSuffix, '')));
    const missing = [...bases].flatMap((base) => categories.filter((c) => !leaves.includes(`${base}_${c}`)).map((c) => `${base}_${c}`));
    expect(missing).toEqual([]);
  });

  it('Arabic messages are written in Arabic (only technical tokens may stay Latin)', () => {
    const bad = leafKeys(catalogues.ar).flatMap((k) => {
      const v = valueAt(catalogues.ar, k);
      const why = typeof v === 'string' ? notArabic(v) : null;
      return why ? [`${k} ${why}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('Arabic calls a user\'s roles الأدوار everywhere; الصفة is only a party\'s standing in a case', () => {
    const plural = leafKeys(catalogues.ar).filter((k) => /صفات/.test(String(valueAt(catalogues.ar, k))));
    expect(plural).toEqual([]);
    expect(['ui.users.roles', 'ui.users.editRoles'].map((k) => valueAt(catalogues.ar, k))).toEqual(['الأدوار', 'الأدوار']);
  });

  it('a message uses the same {{placeholders}} in every language', () => {
    const keys = leafKeys(catalogues.ar).filter((k) => !pluralSuffix.test(k));
    const mismatched = keys.flatMap((k) => {
      const byLang = LANGUAGES.map((lang) => {
        const v = valueAt(catalogues[lang], k);
        return typeof v === 'string' ? placeholders(v).join(',') : '';
      });
      return new Set(byLang).size > 1 ? [`${k}: ${LANGUAGES.map((l, i) => `${l}=[${byLang[i]}]`).join(' ')}`] : [];
    });
    expect(mismatched).toEqual([]);
  });

  it('every closed vocabulary of src/shared/enums.ts has a label for each code in every language', () => {
    const lists = Object.entries(vocabularies as Record<string, unknown>).filter((e): e is [string, readonly string[]] => Array.isArray(e[1]));
    expect(lists.length).toBeGreaterThan(5);
    const missing = lists.flatMap(([name, codes]) =>
      LANGUAGES.flatMap((lang) =>
        codes.filter((code) => typeof valueAt(catalogues[lang], `enums.${enumGroup(name)}.${code}`) !== 'string').map((code) => `${lang}: enums.${enumGroup(name)}.${code}`),
      ),
    );
    expect(missing).toEqual([]);
  });
});

describe('i18n catalogues: every key the code names exists', () => {
  it('finds the keys in every form the code writes them', () => {
    const source = [
      "throw new AppError('DB_CORRUPT', 'errors.db.corrupt');",
      "throw ruleViolation('hearingOnWeekend', { date });",
      "const issue = { i18nKey: 'errors.field.badDate' };",
      "<Trans i18nKey=\"ui.registry.empty\" />",
      "label={t('ui.quickFind.label')}",
      "const dynamic = t(`enums.${group}.${code}`);",
    ].join('\n');
    expect(referencedKeys(source).sort()).toEqual(
      ['errors.db.corrupt', 'errors.field.badDate', 'errors.rule.hearingOnWeekend', 'ui.quickFind.label', 'ui.registry.empty'].sort(),
    );
  });

  it('a key named in code but absent from a catalogue is reported (the check is not blind)', () => {
    expect(hasKey('ar', 'errors.notFound')).toBe(true);
    expect(hasKey('fr', 'errors.db')).toBe(true);
    expect(hasKey('en', 'errors.rule.noSuchRuleAnywhere')).toBe(false);
    expect(notArabic('Date of hearing')).not.toBeNull();
    expect(notArabic('تاريخ الجلسة {{date}}')).toBeNull();
    expect(notArabic('{{year}}/{{serial}}')).toBeNull();
    expect(notArabic('PDF')).toBeNull();
  });

  it('every key named literally under src/ exists in ar, fr and en', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(0);
    const missing = files.flatMap((file) => {
      const rel = path.relative(repoRoot, file).split(path.sep).join('/');
      return [...new Set(referencedKeys(readFileSync(file, 'utf8')))].flatMap((key) =>
        LANGUAGES.filter((lang) => !hasKey(lang, key)).map((lang) => `${rel}: '${key}' missing in ${lang}`),
      );
    });
    expect(missing).toEqual([]);
  });
});
