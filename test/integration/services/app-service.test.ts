// The IPC contract end to end through AppService.handle on real database files: a clerk's day
// (set up, sign in, register, find, schedule, adjourn, read the audit), every class of bad input
// answered with a typed error and nothing written, and bad database files reported, never touched.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppService, DB_FILE_NAME } from '../../../src/main/services/app-service';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/store/sqlite/migrations';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { listSnapshots, restoreSnapshot } from '../../../src/main/services/snapshots';
import type { AppErrorData } from '../../../src/shared/errors';
import { newId } from '../../../src/shared/ids';
import type { IpcMethod } from '../../../src/shared/ipc/contract';
import { Desk, PASSWORD, SETUP, START, setUpDesk } from './desk';
import { sha256File, tempDir, testConfig } from './helpers';

function registerInput(chamberId: string, caseTypeId: string) {
  return {
    chamberId,
    caseTypeId,
    filedOn: '2026-03-02',
    subject: 'أداء دين تجاري',
    parties: [
      { party: { newParty: { kind: 'person' as const, nameAr: 'مُحَمَّد بنّاني', nameLatin: 'Mohamed Bennani', nationalId: 'AB123456' } }, role: 'plaintiff' as const },
      { party: { newParty: { kind: 'organisation' as const, nameLatin: 'Société Atlas SARL' } }, role: 'defendant' as const },
    ],
  };
}

const open: Desk[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.service.close();
});
function track(d: Desk): Desk {
  open.push(d);
  return d;
}

