// A desk's store written by an earlier release is upgraded in place and keeps working the same. The
// stores are the ones those releases wrote (test/fixtures/stores, made with their code): 0005
// dropped two indexes no query used, 0006 rebuilt the party-name index without positions, 0007 added
// each party's CIN to its search text, 0008 added addresses, judgments, case search by subject and
// lawyer, and took password hashes out of the outbox. What a clerk saw before (quick find by names
// and numbers) stays the same; what is new works on the old records too.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { quickFind, runCommand, verifyAuditChain, type Actor } from '../../../src/domain';
import { openDatabase, type OpenedDatabase } from '../../../src/store/sqlite/open-database';
import { LATEST_SCHEMA_VERSION } from '../../../src/store/sqlite/migrations';
import type { Role } from '../../../src/shared/enums';
import { SYNC_PROTOCOL_VERSION } from '../../../src/shared/schemas/sync';
import { CASE_TYPE, makeEnv, tempDbFile } from '../../helpers/db';

const STORES = path.resolve(import.meta.dirname, '../../fixtures/stores');
const TODAY = '2026-06-01';

let opened: OpenedDatabase | undefined;
afterEach(async () => {
  if (opened) {
    await opened.close();
    fs.rmSync(path.dirname(opened.file), { recursive: true, force: true });
  }
  opened = undefined;
});

/** A copy of an earlier release's store in a temp folder, opened (and so migrated) by this build. */
async function openOldStore(name: 'schema-4' | 'schema-7'): Promise<OpenedDatabase> {
  const file = tempDbFile();
  fs.writeFileSync(file, zlib.gunzipSync(fs.readFileSync(path.join(STORES, `${name}.db.gz`))));
  opened = await openDatabase(file);
  return opened;
}

function expectedQuickFind(name: string): Record<string, [string, string | null][]> {
  return JSON.parse(fs.readFileSync(path.join(STORES, `${name}.quick-find.json`), 'utf8')) as Record<string, [string, string | null][]>;
}

function courtOf(store: OpenedDatabase) {
  const courtId = store.raw.prepare('SELECT id FROM courts').pluck().get() as string;
  const user = (username: string): Actor => {
    const row = store.raw.prepare('SELECT id, roles FROM users WHERE username = ?').get(username) as { id: string; roles: string };
    return { userId: row.id, roles: JSON.parse(row.roles) as Role[] };
  };
  const chamberId = store.raw.prepare("SELECT id FROM chambers WHERE code = 'CIV'").pluck().get() as string;
  return { courtId, clerk: user('karim.greffier'), admin: user('it.admin'), chamberId, env: { ...makeEnv({ courtId }), courtId } };
}

