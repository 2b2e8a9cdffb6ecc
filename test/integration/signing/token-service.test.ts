// The token service in its own process over SoftHSM2 tokens made by the test: tokens by label and
// serial, certificates with their keys and only those fit to sign offered, signatures of each
// algorithm checked against the certificate's public key, and the faults: wrong PIN, a module that
// is missing or not PKCS#11, an unknown token, and the service killed while it works.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import type { ModuleRef } from '../../../src/shared/signing/token-protocol';
import type { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { listSigningCertificates, openSigner } from '../../../src/main/services/signing/token-signer';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { startTokenService } from './helpers';

const module: ModuleRef = { path: SOFTHSM_MODULE, osLocking: true };

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('token service (child process, SoftHSM2)', () => {
  let hsm: SoftHsm;
  let client: TokenServiceClient;

  beforeAll(() => {
    hsm = makeSoftHsm([
      {
        label: 'judge',
        pin: '2468',
        keys: [
          { type: 'RSA', commonName: 'محمد العلوي Mohamed Alaoui' },
          { type: 'EC', commonName: 'Fatima Bennani' },
          { type: 'RSA', commonName: 'Encryption only', encryptOnly: true },
        ],
      },
      { label: 'clerk', pin: '1357', keys: [{ type: 'EC', commonName: 'كاتب الضبط Greffier' }] },
    ]);
    client = startTokenService(hsm.env);
  });
  afterAll(async () => {
    await client?.close();
    hsm?.cleanup();
  });

  it('lists the tokens by label and serial, and says a login is required', async () => {
    const tokens = await client.request({ op: 'listTokens', module });
    const judge = tokens.find((t) => t.label === 'judge');
    expect(judge).toMatchObject({ serial: hsm.tokens[0]!.serial, loginRequired: true, protectedAuthPath: false, pinState: 'ok' });
    expect(tokens.find((t) => t.label === 'clerk')?.serial).toBe(hsm.tokens[1]!.serial);
  });

  it('offers only the certificates with a key that are fit to sign, with subject, issuer and validity', async () => {
    const list = await listSigningCertificates(client, module, { label: 'judge' });
    expect(list.all).toHaveLength(4); // three signers' certificates and the intermediate CA's
    expect(list.offered.map((c) => c.keyId).sort()).toEqual(['01', '02']);
    const rsa = list.offered.find((c) => c.keyId === '01')!;
    expect(rsa.summary.commonNames).toEqual(['محمد العلوي Mohamed Alaoui']);
    expect(rsa.summary.issuer).toBe('C=MA, O=Mahkama Test, CN=Mahkama Test Signing CA');
    expect(rsa.summary.keyUsage).toEqual({ digitalSignature: true, nonRepudiation: true });
    expect(rsa.summary.notBefore.getTime()).toBeLessThanOrEqual(Date.now());
    expect(rsa.summary.notAfter.getTime()).toBeGreaterThan(Date.now());
    // Thirty days from now the certificates have expired: nothing is offered.
    const later = await listSigningCertificates(client, module, { label: 'judge' }, new Date(Date.now() + 31 * 86_400_000));
    expect(later.offered).toEqual([]);
  });

  it('finds a token by label and serial, and refuses a serial that does not match', async () => {
    const { serial } = hsm.tokens[1]!;
    const list = await listSigningCertificates(client, module, { label: 'clerk', serial });
    expect(list.token.serial).toBe(serial);
    const e = await refusal(listSigningCertificates(client, module, { label: 'clerk', serial: '0000000000000000' }));
    expect(e).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.tokenNotFound' });
  });

  it.each([
    ['RSA PKCS#1 v1.5', '01', false],
    ['RSA-PSS', '01', true],
    ['ECDSA P-256 (r||s made DER)', '02', false],
  ] as const)('signs a digest with %s that verifies against the certificate', async (_name, keyId, rsaPss) => {
    const signer = await openSigner(client, { module, token: { label: 'judge' }, keyId, rsaPss, pin: '2468' });
    expect(signer.chain.map((c) => new crypto.X509Certificate(c).subject)).toEqual([new crypto.X509Certificate(hsm.ca.intermediateDer).subject]);
    const data = Buffer.from('what the judge signs');
    const digest = crypto.createHash('sha256').update(data).digest();
    const signature = await signer.signDigest(digest);
    const key = new crypto.X509Certificate(signer.certificate).publicKey;
    const options = rsaPss ? { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : { key };
    expect(crypto.verify('sha256', data, options, signature)).toBe(true);
    expect(crypto.verify('sha256', Buffer.from('something else'), options, signature)).toBe(false);
  });

  it('refuses a wrong PIN without retrying, and the right PIN works next', async () => {
    const signer = await openSigner(client, { module, token: { label: 'clerk' }, pin: '0000' });
    const e = await refusal(signer.signDigest(crypto.randomBytes(32)));
    // SoftHSM2 raises CKF_USER_PIN_COUNT_LOW after a failed login: the flags were read again.
    expect(e).toMatchObject({ code: 'PIN_INCORRECT', i18nKey: 'signing.errors.pinIncorrectCountLow', params: { pinState: 'countLow' } });
    const good = await openSigner(client, { module, token: { label: 'clerk' }, pin: '1357' });
    expect((await good.signDigest(crypto.randomBytes(32))).length).toBeGreaterThan(60);
    expect((await client.request({ op: 'listTokens', module })).find((t) => t.label === 'clerk')?.pinState).toBe('ok');
  });

  it('asks for a PIN when the token needs one and none was given', async () => {
    const signer = await openSigner(client, { module, token: { label: 'clerk' }, pin: null });
    expect(await refusal(signer.signDigest(crypto.randomBytes(32)))).toMatchObject({ code: 'PIN_REQUIRED' });
  });

  it('names an unknown token, a key that is not there, a missing module and a library that is not PKCS#11', async () => {
    expect(await refusal(client.request({ op: 'listCertificates', module, token: { label: 'nobody' } }))).toMatchObject({
      code: 'TOKEN_UNAVAILABLE',
      i18nKey: 'signing.errors.tokenNotFound',
      params: { label: 'nobody' },
    });
    expect(await refusal(openSigner(client, { module, token: { label: 'judge' }, keyId: '03', pin: '2468' }))).toMatchObject({
      i18nKey: 'signing.errors.keyNotFound',
    });
    for (const path of ['/no/such/pkcs11.so', '/usr/lib/x86_64-linux-gnu/libz.so.1']) {
      expect(await refusal(client.request({ op: 'listTokens', module: { path, osLocking: true } }))).toMatchObject({
        code: 'TOKEN_UNAVAILABLE',
        i18nKey: 'signing.errors.moduleInvalid',
        params: { module: path },
      });
    }
    // The service is still there and still signs.
    const signer = await openSigner(client, { module, token: { label: 'judge' }, keyId: '02', pin: '2468' });
    expect((await signer.signDigest(crypto.randomBytes(32))).length).toBeGreaterThan(60);
  });

  it('survives the service being killed during a request: typed error, then a fresh service signs', async () => {
    const signer = await openSigner(client, { module, token: { label: 'judge' }, keyId: '01', pin: '2468' });
    const pid = client.pid!;
    const pending = signer.signDigest(crypto.randomBytes(32));
    process.kill(pid, 'SIGKILL');
    expect(await refusal(pending)).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.serviceStopped' });
    const signature = await signer.signDigest(crypto.randomBytes(32));
    expect(signature.length).toBe(256);
    expect(client.pid).not.toBe(pid);
  });
});
