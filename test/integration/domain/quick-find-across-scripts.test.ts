// Quick find across scripts (issue 9, item 6) on a real desk store: a name typed in Arabic finds
// parties registered only in French spelling and the other way round, through party_keys, ranked
// after the exact matches of the script typed; the index follows parties written by any path
// (registration, a name changed by a raw write as a pull does) and is built for the parties of a
// store migrated from before it (migration 0019). SQLite only: party_keys is FTS5, a desk read.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickFind } from '../../../src/domain';
import { quickFindResultSchema } from '../../../src/shared/schemas/views';
import { MIGRATIONS } from '../../../src/store/sqlite/migrations';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';

type NewParty = { kind: 'person' | 'organisation'; nameAr?: string; nameLatin?: string };

async function fileCase(court: TestCourt, plaintiff: NewParty): Promise<string> {
  const { caseId } = await registerSampleCase(court, {
    parties: [
      { party: { newParty: plaintiff }, role: 'plaintiff' },
      { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس' } }, role: 'defendant' },
    ],
  });
  return caseId;
}

const find = async (court: TestCourt, text: string, limit = 20) =>
  quickFindResultSchema.parse(await quickFind(court.db, court.courtId, { text, limit, today: '2026-01-05' })).rows;

describe('quick find across scripts', () => {
  let court: TestCourt;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    court = await openTestCourt();
    ids.elAlaoui = await fileCase(court, { kind: 'person', nameLatin: 'Mohamed El Alaoui' });
    ids.alaoui = await fileCase(court, { kind: 'person', nameLatin: 'ALAOUI Mohammed' });
    ids.arabicAlaoui = await fileCase(court, { kind: 'person', nameAr: 'محمد العلوي' });
    ids.bennani = await fileCase(court, { kind: 'person', nameAr: 'فاطمة الزهراء بناني' });
    ids.hassan = await fileCase(court, { kind: 'person', nameAr: 'حسن التازي' });
    ids.hussein = await fileCase(court, { kind: 'person', nameLatin: 'Hussein Tazi' });
    ids.ali = await fileCase(court, { kind: 'person', nameLatin: 'Ali Tazi' });
  });
  afterAll(async () => {
    await court.close();
  });

  it('«محمد العلوي» finds "Mohamed El Alaoui" and "ALAOUI Mohammed", after the party written in Arabic', async () => {
    const rows = await find(court, 'محمد العلوي');
    expect(rows.map((r) => [r.id, r.matchedBy, r.matchedText])).toEqual([
      [ids.arabicAlaoui, 'party', 'محمد العلوي'],
      [ids.alaoui, 'similarName', 'ALAOUI Mohammed'],
      [ids.elAlaoui, 'similarName', 'Mohamed El Alaoui'],
    ]);
  });

  it('"Fatima Zahra Bennani" finds «فاطمة الزهراء بناني», and so does the name being typed', async () => {
    for (const text of ['Fatima Zahra Bennani', 'fatima-ezzahra bennani', 'Fatima Zahra Benn']) {
      const rows = await find(court, text);
      expect(rows.map((r) => [r.id, r.matchedBy, r.matchedText]), text).toEqual([[ids.bennani, 'similarName', 'فاطمة الزهراء بناني']]);
    }
  });

  it('«حسن التازي» finds nobody named Hussein or Ali; "Hassan Tazi" finds him', async () => {
    expect((await find(court, 'حسن التازي')).map((r) => r.id)).toEqual([ids.hassan]);
    expect((await find(court, 'Hassan Tazi')).map((r) => [r.id, r.matchedBy])).toEqual([[ids.hassan, 'similarName']]);
    expect((await find(court, 'Hussein Tazi')).map((r) => [r.id, r.matchedBy])).toEqual([[ids.hussein, 'party']]);
  });

  it('a CIN, digits or a one-letter sound are never looked up by sound', async () => {
    expect(await find(court, 'AB')).toEqual([]);
    expect(await find(court, 'Tazi 12')).toEqual([]);
  });

  it('keys follow a registered party, and its name changed by a raw write as a pull applies it', async () => {
    const raw = court.store.sqliteRaw!();
    const caseId = await fileCase(court, { kind: 'person', nameAr: 'يوسف المنصوري' });
    expect((await find(court, 'Youssef Mansouri')).map((r) => r.id)).toEqual([caseId]);
    raw.prepare("UPDATE parties SET name_ar = 'خديجة المنصوري' WHERE name_ar = 'يوسف المنصوري'").run();
    expect(await find(court, 'Youssef Mansouri')).toEqual([]);
    expect((await find(court, 'Khadija Mansouri')).map((r) => r.id)).toEqual([caseId]);
    const keys = raw.prepare("SELECT count(*) FROM party_keys WHERE party_keys MATCH 'xdja'").pluck().get();
    expect(keys).toBe(1);
  });
});

describe('migration 0019 on a store filled before it', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-0019-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keys every party already there, and re-derives only the search text that changed', async () => {
    const file = path.join(dir, 'mahkama.db');
    const old = await openTestCourt({ file, migrations: MIGRATIONS.filter((m) => m.version < 19) });
    const caseId = await fileCase(old, { kind: 'person', nameLatin: 'Mohamed El Alaoui' });
    // A name holding ۓ and a glyph piece (U+FE73), with the search text the first normalization stored.
    const odd = await fileCase(old, { kind: 'person', nameAr: 'ﹳعلۓ' });
    const raw = old.store.sqliteRaw!();
    raw.prepare("UPDATE parties SET search_text = 'ﹳعلے' WHERE name_ar = 'ﹳعلۓ'").run();
    const before = raw.prepare('SELECT id, search_text FROM parties ORDER BY id').all() as { id: string; search_text: string }[];
    expect(before.some((p) => p.search_text === 'ﹳعلے')).toBe(true);
    const courtId = old.courtId;
    await old.close();

    const store = await openDatabase(file);
    try {
      const after = store.raw.prepare('SELECT id, search_text FROM parties ORDER BY id').all() as { id: string; search_text: string }[];
      const changed = after.filter((p, i) => p.search_text !== before[i]!.search_text).map((p) => p.search_text);
      expect(changed).toEqual(['علي']);
      const found = async (text: string) => (await quickFind(store.db, courtId, { text, limit: 20, today: '2026-01-05' })).rows;
      expect((await found('محمد العلوي')).map((r) => [r.id, r.matchedBy])).toEqual([[caseId, 'similarName']]);
      expect((await found('علي')).map((r) => [r.id, r.matchedBy])).toEqual([[odd, 'party']]);
    } finally {
      await store.close();
    }
  });
});
