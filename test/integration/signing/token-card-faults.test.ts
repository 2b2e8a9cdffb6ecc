// Faults of the card and its driver, on FakePkcs11Token (test/helpers/fake-pkcs11-token.ts) under
// the token service's own code: a card pulled between C_Login and C_Sign or during C_Sign ends as
// `cardRemoved` whatever the driver answers, and signs again once re-inserted; C_Initialize asks for
// OS locking, takes "already initialized" as success and makes any other refusal a typed error; a
// token that needs no login signs without C_Login.
import crypto from 'node:crypto';
import fs from 'node:fs';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { createTokenCore } from '../../../src/main/services/signing/token-core';
import { FakePkcs11Token, type FakeTokenOptions, type RemovalError } from '../../helpers/fake-pkcs11-token';
import { makeSoftHsm, type SoftHsm } from '../../helpers/softhsm-tokens';

const module = { path: '/fake/pkcs11.so', osLocking: true };
const digest = crypto.createHash('sha256').update('judgment').digest();

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('card faults (FakePkcs11Token)', () => {
  let hsm: SoftHsm;
  let base: Pick<FakeTokenOptions, 'privateKey' | 'certificate'>;

  beforeAll(() => {
    hsm = makeSoftHsm([{ label: 'unused', pin: '1111', keys: [{ type: 'RSA', commonName: 'Card Holder' }] }]);
    const key = hsm.tokens[0]!.keys[0]!;
    base = { privateKey: crypto.createPrivateKey(fs.readFileSync(key.keyFile)), certificate: key.certDer };
  });
  afterAll(() => hsm?.cleanup());

  function setUp(options: Partial<FakeTokenOptions> = {}, mod = module) {
    const fake = new FakePkcs11Token({ label: 'card', serial: '42', pin: '9876', ...base, ...options });
    const core = createTokenCore(() => fake);
    const sign = (pin: string | null) => core.sign({ module: mod, token: { label: 'card' }, keyId: '01', algorithm: 'RSA_PKCS1_SHA256', digest, pin });
    const verifies = (signature: Buffer) => crypto.verify('sha256', Buffer.from('judgment'), new crypto.X509Certificate(base.certificate).publicKey, signature);
    return { fake, core, sign, verifies };
  }

  const removals: RemovalError[] = ['CKR_DEVICE_REMOVED', 'CKR_TOKEN_NOT_PRESENT', 'CKR_SESSION_HANDLE_INVALID', 'CKR_DEVICE_ERROR'];

  it.each(removals)('a card pulled between C_Login and C_Sign (driver answers %s) is cardRemoved; re-inserted, it signs', (error) => {
    const { fake, core, sign, verifies } = setUp();
    let pulled = false;
    fake.on('after', 'C_Login', () => {
      if (pulled) return;
      pulled = true;
      fake.pull(error);
    });
    expect(refusal(() => sign('9876'))).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.cardRemoved' });
    expect(fake.calls.map((c) => c.fn)).not.toContain('C_Sign');
    // Hot-plug polling sees the reader empty; a signature asked now finds no card.
    expect(core.listTokens(module)).toEqual([]);
    expect(refusal(() => sign('9876'))).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.tokenNotFound' });
    fake.insert();
    expect(core.listTokens(module).map((t) => t.label)).toEqual(['card']);
    expect(verifies(sign('9876'))).toBe(true);
    expect(fake.triesLeft).toBe(3); // no PIN try was spent by the removal
  });

  it.each(removals)('a card pulled during C_Sign (driver answers %s) is cardRemoved; re-inserted, it signs', (error) => {
    const { fake, sign, verifies } = setUp();
    let pulled = false;
    fake.on('before', 'C_Sign', () => {
      if (pulled) return;
      pulled = true;
      fake.pull(error);
    });
    const e = refusal(() => sign('9876'));
    expect(e).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.cardRemoved' });
    expect(e.params).toMatchObject({ reason: error });
    fake.insert();
    expect(verifies(sign('9876'))).toBe(true);
  });

  it('a card pulled during C_Login is cardRemoved, not a wrong PIN', () => {
    const { fake, sign } = setUp();
    fake.on('before', 'C_Login', () => fake.pull('CKR_DEVICE_REMOVED'));
    expect(refusal(() => sign('9876'))).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.cardRemoved' });
  });

  it('a device error while the card stays in the reader says the card stopped answering', () => {
    const { fake, sign } = setUp();
    fake.on('before', 'C_Sign', () => {
      throw new Error(`CKR_DEVICE_ERROR:${pkcs11js.CKR_DEVICE_ERROR}`);
    });
    expect(refusal(() => sign('9876'))).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.cardNotAnswering', params: { reason: 'CKR_DEVICE_ERROR' } });
  });

  it('C_Initialize asks for OS locking when configured, and for nothing otherwise', () => {
    const locking = setUp();
    locking.core.listTokens(module);
    expect(locking.fake.calls.find((c) => c.fn === 'C_Initialize')).toEqual({ fn: 'C_Initialize', flags: pkcs11js.CKF_OS_LOCKING_OK });
    const plain = setUp();
    plain.core.listTokens({ ...module, osLocking: false });
    expect(plain.fake.calls.find((c) => c.fn === 'C_Initialize')).toEqual({ fn: 'C_Initialize', flags: undefined });
  });

  it('a module already initialized (pkcs11js#62) is used as it is, and signs', () => {
    const { fake, sign, verifies } = setUp({ initializeError: 'CKR_CRYPTOKI_ALREADY_INITIALIZED' });
    expect(verifies(sign('9876'))).toBe(true);
    expect(fake.calls.filter((c) => c.fn === 'C_Initialize')).toHaveLength(1);
  });

  it('any other C_Initialize refusal is a typed error naming the module and the reason', () => {
    const { fake, sign } = setUp({ initializeError: 'CKR_CANT_LOCK' });
    expect(refusal(() => sign('9876'))).toMatchObject({
      code: 'TOKEN_UNAVAILABLE',
      i18nKey: 'signing.errors.moduleInitFailed',
      params: { module: module.path, reason: 'CKR_CANT_LOCK' },
    });
    expect(fake.calls.map((c) => c.fn)).not.toContain('C_OpenSession');
  });

  it('a token without CKF_LOGIN_REQUIRED signs with no PIN and never sees C_Login', () => {
    const { fake, core, sign, verifies } = setUp({ loginRequired: false });
    expect(core.listTokens(module)[0]).toMatchObject({ loginRequired: false });
    expect(verifies(sign(null))).toBe(true);
    // A PIN given anyway is not sent to it either.
    expect(verifies(sign('9876'))).toBe(true);
    expect(fake.calls.filter((c) => c.fn === 'C_Login')).toEqual([]);
    expect(fake.calls.filter((c) => c.fn === 'C_Logout')).toEqual([]);
  });
});
