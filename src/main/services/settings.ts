// Workstation settings (language, device identity, numbering mode) in the `settings` table.
// These are facts about this desk, never synced and not court records, so they are written
// directly rather than through the command runner. Before first-run setup nothing is written:
// the values live in memory and are persisted by `persistAll` at setup.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../domain/db-schema';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../shared/enums';
import { newId } from '../../shared/ids';

export type NumberingMode = 'standalone' | 'server';

export interface DeskSettings {
  language: Language;
  deviceId: string;
  /** Short tag printed in provisional case numbers (`P-AB12CD-3`). */
  deviceTag: string;
  numberingMode: NumberingMode;
}

const KEYS = {
  language: 'language',
  deviceId: 'device_id',
  deviceTag: 'device_tag',
  numberingMode: 'numbering_mode',
} as const satisfies Record<keyof DeskSettings, string>;

/** No 0/O or 1/I: the tag is read aloud and copied by hand from printed receipts. */
const TAG_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newDeviceTag(): string {
  let tag = '';
  for (let i = 0; i < 6; i++) tag += TAG_ALPHABET[randomInt(TAG_ALPHABET.length)];
  return tag;
}

/** Reads the stored settings, filling anything missing with fresh values (not yet persisted). */
export async function loadDeskSettings(db: Kysely<Database>): Promise<{ settings: DeskSettings; stored: Set<keyof DeskSettings> }> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const stored = new Set<keyof DeskSettings>();
  const read = (k: keyof DeskSettings) => {
    const v = byKey.get(KEYS[k]);
    if (v !== undefined) stored.add(k);
    return v;
  };
  const language = read('language');
  const numbering = read('numberingMode');
  return {
    settings: {
      language: (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : DEFAULT_LANGUAGE,
      deviceId: read('deviceId') ?? newId(),
      deviceTag: read('deviceTag') ?? newDeviceTag(),
      numberingMode: numbering === 'server' ? 'server' : 'standalone',
    },
    stored,
  };
}

export async function saveDeskSetting<K extends keyof DeskSettings>(db: Kysely<Database>, key: K, value: DeskSettings[K]): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: KEYS[key], value: String(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(value) }))
    .execute();
}

/** At setup: everything kept in memory until now becomes permanent. */
export async function persistAll(db: Kysely<Database>, s: DeskSettings): Promise<void> {
  for (const k of Object.keys(KEYS) as (keyof DeskSettings)[]) await saveDeskSetting(db, k, s[k]);
}
