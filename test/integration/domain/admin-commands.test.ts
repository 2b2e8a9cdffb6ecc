// Setting up a desk: first run (court, chambers, first user, with nobody signed in and only once),
// adding people (the password hash never reaches the audit), and granting number blocks.
import { afterEach, describe, expect, it } from 'vitest';
import { COURT_ID_SETTING, runCommand } from '../../../src/domain';
import type { AuditChange } from '../../../src/shared/schemas/views';
import { TEST_PASSWORD_HASH, expectRefusedWithoutWrites, makeEnv, openTestCourt, registerSampleCase, verifyChain, type TestCourt } from '../../helpers/db';
import { openTestStore } from '../../helpers/store';

let court: TestCourt | undefined;
afterEach(async () => {
  await court?.close();
  court = undefined;
});

const setup = {
  court: { code: 'TPI-CASA', nameAr: 'المحكمة الابتدائية المدنية بالدار البيضاء', nameFr: 'Tribunal de première instance civil de Casablanca' },
  chambers: [
    { code: 'CIV-1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' },
    { code: 'COM', nameAr: 'الغرفة التجارية', nameFr: 'Chambre commerciale' },
  ],
  user: { username: 'rachid.admin', displayName: 'رشيد', passwordHash: TEST_PASSWORD_HASH },
};

describe('initializeWorkstation', () => {
  it('on an empty workstation creates the court, its chambers, the first user (admin + chief clerk) and the court setting', async () => {
    const opened = await openTestStore();
    try {
      const env = makeEnv({ auditHighWater: opened.auditHighWater });
      const r = await runCommand(opened.db, env, null, 'initializeWorkstation', setup);
      const courtRow = await opened.get('SELECT code, version FROM courts WHERE id = ?', [r.courtId]);
      expect(courtRow).toEqual({ code: 'TPI-CASA', version: 1 });
      expect(await opened.query('SELECT code FROM chambers WHERE court_id = ? ORDER BY code', [r.courtId])).toEqual([{ code: 'CIV-1' }, { code: 'COM' }]);
      const user = await opened.get('SELECT username, roles, court_id, active FROM users WHERE id = ?', [r.userId]);
      expect(user).toEqual({ username: 'rachid.admin', roles: '["chief_clerk","admin"]', court_id: r.courtId, active: 1 });
      expect(await opened.get('SELECT value FROM settings WHERE key = ?', [COURT_ID_SETTING])).toEqual({ value: r.courtId });
      // Nobody was signed in: the audit says so; the outbox carries the user it created.
      expect(await opened.query('SELECT user_id, command FROM audit')).toEqual([{ user_id: null, command: 'initializeWorkstation' }]);
      expect(await opened.query('SELECT user_id, name FROM outbox')).toEqual([{ user_id: r.userId, name: 'initializeWorkstation' }]);
      expect(await verifyChain({ db: opened.db, store: opened })).toEqual({ ok: true, checked: 1 });
    } finally {
      await opened.close();
    }
  });

  it('runs only once: a second set-up, signed in or not, is refused and writes nothing', async () => {
    court = await openTestCourt();
    const c = court;
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, null, 'initializeWorkstation', setup), { code: 'ALREADY_SET_UP' });
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.admin, 'initializeWorkstation', setup), { code: 'ALREADY_SET_UP' });
  });

  it('two chambers with the same code are refused', async () => {
    const opened = await openTestStore();
    try {
      await expectRefusedWithoutWrites(
        { store: opened },
        () => runCommand(opened.db, makeEnv({ auditHighWater: opened.auditHighWater }), null, 'initializeWorkstation', { ...setup, chambers: [setup.chambers[0], setup.chambers[0]] }),
        { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.chamberCodeTaken' },
      );
    } finally {
      await opened.close();
    }
  });
});