describe('a clerk’s day through the IPC contract', () => {
  it('set up → sign in → register a case → quick find → schedule → adjourn → the case shows its audit', async () => {
    const desk = track(await Desk.open());
    const first = await desk.ok('app.status', {});
    expect(first).toMatchObject({ setUp: false, user: null, language: 'ar', startupError: null, locked: false });

    // Language chosen before setup is kept in memory only: nothing is written to the database.
    expect((await desk.ok('settings.setLanguage', { language: 'fr' })).language).toBe('fr');
    expect(desk.counts().settings).toBe(0);

    const afterSetup = await desk.ok('setup.initialize', { ...SETUP, language: 'fr' });
    expect(afterSetup.setUp).toBe(true);
    expect(afterSetup.language).toBe('fr');
    expect(afterSetup.user).toMatchObject({ username: 'samira.alaoui', active: true });
    expect(afterSetup.user!.roles.sort()).toEqual(['admin', 'chief_clerk']);
    expect(afterSetup.court).toMatchObject({ code: 'TPI-RABAT' });
    expect(await desk.fails('setup.initialize', SETUP)).toMatchObject({ code: 'ALREADY_SET_UP' });

    await desk.ok('session.logout', {});
    expect(await desk.fails('cases.quickFind', { text: 'x', limit: 5 })).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    expect(await desk.fails('session.login', { username: 'samira.alaoui', password: 'wrong-password-1' })).toEqual({
      code: 'BAD_CREDENTIALS',
      i18nKey: 'errors.auth.badCredentials',
    });
    expect(await desk.fails('session.login', { username: 'nobody.here', password: PASSWORD })).toEqual({
      code: 'BAD_CREDENTIALS',
      i18nKey: 'errors.auth.badCredentials',
    });
    const signedIn = await desk.ok('session.login', { username: 'samira.alaoui', password: PASSWORD });
    expect(signedIn.user?.username).toBe('samira.alaoui');

    const ref = await desk.ok('reference.get', {});
    const chamberId = ref.chambers.find((c) => c.code === 'CIV')!.id;
    const caseTypeId = ref.caseTypes.find((t) => t.code === '1201')!.id;
    const registered = await desk.ok('cases.register', registerInput(chamberId, caseTypeId));
    expect(registered.number).toMatch(/^2026\/1201\/[0-9]+$/);
    expect(registered.provisional).toBe(false);

    // Typed without diacritics, found all the same.
    const found = await desk.ok('cases.quickFind', { text: 'محمد بناني', limit: 10 });
    expect(found.rows.map((r) => r.id)).toContain(registered.caseId);
    const byNumber = await desk.ok('cases.quickFind', { text: registered.number, limit: 10 });
    expect(byNumber.rows[0]?.id).toBe(registered.caseId);
    // Search: the name as written, the hits marked in it; a bad filter is refused before it runs.
    const searched = await desk.ok('cases.search', { text: 'محمد بناني', limit: 10 });
    expect(searched.rows.map((r) => [r.caseId, r.snippets[0]?.text, r.snippets[0]?.hits])).toEqual([[registered.caseId, 'مُحَمَّد بنّاني', [[0, 8], [9, 15]]]]);
    expect(await desk.fails('cases.search', { text: 'x', limit: 10, filedFrom: '2026-02-30' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    const registry = await desk.ok('cases.listForRegistry', { filter: { status: 'registered' }, offset: 0, limit: 50 });
    expect(registry.total).toBe(1);

    const scheduled = await desk.ok('hearings.schedule', { caseId: registered.caseId, baseVersion: 1, date: '2026-03-10', time: '09:30' });
    const detail1 = await desk.ok('cases.getDetail', { caseId: registered.caseId });
    const hearing = detail1.hearings.find((h) => h.id === scheduled.hearingId)!;
    const adjourned = await desk.ok('hearings.adjourn', {
      hearingId: hearing.id,
      baseVersion: hearing.version,
      reason: 'summons_not_served',
      newDate: '2026-03-17',
      newTime: '10:00',
    });

    const detail = await desk.ok('cases.getDetail', { caseId: registered.caseId });
    expect(detail.hearings.map((h) => [h.date, h.status])).toEqual(
      expect.arrayContaining([
        ['2026-03-10', 'adjourned'],
        ['2026-03-17', 'scheduled'],
      ]),
    );
    expect(detail.hearings.find((h) => h.id === scheduled.hearingId)?.nextHearingId).toBe(adjourned.nextHearingId);
    expect(detail.audit.map((a) => a.command)).toEqual(expect.arrayContaining(['registerCase', 'scheduleHearing', 'adjournHearing']));
    expect(detail.audit.every((a) => a.userDisplayName === 'سميرة العلوي')).toBe(true);
    expect(detail.parties.map((p) => p.nameLatin)).toEqual(expect.arrayContaining(['Mohamed Bennani', 'Société Atlas SARL']));

    const roll = await desk.ok('hearings.listOfDay', { date: '2026-03-17' });
    expect(roll.entries.map((e) => e.caseNumber)).toEqual([registered.number]);

    const created = await desk.ok('users.create', { username: 'karim.idrissi', displayName: 'Karim Idrissi', roles: ['clerk'], password: 'another-long-password' });
    const users = await desk.ok('users.list', {});
    expect(users.users.map((u) => u.id)).toContain(created.userId);
    // The password never reaches the database, the outbox or the audit in clear.
    const raw = new BetterSqlite3(desk.dbFile, { readonly: true });
    const dump = JSON.stringify([raw.prepare('SELECT * FROM outbox').all(), raw.prepare('SELECT * FROM audit').all(), raw.prepare('SELECT * FROM users').all()]);
    raw.close();
    expect(dump).not.toContain('another-long-password');
    expect(dump).not.toContain(PASSWORD);
  });

  it('language, device identity and court survive a restart; the user must sign in again', async () => {
    const { desk } = await setUpDesk();
    await desk.ok('settings.setLanguage', { language: 'fr' });
    const before = await desk.ok('app.status', {});
    await desk.service.close();

    const again = track(await Desk.open(desk.dataDir));
    const after = await again.ok('app.status', {});
    expect(after).toMatchObject({ setUp: true, language: 'fr', deviceId: before.deviceId, user: null, court: before.court });
    expect(await again.fails('reference.get', {})).toMatchObject({ code: 'NOT_AUTHENTICATED' });
  });

  it('the clock never goes backwards across a restart, even when the wall clock does', async () => {
    const { desk, chamberId, caseTypeId } = await setUpDesk();
    await desk.ok('cases.register', registerInput(chamberId, caseTypeId));
    await desk.service.close();
    const maxHlc = () => {
      const raw = new BetterSqlite3(desk.dbFile, { readonly: true });
      const rows = raw.prepare('SELECT hlc FROM audit ORDER BY seq').all() as { hlc: string }[];
      raw.close();
      return rows.map((r) => r.hlc);
    };
    const hlcsBefore = maxHlc();

    // The PC's clock was set back by two hours overnight.
    const again = track(await Desk.open(desk.dataDir, START - 2 * 3600_000));
    await again.ok('session.login', { username: 'samira.alaoui', password: PASSWORD });
    await again.ok('cases.register', { ...registerInput(chamberId, caseTypeId), filedOn: '2026-03-01' });
    const hlcs = maxHlc();
    expect(hlcs).toHaveLength(hlcsBefore.length + 1);
    expect(hlcs[hlcs.length - 1]! > hlcsBefore[hlcsBefore.length - 1]!).toBe(true);
  });
});

describe('bad input is answered with a typed error and writes nothing', () => {
  let desk: Desk;
  let chamberId: string;
  let caseTypeId: string;
  let caseId: string;
  beforeEach(async () => {
    ({ desk, chamberId, caseTypeId } = await setUpDesk());
    track(desk);
    caseId = (await desk.ok('cases.register', registerInput(chamberId, caseTypeId))).caseId;
  });

  async function refused(method: IpcMethod, input: unknown, expected: Partial<AppErrorData>): Promise<AppErrorData> {
    const before = desk.counts();
    const err = await desk.fails(method, input);
    expect(err).toMatchObject(expected);
    expect(desk.counts()).toEqual(before);
    expect(JSON.stringify(err)).not.toMatch(/at .+\.ts:|Error:/);
    return err;
  }

  it('wrong types name the field', async () => {
    const err = await refused('cases.register', { ...registerInput(chamberId, caseTypeId), chamberId: 42 }, { code: 'VALIDATION_FAILED' });
    expect(err.fields).toEqual([{ path: ['chamberId'], i18nKey: 'errors.field.wrongType' }]);
  });

  it('missing fields are each named as required', async () => {
    const err = await refused('cases.register', {}, { code: 'VALIDATION_FAILED' });
    expect(err.fields!.map((f) => f.path[0]).sort()).toEqual(['caseTypeId', 'chamberId', 'filedOn', 'parties', 'subject']);
    expect(new Set(err.fields!.map((f) => f.i18nKey))).toEqual(new Set(['errors.field.required']));
  });

  it('an input that is not an object at all is refused', async () => {
    await refused('cases.register', 'DROP TABLE cases', { code: 'VALIDATION_FAILED' });
    await refused('cases.register', null, { code: 'VALIDATION_FAILED' });
  });

  it('an unknown method is NOT_FOUND', async () => {
    await refused('cases.deleteEverything' as IpcMethod, {}, { code: 'NOT_FOUND', i18nKey: 'errors.unknownMethod' });
    await refused('__proto__' as IpcMethod, {}, { code: 'NOT_FOUND', i18nKey: 'errors.unknownMethod' });
  });

  it('oversized strings are refused with their limit', async () => {
    const err = await refused('cases.register', { ...registerInput(chamberId, caseTypeId), subject: 'ق'.repeat(10_000) }, { code: 'VALIDATION_FAILED' });
    expect(err.fields![0]).toMatchObject({ path: ['subject'], i18nKey: 'errors.field.tooLong' });
  });

  it('unknown enum values are refused', async () => {
    const input = registerInput(chamberId, caseTypeId);
    const err = await refused('cases.register', { ...input, parties: [{ ...input.parties[0], role: 'witness' }] }, { code: 'VALIDATION_FAILED' });
    expect(err.fields![0]).toMatchObject({ path: ['parties', 0, 'role'], i18nKey: 'errors.field.unknownValue' });
  });

  it('unknown fields are refused rather than silently dropped', async () => {
    const err = await refused('cases.register', { ...registerInput(chamberId, caseTypeId), status: 'closed' }, { code: 'VALIDATION_FAILED' });
    expect(err.fields![0]).toMatchObject({ i18nKey: 'errors.field.unknownField' });
  });

  it('a stale base version is refused', async () => {
    await refused('hearings.schedule', { caseId, baseVersion: 7, date: '2026-03-10', time: '09:30' }, { code: 'STALE_VERSION' });
  });

  it('an unknown id is NOT_FOUND', async () => {
    await refused('cases.getDetail', { caseId: newId() }, { code: 'NOT_FOUND' });
    await refused('hearings.schedule', { caseId: newId(), baseVersion: 1, date: '2026-03-10', time: '09:30' }, { code: 'NOT_FOUND' });
  });

  it('a locked screen refuses work until the password is given again', async () => {
    await desk.ok('session.lock', {});
    expect((await desk.ok('app.status', {})).locked).toBe(true);
    await refused('cases.register', registerInput(chamberId, caseTypeId), { code: 'LOCKED', i18nKey: 'errors.auth.locked' });
    await refused('session.unlock', { password: 'not-my-password' }, { code: 'BAD_CREDENTIALS', i18nKey: 'errors.auth.badPassword' });
    await desk.ok('session.unlock', { password: PASSWORD });
    await desk.ok('cases.register', registerInput(chamberId, caseTypeId));
  });

  it('the screen locks itself after ten idle minutes', async () => {
    desk.t += 9 * 60_000;
    await desk.ok('cases.quickFind', { text: 'atlas', limit: 5 });
    desk.t += 9 * 60_000;
    await desk.ok('cases.quickFind', { text: 'atlas', limit: 5 });
    desk.t += 10 * 60_000;
    await refused('cases.register', registerInput(chamberId, caseTypeId), { code: 'LOCKED' });
    expect((await desk.ok('app.status', {})).locked).toBe(true);
  });

  it('nobody signed in: NOT_AUTHENTICATED', async () => {
    await desk.ok('session.logout', {});
    await refused('cases.register', registerInput(chamberId, caseTypeId), { code: 'NOT_AUTHENTICATED' });
    await refused('users.list', {}, { code: 'NOT_AUTHENTICATED' });
  });

  it('five wrong passwords in a minute close the door for a minute, even to the right password', async () => {
    await desk.ok('session.logout', {});
    for (let i = 0; i < 5; i++) {
      await refused('session.login', { username: 'samira.alaoui', password: `guess-number-${i}` }, { code: 'BAD_CREDENTIALS', i18nKey: 'errors.auth.badCredentials' });
    }
    await refused('session.login', { username: 'samira.alaoui', password: PASSWORD }, { code: 'BAD_CREDENTIALS', i18nKey: 'errors.auth.tooManyAttempts' });
    desk.t += 61_000;
    await desk.ok('session.login', { username: 'samira.alaoui', password: PASSWORD });
  });

  it('a failure inside the database is INTERNAL, with no message or stack for the renderer', async () => {
    const raw = new BetterSqlite3(desk.dbFile);
    raw.exec('DROP TABLE holidays');
    raw.close();
    const err = await desk.fails('reference.get', {});
    expect(err).toEqual({ code: 'INTERNAL', i18nKey: 'errors.internal' });
  });
});

describe('a database that cannot be opened is reported, never replaced', () => {
  async function startOn(prepare: (dbFile: string) => void | Promise<void>) {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    await prepare(dbFile);
    const before = sha256File(dbFile);
    const listing = fs.readdirSync(dataDir).sort();
    const desk = track(await Desk.open(dataDir));
    const status = await desk.ok('app.status', {});
    const other = await desk.fails('session.login', { username: 'samira.alaoui', password: PASSWORD });
    await desk.service.close();
    expect(sha256File(dbFile)).toBe(before);
    expect(fs.readdirSync(dataDir).sort()).toEqual(listing);
    return { status, other };
  }

  it('a corrupt file: startupError DB_CORRUPT, every other method answers the same, the file is untouched', async () => {
    const { status, other } = await startOn((f) => fs.writeFileSync(f, Buffer.alloc(64 * 1024, 0x5a)));
    expect(status.startupError).toMatchObject({ code: 'DB_CORRUPT', i18nKey: 'errors.db.corrupt' });
    expect(status.setUp).toBe(false);
    expect(other).toEqual({ code: 'DB_CORRUPT', i18nKey: 'errors.db.corrupt', params: { file: expect.any(String) } });
    expect(Object.getPrototypeOf(other)).toBe(Object.prototype);
  });

  it('an SQLite file of another program: DB_FOREIGN', async () => {
    const { status, other } = await startOn((f) => {
      const db = new BetterSqlite3(f);
      db.exec("CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices(total) VALUES (12.5)");
      db.close();
    });
    expect(status.startupError).toMatchObject({ code: 'DB_FOREIGN' });
    expect(other).toMatchObject({ code: 'DB_FOREIGN' });
  });

  it('a database written by a newer Mahkama: DB_TOO_NEW, naming both versions', async () => {
    const { status } = await startOn(async (f) => {
      await (await openDatabase(f)).close();
      const db = new BetterSqlite3(f);
      db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      db.close();
    });
    expect(status.startupError).toMatchObject({
      code: 'DB_TOO_NEW',
      params: { found: LATEST_SCHEMA_VERSION + 1, supported: LATEST_SCHEMA_VERSION },
    });
  });

  it('a data folder that cannot be created: DB_UNAVAILABLE, no crash', async () => {
    const blocker = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where the data folder should be');
    const desk = track(await Desk.open(path.join(blocker, 'mahkama')));
    expect((await desk.ok('app.status', {})).startupError).toMatchObject({ code: 'DB_UNAVAILABLE', i18nKey: 'errors.db.cannotOpen' });
    expect(fs.readFileSync(blocker, 'utf8')).toBe('a file where the data folder should be');
  });

  it('a second app on the same data folder is refused while the first runs; restore is refused too', async () => {
    const { desk } = await setUpDesk();
    track(desk);
    const second = track(await Desk.open(desk.dataDir));
    expect((await second.ok('app.status', {})).startupError).toMatchObject({ code: 'DB_UNAVAILABLE', i18nKey: 'errors.db.inUse' });
    const snapshot = path.join(tempDir(), 'x.db');
    fs.copyFileSync(desk.dbFile, snapshot);
    await expect(restoreSnapshot(snapshot, desk.dbFile)).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' });
  });
});

describe('snapshots taken by the running service', () => {
  it('opening a database of an older release migrates it only after a pre-migration snapshot', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const old = await openDatabase(dbFile, { migrations: MIGRATIONS.slice(0, 1) });
    old.raw.prepare("INSERT INTO settings(key, value) VALUES ('language', 'fr')").run();
    await old.close();
    const desk = track(await Desk.open(dataDir));
    expect((await desk.ok('app.status', {})).startupError).toBeNull();
    const snaps = listSnapshots(path.join(dataDir, 'snapshots'));
    expect(snaps.map((s) => s.reason)).toEqual(['pre-migration-v1']);
    const snap = new BetterSqlite3(snaps[0]!.file, { readonly: true });
    expect(snap.pragma('user_version', { simple: true })).toBe(1);
    snap.close();
    const live = new BetterSqlite3(dbFile, { readonly: true });
    expect(live.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    live.close();
  });


  it('takes a daily snapshot at start when none is younger than a day', async () => {
    const dataDir = tempDir();
    const first = await Desk.open(dataDir, START, { dailySnapshots: true });
    await first.ok('setup.initialize', SETUP);
    await first.service.close();
    const again = await Desk.open(dataDir, START + 25 * 3600_000, { dailySnapshots: true });
    await again.service.close();
    const daily = listSnapshots(path.join(dataDir, 'snapshots')).filter((s) => s.reason === 'daily');
    expect(daily).toHaveLength(2);
    // The second one has the court in it.
    const db = new BetterSqlite3(daily[1]!.file, { readonly: true });
    expect((db.prepare('SELECT code FROM courts').get() as { code: string }).code).toBe('TPI-RABAT');
    db.close();
  });
});

describe('the log', () => {
  it('never holds a password or a password hash, even at debug level and on failures', async () => {
    const { Writable } = await import('node:stream');
    const { createLogger } = await import('../../../src/main/services/logger');
    let text = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString();
        done();
      },
    });
    const dataDir = tempDir();
    const service = await createAppService({ dataDir, config: testConfig(dataDir, { logLevel: 'debug' }), log: createLogger('debug', sink), dailySnapshots: false, now: () => new Date(START) });
    await service.handle('setup.initialize', SETUP);
    await service.handle('session.logout', {});
    await service.handle('session.login', { username: 'samira.alaoui', password: 'the-wrong-one-123' });
    await service.handle('session.login', { username: 'samira.alaoui', password: PASSWORD });
    await service.handle('users.create', { username: 'karim.idrissi', displayName: 'Karim', roles: ['clerk'], password: 'karim-secret-password' });
    await service.close();
    expect(text).toContain('signed in');
    for (const secret of [PASSWORD, 'the-wrong-one-123', 'karim-secret-password', '$argon2id$']) expect(text).not.toContain(secret);
  });
});

describe("the court's today", () => {
  it('comes from the desk clock in Casablanca time: just after midnight there it is already the next day, whatever UTC says', async () => {
    const desk = track(await Desk.open(tempDir(), Date.parse('2026-11-25T23:05:00Z')));
    expect((await desk.ok('app.status', {})).courtToday).toBe('2026-11-26');
    desk.t = Date.parse('2026-11-26T10:00:00Z');
    expect((await desk.ok('app.status', {})).courtToday).toBe('2026-11-26');
  });
});
