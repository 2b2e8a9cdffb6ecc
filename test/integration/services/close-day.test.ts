// Closing a court day from the desk (registers.closeDay, the hearings-of-day screen's button)
// through the real app service: a real SQLite file, SoftHSM2 tokens in the token service's child
// process. Only the chief clerk closes a day; a wrong PIN, a day to come, a closed day and bad
// input are refused with a typed error and nothing recorded; the signed register is what
// `audit-verify` checks the chain against, and a register edited in the file afterwards is shown
// as no longer verifying (and named by that check).
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChainAgainstRegisters } from '../../../src/domain';
import { createAppService, type AppService } from '../../../src/main/services/app-service';
import type { IpcInput, IpcMethod } from '../../../src/shared/ipc/contract';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { makeSoftHsm, makeTestCa, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { startTokenService } from '../signing/helpers';
import { failsOn, okOn, rowCount, tempDir, testConfig } from './helpers';

const PASSWORD = 'Rabat-greffe-2026!';
let hsm: SoftHsm;
let service: AppService;
let dataDir: string;
/** The admin's trust anchors folder: read each time a register is shown, so the test fills it as it goes. */
let anchors: string;
let card: { token: { label: string; serial: string }; keyId: string };
let today: string;

const ok = <M extends IpcMethod>(method: M, input: IpcInput<M>) => okOn(service, method, input);
const fails = (method: IpcMethod, input: unknown) => failsOn(service, method, input);
const registers = () => rowCount(path.join(dataDir, 'mahkama.db'), 'daily_registers');

beforeAll(async () => {
  hsm = makeSoftHsm([{ label: 'greffe-chef', pin: '1357', keys: [{ type: 'EC', commonName: 'Hassan Chafik' }] }]);
  dataDir = tempDir('mahkama-close-day-');
  anchors = tempDir('mahkama-close-day-anchors-');
  service = await createAppService({
    dataDir,
    config: testConfig(dataDir, { pkcs11Module: SOFTHSM_MODULE, trustAnchorsDir: anchors }),
    now: () => new Date(),
    dailySnapshots: false,
    tokenService: startTokenService(hsm.env),
  });
  await ok('setup.initialize', {
    language: 'fr',
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    user: { username: 'hassan.chef', displayName: 'حسن شفيق', password: PASSWORD },
  });
  await ok('users.create', { username: 'karim.greffe', displayName: 'كريم بناني', roles: ['clerk'], password: PASSWORD });
  today = (await ok('app.status', {})).courtToday;
  const tokens = await ok('signing.tokens', {});
  const token = tokens.tokens.find((t) => t.label === 'greffe-chef')!;
  const certs = await ok('signing.certificates', { token: { label: token.label, serial: token.serial } });
  card = { token: { label: token.label, serial: token.serial }, keyId: certs.certificates[0]!.keyId };
}, 120_000);

afterAll(async () => {
  await service?.close();
  hsm?.cleanup();
});

describe('closing the court day from the desk', () => {
  it('a day not closed says so; malformed input is refused before anything is read', async () => {
    expect(await ok('registers.ofDay', { courtDate: today })).toMatchObject({ courtDate: today, closed: false, headSeq: null, signerSubject: null });
    expect((await fails('registers.ofDay', { courtDate: '2026-02-30' })).code).toBe('VALIDATION_FAILED');
    expect((await fails('registers.closeDay', { ...card, pin: '1357', courtDate: 'today' })).code).toBe('VALIDATION_FAILED');
    expect((await fails('registers.closeDay', { ...card, pin: '1357', extra: 1 })).code).toBe('VALIDATION_FAILED');
    expect((await fails('registers.closeDay', { ...card, keyId: '../x', pin: '1357' })).code).toBe('VALIDATION_FAILED');
    expect(registers()).toBe(0);
  });

  it('a clerk may not close the day: refused before the card is asked, nothing recorded', async () => {
    await ok('session.logout', {});
    await ok('session.login', { username: 'karim.greffe', password: PASSWORD });
    const err = await fails('registers.closeDay', { ...card, pin: '1357' });
    expect(err.code).toBe('FORBIDDEN');
    expect(registers()).toBe(0);
    // The card's PIN tries were not touched.
    expect((await ok('signing.tokens', {})).tokens.find((t) => t.label === 'greffe-chef')!.pinState).toBe('ok');
    await ok('session.logout', {});
    await ok('session.login', { username: 'hassan.chef', password: PASSWORD });
  });

  it('a day to come and a wrong PIN are refused with nothing recorded', async () => {
    const future = await fails('registers.closeDay', { ...card, pin: '1357', courtDate: '2999-01-01' });
    expect(future).toMatchObject({ code: 'RULE_VIOLATION', i18nKey: 'errors.rule.dailyRegisterInFuture' });
    const wrongPin = await fails('registers.closeDay', { ...card, pin: '0000' });
    expect(wrongPin.code).toBe('PIN_INCORRECT');
    expect(registers()).toBe(0);
  });

  it('the chief clerk closes today: signed by the card, shown closed, the chain checked against it; a second close is refused', async () => {
    const closed = await ok('registers.closeDay', { ...card, pin: '1357' });
    expect(closed).toMatchObject({ courtDate: today, closed: true });
    expect(closed.headSeq).toBeGreaterThan(0);
    expect(closed.entryCount).toBeGreaterThan(0);
    expect(closed.signerSubject).toContain('Hassan Chafik');
    // No anchor configured yet: valid, and said to be unchecked (not green).
    expect(closed).toMatchObject({ signerNames: ['Hassan Chafik'], signatureValid: true, signerTrust: 'noTrustAnchors' });
    expect(await ok('registers.ofDay', { courtDate: today })).toEqual(closed);
    expect(registers()).toBe(1);
    // Another authority only: the signature still verifies, but its signer is not one the court trusts.
    const other = makeTestCa(tempDir('mahkama-close-day-other-ca-'), 'Autre AC');
    fs.copyFileSync(other.rootFile, path.join(anchors, 'other-root.pem'));
    expect(await ok('registers.ofDay', { courtDate: today })).toMatchObject({ signatureValid: true, signerTrust: 'untrusted' });
    // The court's own root: trusted.
    fs.copyFileSync(hsm.ca.rootFile, path.join(anchors, 'court-root.pem'));
    expect(await ok('registers.ofDay', { courtDate: today })).toMatchObject({ signatureValid: true, signerTrust: 'trusted' });

    const again = await fails('registers.closeDay', { ...card, pin: '1357' });
    expect(again).toMatchObject({ code: 'RULE_VIOLATION', i18nKey: 'errors.rule.dailyRegisterExists' });
    expect(registers()).toBe(1);

    // Someone with the file edits the kept register: the panel says its signature no longer holds.
    const file = new BetterSqlite3(path.join(dataDir, 'mahkama.db'));
    try {
      file.prepare("UPDATE daily_registers SET register_json = replace(register_json, '\"entries\"', '\"entries\" ') WHERE court_date = ?").run(today);
    } finally {
      file.close();
    }
    expect(await ok('registers.ofDay', { courtDate: today })).toMatchObject({ closed: true, signatureValid: false, signerNames: [], signerTrust: null });

    const opened = await openDatabase(path.join(dataDir, 'mahkama.db'), { readonly: true });
    try {
      const device = await opened.db.selectFrom('settings').select('value').where('key', '=', 'device_id').executeTakeFirstOrThrow();
      const checks = await checkChainAgainstRegisters(opened.db, device.value);
      // audit-verify's check names the altered register.
      expect(checks).toEqual([expect.objectContaining({ courtDate: today, headSeq: closed.headSeq, broken: expect.objectContaining({ kind: 'signatureInvalid' }) })]);
    } finally {
      await opened.close();
    }
  });
});