describe('createUser', () => {
  it('an admin adds a clerk: the hash is stored, the audit shows "[redacted]", nothing that leaves the desk carries it', async () => {
    court = await openTestCourt();
    const { userId } = await runCommand(court.db, court.env, court.pureAdmin, 'createUser', {
      username: 'nadia.greffe',
      displayName: 'نادية بنعلي',
      roles: ['judge', 'clerk'],
      passwordHash: TEST_PASSWORD_HASH,
    });
    const row = await court.store.get('SELECT password_hash, roles, court_id FROM users WHERE id = ?', [userId]);
    expect(row).toEqual({ password_hash: TEST_PASSWORD_HASH, roles: '["clerk","judge"]', court_id: court.courtId });
    const audit = (await court.store.get('SELECT changes FROM audit ORDER BY seq DESC LIMIT 1')) as { changes: string };
    expect(audit.changes).not.toContain(TEST_PASSWORD_HASH);
    expect((JSON.parse(audit.changes) as AuditChange[])[0]!.after).toMatchObject({ password_hash: '[redacted]', username: 'nadia.greffe' });
    // No audit row of the whole setup ever holds a hash, and no outbox row (what sync sends) either.
    expect(((await court.store.get("SELECT count(*) AS n FROM audit WHERE changes LIKE '%argon2id%'")) as { n: number }).n).toBe(0);
    expect(((await court.store.get("SELECT count(*) AS n FROM outbox WHERE args LIKE '%argon2%'")) as { n: number }).n).toBe(0);
    const outbox = (await court.store.get("SELECT args FROM outbox WHERE name = 'createUser' ORDER BY mutation_id DESC LIMIT 1")) as { args: string };
    expect(JSON.parse(outbox.args)).toEqual({ username: 'nadia.greffe', displayName: 'نادية بنعلي', roles: ['judge', 'clerk'] });
  });

  it('a role given twice is refused: roles are a set', async () => {
    court = await openTestCourt();
    const c = court;
    await expectRefusedWithoutWrites(
      c,
      () => runCommand(c.db, c.env, c.pureAdmin, 'createUser', { username: 'nadia.greffe', displayName: 'نادية', roles: ['clerk', 'clerk'], passwordHash: TEST_PASSWORD_HASH }),
      { code: 'VALIDATION_FAILED' },
    );
  });
});

describe('grantNumberBlock', () => {
  it('an admin records a block; the next registration of that type and year uses it', async () => {
    court = await openTestCourt();
    const { blockId } = await runCommand(court.db, court.env, court.pureAdmin, 'grantNumberBlock', { typeCode: '1301', year: 2026, firstSerial: 2001, lastSerial: 3000 });
    expect(await court.store.get('SELECT first_serial, last_serial, next_serial, source FROM number_blocks WHERE id = ?', [blockId])).toEqual({
      first_serial: 2001,
      last_serial: 3000,
      next_serial: 2001,
      source: 'bootstrap',
    });
    const c = court;
    await expectRefusedWithoutWrites(c, () => runCommand(c.db, c.env, c.pureAdmin, 'grantNumberBlock', { typeCode: '1301', year: 2026, firstSerial: 3000, lastSerial: 3100 }), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.numberBlockOverlap',
    });
    // Same serials for another year or type do not overlap.
    await runCommand(c.db, c.env, c.pureAdmin, 'grantNumberBlock', { typeCode: '1301', year: 2027, firstSerial: 2001, lastSerial: 3000 });
    await runCommand(c.db, c.env, c.pureAdmin, 'grantNumberBlock', { typeCode: '1101', year: 2026, firstSerial: 2001, lastSerial: 3000 });
  });

  it('serials come from the lowest open block, even one granted after another block was in use, and move on when a block is used up', async () => {
    court = await openTestCourt({ numbering: 'server' });
    const c = court;
    const grant = (firstSerial: number, lastSerial: number) => runCommand(c.db, c.env, c.pureAdmin, 'grantNumberBlock', { typeCode: '1101', year: 2026, firstSerial, lastSerial });
    await grant(500, 501);
    const numbers: string[] = [];
    numbers.push((await registerSampleCase(c)).number);
    // A lower block granted while 500–501 is in use is taken first.
    await grant(100, 100);
    for (let i = 0; i < 3; i++) numbers.push((await registerSampleCase(c)).number);
    // Every block used up: an enrolled desk gives a provisional number.
    numbers.push((await registerSampleCase(c)).number);
    expect(numbers).toEqual(['2026/1101/500', '2026/1101/100', '2026/1101/501', '2026/1101/P-TEST01-1', '2026/1101/P-TEST01-2']);
  });
});
