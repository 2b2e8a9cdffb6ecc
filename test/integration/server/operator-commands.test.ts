// The server operator's commands (createCourt, createChamber, createCourtUser): domain commands through the one
// write path with the court journal, run with no user. Audited in the court's chain under the CLI's
// device id, no password hash anywhere but the users row, refused on a desk, and every refusal
// leaves the store as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import { storedEntryHash, GENESIS_HASH } from '../../../src/domain/audit-chain';
import { operatorEnv, operatorId } from '../../../src/server/cli';
import { openServerStore, type ServerStore } from '../../../src/server/store';
import { newId } from '../../../src/shared/ids';
import { expectRefusedWithoutWrites, openTestCourt, TEST_PASSWORD_HASH } from '../../helpers/db';
import { serverStoreConfig } from '../../helpers/server-database';
import { probeOfStore } from '../../helpers/store';
import { tempDir } from './helpers';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function serverStore(): Promise<ServerStore> {
  const dataDir = tempDir();
  const store = await openServerStore(await serverStoreConfig(dataDir));
  open.push(store);
  return store;
}

/** "Nothing written", judged on the server's store through its own handle, on either engine. */
function onStore(store: ServerStore) {
  return { store: probeOfStore(store.db, store.engine) };
}

const courtArgs = (code: string, username: string) => ({
  court: { code, nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
  chambers: [
    { code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' },
    { code: 'FAM', nameAr: 'غرفة الأسرة', nameFr: 'Chambre de la famille' },
  ],
  admin: { username, displayName: 'Admin', passwordHash: TEST_PASSWORD_HASH },
});

describe('createCourt and createCourtUser (the server operator)', () => {
  it("create a court with its chambers and admin, then a user, each audited in the court's own chain under the CLI", async () => {
    const store = await serverStore();
    const courtId = newId();
    const court = await runCommand(store.db, operatorEnv(courtId), null, 'createCourt', courtArgs('TPI-RABAT', 'admin.rabat'));
    expect(court.courtId).toBe(courtId);
    const user = await runCommand(store.db, operatorEnv(courtId), null, 'createCourtUser', {
      username: 'clerk.one',
      displayName: 'Clerk One',
      roles: ['judge', 'clerk'],
      passwordHash: TEST_PASSWORD_HASH,
    });
    const users = await store.db.selectFrom('users').select(['id', 'username', 'roles', 'court_id']).orderBy('username').execute();
    expect(users).toEqual([
      { id: court.userId, username: 'admin.rabat', roles: '["admin"]', court_id: courtId },
      { id: user.userId, username: 'clerk.one', roles: '["clerk","judge"]', court_id: courtId },
    ]);
    expect(await store.db.selectFrom('chambers').select('code').where('court_id', '=', courtId).orderBy('code').execute()).toEqual([{ code: 'CIV' }, { code: 'FAM' }]);

    const audit = await store.db.selectFrom('court_audit').selectAll().where('court_id', '=', courtId).orderBy('seq').execute();
    expect(audit.map((a) => [a.seq, a.command, a.device_id, a.user_id])).toEqual([
      [1, 'createCourt', operatorId(), null],
      [2, 'createCourtUser', operatorId(), null],
    ]);
    // The chain links, and no hash of a password is in it.
    let prev = GENESIS_HASH;
    for (const a of audit) {
      expect(a.prev_hash).toBe(prev);
      const { court_id: _c, prev_hash: _p, hash, ...body } = a;
      expect(storedEntryHash(prev, body)).toBe(hash);
      prev = hash;
      expect(a.changes).not.toContain('$argon2id$');
    }
    const logged = await store.db.selectFrom('change_log').select('row').where('court_id', '=', courtId).execute();
    for (const l of logged) expect(l.row).not.toContain('$argon2id$');
    expect(operatorId()).toMatch(/^cli:[A-Za-z0-9._-]+$/);
  });

  it('refuse a court code or user name taken (user names are unique across courts) with nothing written', async () => {
    const store = await serverStore();
    const a = newId();
    await runCommand(store.db, operatorEnv(a), null, 'createCourt', courtArgs('TPI-A', 'admin.a'));
    await expectRefusedWithoutWrites(onStore(store), () => runCommand(store.db, operatorEnv(newId()), null, 'createCourt', courtArgs('TPI-A', 'admin.other')), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.courtCodeTaken',
    });
    await expectRefusedWithoutWrites(onStore(store), () => runCommand(store.db, operatorEnv(newId()), null, 'createCourt', courtArgs('TPI-B', 'admin.a')), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.usernameTaken',
    });
    await expectRefusedWithoutWrites(onStore(store), () => runCommand(store.db, operatorEnv(a), null, 'createCourt', courtArgs('TPI-C', 'admin.c')), {
      code: 'ALREADY_SET_UP',
      i18nKey: 'errors.setup.courtExists',
    });
    await expectRefusedWithoutWrites(
      onStore(store),
      () => runCommand(store.db, operatorEnv(newId()), null, 'createCourtUser', { username: 'x.y.z', displayName: 'X', roles: ['clerk'], passwordHash: TEST_PASSWORD_HASH }),
      { code: 'NOT_FOUND' },
    );
  });

  it("createChamber adds a chamber to a court, audited in its chain and in its change log for the desks; a code the court has is refused with nothing written", async () => {
    const store = await serverStore();
    const a = newId();
    const b = newId();
    await runCommand(store.db, operatorEnv(a), null, 'createCourt', courtArgs('TPI-A', 'admin.a'));
    await runCommand(store.db, operatorEnv(b), null, 'createCourt', courtArgs('TPI-B', 'admin.b'));
    const chamber = { code: 'COM', nameAr: 'الغرفة التجارية', nameFr: 'Chambre commerciale' };
    const { chamberId } = await runCommand(store.db, operatorEnv(a), null, 'createChamber', chamber);
    expect(await store.db.selectFrom('chambers').select(['id', 'court_id', 'code', 'name_ar', 'name_fr', 'version']).where('id', '=', chamberId).executeTakeFirstOrThrow()).toEqual({
      id: chamberId,
      court_id: a,
      code: 'COM',
      name_ar: 'الغرفة التجارية',
      name_fr: 'Chambre commerciale',
      version: 1,
    });
    const audit = await store.db.selectFrom('court_audit').select(['seq', 'command', 'device_id']).where('court_id', '=', a).orderBy('seq').execute();
    expect(audit.at(-1)).toEqual({ seq: 2, command: 'createChamber', device_id: operatorId() });
    // The desks of court A pull it; court B's change log knows nothing of it.
    const logged = await store.db.selectFrom('change_log').select(['court_id', 'entity_id']).where('entity_id', '=', chamberId).execute();
    expect(logged).toEqual([{ court_id: a, entity_id: chamberId }]);
    // Another court may use the same code.
    await runCommand(store.db, operatorEnv(b), null, 'createChamber', chamber);

    await expectRefusedWithoutWrites(onStore(store), () => runCommand(store.db, operatorEnv(a), null, 'createChamber', { ...chamber, nameFr: 'Autre' }), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.chamberCodeExists',
    });
    await expectRefusedWithoutWrites(onStore(store), () => runCommand(store.db, operatorEnv(a), null, 'createChamber', { ...chamber, code: 'CIV' }), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.chamberCodeExists',
    });
    await expectRefusedWithoutWrites(onStore(store), () => runCommand(store.db, operatorEnv(newId()), null, 'createChamber', { ...chamber, code: 'NEW' }), { code: 'NOT_FOUND' });
    await expectRefusedWithoutWrites(onStore(store), () => runCommand(store.db, operatorEnv(a), null, 'createChamber', { ...chamber, code: 'lower case' }), { code: 'VALIDATION_FAILED' });
  });

  it('no signed-in user may run them (no role holds them), and a desk refuses them', async () => {
    const desk = await openTestCourt();
    open.push(desk);
    await expectRefusedWithoutWrites(desk, () => runCommand(desk.db, desk.env, desk.admin, 'createCourtUser', { username: 'x.y.z', displayName: 'X', roles: ['clerk'], passwordHash: TEST_PASSWORD_HASH }), {
      code: 'FORBIDDEN',
    });
    await expectRefusedWithoutWrites(desk, () => runCommand(desk.db, desk.env, null, 'createCourtUser', { username: 'x.y.z', displayName: 'X', roles: ['clerk'], passwordHash: TEST_PASSWORD_HASH }), {
      code: 'FORBIDDEN',
      i18nKey: 'errors.setup.notOnDesk',
    });
    await expectRefusedWithoutWrites(desk, () => runCommand(desk.db, { ...desk.env, courtId: newId() }, null, 'createCourt', courtArgs('TPI-Z', 'admin.z')), {
      code: 'FORBIDDEN',
      i18nKey: 'errors.setup.notOnDesk',
    });
    await expectRefusedWithoutWrites(desk, () => runCommand(desk.db, desk.env, null, 'createChamber', { code: 'COM', nameAr: 'الغرفة التجارية', nameFr: 'Chambre commerciale' }), {
      code: 'FORBIDDEN',
      i18nKey: 'errors.setup.notOnDesk',
    });
    await expectRefusedWithoutWrites(desk, () => runCommand(desk.db, desk.env, desk.admin, 'createChamber', { code: 'COM', nameAr: 'الغرفة التجارية', nameFr: 'Chambre commerciale' }), {
      code: 'FORBIDDEN',
    });
  });
});
