// A desk's store written by an earlier schema is upgraded in place and keeps working the same:
// 0005 dropped two indexes no query used, 0006 rebuilt the party-name index without positions.
// What a clerk sees (quick find, numbers) must be exactly as before the upgrade.
import { afterEach, describe, expect, it } from 'vitest';
import { quickFind, runCommand, verifyAuditChain } from '../../../src/domain';
import { openDatabase, type OpenedDatabase } from '../../../src/main/services/db/open-database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/main/services/db/migrations';
import { CASE_TYPE, openTestCourt, registerSampleCase, sampleCaseArgs, tempDbFile, type TestCourt } from '../../helpers/db';

let court: TestCourt | undefined;
let reopened: OpenedDatabase | undefined;
afterEach(async () => {
  await reopened?.close();
  await court?.close();
  reopened = undefined;
  court = undefined;
});

const QUERIES = ['محمد', 'مح', 'بنا', 'Bennani', 'ben', 'soc atl', 'الأطلس', 'ikram', 'AB12', 'سعاد العمر'];

describe('upgrading a store written before migrations 5 and 6', () => {
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
    const next = await runCommand(reopened.db, c.env, c.clerk, 'registerCase', sampleCaseArgs(c));
    expect(next.number).toBe('2026/1101/3');
    expect((await quickFind(reopened.db, c.courtId, { text: 'bennani', limit: 20 })).rows.map((r) => r.number)).toContain('2026/1101/3');
    expect(await verifyAuditChain(reopened.db)).toMatchObject({ ok: true });
  });
});
