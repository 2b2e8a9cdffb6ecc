// What SoftHSM2 cannot show, on FakePkcs11Token (test/helpers/fake-pkcs11-token.ts) under the
// token service's own code: a card's PIN counter (count low, final try, locked, each read from the
// token's flags after the failure, never retried), a pinpad reader (login without a typed PIN),
// and an always-authenticate key (a context-specific login before the signature).
import crypto from 'node:crypto';
import fs from 'node:fs';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { createTokenCore } from '../../../src/main/services/signing/token-core';
import { FakePkcs11Token, type FakeTokenOptions } from '../../helpers/fake-pkcs11-token';
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

describe('PIN flags, pinpad and always-authenticate (FakePkcs11Token)', () => {
  let hsm: SoftHsm;
  let base: Pick<FakeTokenOptions, 'privateKey' | 'certificate'>;

  beforeAll(() => {
    // Only the CA and an RSA key with its certificate are used from it.
    hsm = makeSoftHsm([{ label: 'unused', pin: '1111', keys: [{ type: 'RSA', commonName: 'Card Holder' }] }]);
    const key = hsm.tokens[0]!.keys[0]!;
    base = { privateKey: crypto.createPrivateKey(fs.readFileSync(key.keyFile)), certificate: key.certDer };
  });
  afterAll(() => hsm?.cleanup());

  function setUp(options: Partial<FakeTokenOptions> = {}) {
    const fake = new FakePkcs11Token({ label: 'card', serial: '42', pin: '9876', ...base, ...options });
    const core = createTokenCore(() => fake);
    const sign = (pin: string | null) => core.sign({ module, token: { label: 'card' }, keyId: '01', algorithm: 'RSA_PKCS1_SHA256', digest, pin });
    return { fake, core, sign };
  }

  it('says count low, then final try, then locked, trying each PIN once only', () => {
    const { fake, sign } = setUp({ maxTries: 3 });
    expect(refusal(() => sign('0000'))).toMatchObject({ code: 'PIN_INCORRECT', i18nKey: 'signing.errors.pinIncorrectCountLow', params: { pinState: 'countLow' } });
    expect(refusal(() => sign('0000'))).toMatchObject({ code: 'PIN_INCORRECT', i18nKey: 'signing.errors.pinIncorrectFinalTry', params: { pinState: 'finalTry' } });
    expect(refusal(() => sign('0000'))).toMatchObject({ code: 'PIN_LOCKED', i18nKey: 'signing.errors.pinLocked' });
    expect(fake.calls.filter((c) => c.fn === 'C_Login')).toHaveLength(3);
    // Locked: even the right PIN is not sent to the card.
    expect(refusal(() => sign('9876'))).toMatchObject({ code: 'PIN_LOCKED' });
    expect(fake.calls.filter((c) => c.fn === 'C_Login')).toHaveLength(3);
  });

  it('a right PIN after a wrong one signs, logs out and closes the session', () => {
    const { fake, sign } = setUp();
    refusal(() => sign('1111'));
    const signature = sign('9876');
    expect(crypto.verify('sha256', Buffer.from('judgment'), new crypto.X509Certificate(base.certificate).publicKey, signature)).toBe(true);
    const tail = fake.calls.slice(-3).map((c) => c.fn);
    expect(tail).toEqual(['C_Sign', 'C_Logout', 'C_CloseSession']);
  });

  it('reports the PIN state in the token list before anyone types', () => {
    const { core, sign } = setUp({ maxTries: 3 });
    refusal(() => sign('0000'));
    refusal(() => sign('0000'));
    expect(core.listTokens(module)[0]).toMatchObject({ label: 'card', serial: '42', loginRequired: true, pinState: 'finalTry' });
  });

  it('logs in on a pinpad reader without a PIN from the app', () => {
    const { fake, core, sign } = setUp({ pinpad: true });
    expect(core.listTokens(module)[0]!.protectedAuthPath).toBe(true);
    expect(sign(null).length).toBe(256);
    expect(fake.calls.find((c) => c.fn === 'C_Login')).toMatchObject({ userType: pkcs11js.CKU_USER, pin: undefined });
  });

  it('gives an always-authenticate key its context-specific login after C_SignInit', () => {
    const { fake, sign } = setUp({ alwaysAuthenticate: true });
    expect(sign('9876').length).toBe(256);
    const order = fake.calls.filter((c) => c.fn === 'C_Login' || c.fn === 'C_SignInit' || c.fn === 'C_Sign').map((c) => (c.fn === 'C_Login' ? `login:${c.userType}` : c.fn));
    expect(order).toEqual([`login:${pkcs11js.CKU_USER}`, 'C_SignInit', `login:${pkcs11js.CKU_CONTEXT_SPECIFIC}`, 'C_Sign']);
  });
});
