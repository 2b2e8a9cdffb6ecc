// A desk's store written by an earlier schema is upgraded in place and keeps working the same:
// 0005 dropped two indexes no query used, 0006 rebuilt the party-name index without positions,
// 0007 added each party's CIN to its search text. What a clerk saw before the upgrade (quick find
// by names, numbers) stays exactly the same; finding by CIN is new.
import { afterEach, describe, expect, it } from 'vitest';
import { quickFind, runCommand, verifyAuditChain } from '../../../src/domain';
import { openDatabase, type OpenedDatabase } from '../../../src/main/services/db/open-database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/main/services/db/migrations';
import { normalizeForSearch } from '../../../src/shared/normalize';
import { CASE_TYPE, openTestCourt, registerSampleCase, sampleCaseArgs, tempDbFile, type TestCourt } from '../../helpers/db';

let court: TestCourt | undefined;
let reopened: OpenedDatabase | undefined;
afterEach(async () => {
  await reopened?.close();
  await court?.close();
  reopened = undefined;
  court = undefined;
});

const QUERIES = ['محمد', 'مح', 'بنا', 'Bennani', 'ben', 'soc atl', 'الأطلس', 'ikram', 'سعاد العمر'];

describe('upgrading a store written before migrations 5 to 7', () => {
  it('finds the same cases by the same words, and goes on numbering where it was', async () => {
    const file = tempDbFile();
    court = await openTestCourt({ file, migrations: MIGRATIONS.slice(0, 4) });
    const c = court;
    await registerSampleCase(c);
    await runCommand(c.db, c.env, c.clerk, 'registerCase', sampleCaseArgs(c, {
      parties: [
        { party: { newParty: { kind: 'person', nameAr: 'سعاد العمراني', nameLatin: 'Souad El Amrani' } }, role: 'plaintiff' },
        { party: { newParty: { kind: 'person', nameAr: 'إكرام بنعلي', nameLatin: 'Ikram Benali', nationalId: 'AB987654' } }, role: 'defendant' },
      ],
    }));
    await registerSampleCase(c, { caseTypeId: CASE_TYPE.family });
    // What the earlier version stored as search text: the names only (the update trigger re-indexes).
    const parties = c.raw.prepare('SELECT id, name_ar, name_latin FROM parties').all() as { id: string; name_ar: string | null; name_latin: string | null }[];
    for (const p of parties) {
      c.raw.prepare('UPDATE parties SET search_text = ? WHERE id = ?').run(normalizeForSearch(`${p.name_ar ?? ''} ${p.name_latin ?? ''}`), p.id);
    }
    expect((await quickFind(c.db, c.courtId, { text: 'AB987654', limit: 20 })).rows).toEqual([]);
    const findAll = async (db: TestCourt['db']) =>
      Promise.all(QUERIES.map(async (text) => (await quickFind(db, c.courtId, { text, limit: 20 })).rows.map((r) => [r.number, r.matchedPartyName])));
    const before = await findAll(c.db);
    expect(before.flat().length).toBeGreaterThan(0);
    await c.db.destroy();

    reopened = await openDatabase(file);
    expect(Number(reopened.raw.pragma('user_version', { simple: true }))).toBe(LATEST_SCHEMA_VERSION);
    const names = (reopened.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all() as string[]);
    expect(names).not.toContain('cases_serial');
    expect(names).not.toContain('parties_national_id');
    expect(reopened.raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'party_search'").pluck().get()).toMatch(/detail=none/);
    // FTS5's own check of the rebuilt index against parties.search_text: throws when they differ.
    expect(() => reopened!.raw.prepare("INSERT INTO party_search(party_search, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();

    expect(await findAll(reopened.db)).toEqual(before);
    expect((await quickFind(reopened.db, c.courtId, { text: 'AB987654', limit: 20 })).rows.map((r) => [r.number, r.matchedPartyName])).toEqual([['2026/1101/2', 'إكرام بنعلي']]);
    expect(reopened.raw.prepare("SELECT search_text FROM parties WHERE national_id = 'AB987654'").pluck().get()).toBe('اكرام بنعلي ikram benali ab987654');
    const next = await runCommand(reopened.db, c.env, c.clerk, 'registerCase', sampleCaseArgs(c));
    expect(next.number).toBe('2026/1101/3');
    expect((await quickFind(reopened.db, c.courtId, { text: 'bennani', limit: 20 })).rows.map((r) => r.number)).toContain('2026/1101/3');
    expect(await verifyAuditChain(reopened.db)).toMatchObject({ ok: true });
  });
});