describe.each(['schema-4', 'schema-7'] as const)('upgrading a store written with %s', (name) => {
  it('finds the same cases by the same words, passes FTS5\'s own checks, and goes on numbering where it was', async () => {
    const store = await openOldStore(name);
    const c = courtOf(store);
    expect(Number(store.raw.pragma('user_version', { simple: true }))).toBe(LATEST_SCHEMA_VERSION);
    const indexes = store.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all() as string[];
    expect(indexes).not.toContain('cases_serial');
    expect(indexes).not.toContain('parties_national_id');
    expect(store.raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'party_search'").pluck().get()).toMatch(/detail=none/);
    // FTS5's own check of each index against its table: throws when they differ.
    for (const fts of ['party_search', 'case_search']) {
      expect(() => store.raw.prepare(`INSERT INTO ${fts}(${fts}, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
    }

    for (const [text, before] of Object.entries(expectedQuickFind(name))) {
      const rows = (await quickFind(store.db, c.courtId, { text, limit: 20, today: TODAY })).rows;
      expect(rows.map((r) => [r.number, r.matchedText]), text).toEqual(before);
    }
    expect((await quickFind(store.db, c.courtId, { text: 'AB987654', limit: 20, today: TODAY })).rows.map((r) => [r.number, r.matchedText])).toEqual([['2026/1101/2', 'إكرام بنعلي']]);
    expect(store.raw.prepare("SELECT search_text FROM parties WHERE national_id = 'AB987654'").pluck().get()).toBe('اكرام بنعلي ikram benali ab987654');

    const next = await runCommand(store.db, c.env, c.clerk, 'registerCase', {
      chamberId: c.chamberId,
      caseTypeId: CASE_TYPE.civil,
      filedOn: '2026-01-05',
      subject: 'أداء مبلغ دين',
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' } }, role: 'plaintiff' }],
    });
    expect(next.number).toBe('2026/1101/3');
    expect((await quickFind(store.db, c.courtId, { text: 'bennani', limit: 20, today: TODAY })).rows.map((r) => r.number)).toContain('2026/1101/3');
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
    // 0016: the old release's mutations were recorded under sync version 1, the new one under this release's.
    const versions = store.raw.prepare('SELECT schema_version FROM outbox ORDER BY mutation_id').pluck().all() as number[];
    expect(versions.at(-1)).toBe(SYNC_PROTOCOL_VERSION);
    expect(new Set(versions.slice(0, -1))).toEqual(new Set([1]));
  });

  it('finds the old cases by their subject and their lawyers, and by their numbers written the clerks\' way', async () => {
    const store = await openOldStore(name);
    const c = courtOf(store);
    const find = async (text: string) => (await quickFind(store.db, c.courtId, { text, limit: 20, today: TODAY })).rows.map((r) => [r.number, r.matchedBy, r.matchedText]);
    expect(await find('حادثة سير')).toEqual([['2026/1101/2', 'subject', 'طلب التعويض عن حادثة سير']]);
    expect(await find('نادية الفاسي')).toEqual([['2026/1101/2', 'lawyer', 'ذة. نادية الفاسي']]);
    expect(await find('2/1101/2026')).toEqual([['2026/1101/2', 'number', null]]);
    expect(await find('1101/2')).toEqual([['2026/1101/2', 'number', null]]);
  });

  it('keeps no password hash in the outbox, and the old users keep their passwords and need not change them', async () => {
    const store = await openOldStore(name);
    expect(store.raw.prepare("SELECT count(*) FROM outbox WHERE args LIKE '%argon2%'").pluck().get()).toBe(0);
    const setup = JSON.parse(store.raw.prepare("SELECT args FROM outbox WHERE name = 'initializeWorkstation'").pluck().get() as string) as { user: Record<string, unknown> };
    expect(setup.user).toEqual({ username: 'amina.admin', displayName: 'أمينة الإدارية' });
    expect(store.raw.prepare("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%' AND must_change_password = 0").pluck().get()).toBe(5);
  });

  it('gives every old party its court, and keeps old outbox rows and audit entries as they were (no generated values, the same hashes)', async () => {
    const store = await openOldStore(name);
    const c = courtOf(store);
    const parties = store.raw.prepare('SELECT court_id, count(*) AS n FROM parties GROUP BY court_id').all();
    expect(parties).toEqual([{ court_id: c.courtId, n: expect.any(Number) }]);
    expect((parties[0] as { n: number }).n).toBeGreaterThan(0);
    expect(store.raw.prepare('SELECT count(*) FROM outbox WHERE generated IS NOT NULL').pluck().get()).toBe(0);
    expect(store.raw.prepare('SELECT count(*) FROM audit WHERE recorded_at IS NOT NULL').pluck().get()).toBe(0);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
    // A party registered after the upgrade belongs to the court, and its mutation carries its ids.
    await runCommand(store.db, c.env, c.clerk, 'registerCase', {
      chamberId: c.chamberId,
      caseTypeId: CASE_TYPE.civil,
      filedOn: '2026-01-05',
      subject: 'أداء مبلغ دين',
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني' } }, role: 'plaintiff' }],
    });
    const generated = JSON.parse(store.raw.prepare('SELECT generated FROM outbox ORDER BY mutation_id DESC LIMIT 1').pluck().get() as string) as { ids: Record<string, string[]> };
    expect(store.raw.prepare('SELECT court_id FROM parties WHERE id = ?').pluck().get(generated.ids.party![0])).toBe(c.courtId);
  });
});
