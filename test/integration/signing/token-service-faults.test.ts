// The token service in its own process, over the fake token of test/helpers/fake-pkcs11-token.ts
// (workers/fake-token-service.ts: the service's own loop and TokenCore, the fake instead of a
// module): a card pulled between C_Login and C_Sign or during C_Sign ends the PDF signature with
// cardRemoved, nothing at the target and no temporary file, the service still the same process,
// the removal seen by the token polling, and the re-inserted card signs a file that verifies; a
// driver blocked inside C_Login, C_Sign or the slot list is killed at the request's deadline
// (serviceTimedOut) and the next request, and the one queued behind, run in a fresh service.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import type { TokenList } from '../../../src/shared/schemas/signing';
import { signPdf } from '../../../src/main/services/signing/pades-sign';
import { TokenServiceClient, type TokenServiceOptions } from '../../../src/main/services/signing/token-client';
import { openSigner } from '../../../src/main/services/signing/token-signer';
import { TokenWatch } from '../../../src/main/services/signing/token-watch';
import { verifyPdf } from '../../../src/signatures/pdf-verify';
import { entryFork } from '../../helpers/entries';
import { FakeCardReader, type ArmedFault } from '../../helpers/fake-pkcs11-token';
import { makeSoftHsm, type SoftHsm } from '../../helpers/softhsm-tokens';
import { writeTextPdf } from '../../helpers/text-pdf';

const module = { path: '/fake/libcard-pkcs11.so', osLocking: true };
const token = { label: 'juge-alaoui' };
/** Short enough to wait out in a test, long enough for a fresh process on a busy machine. */
const DEADLINE_MS = 4_000;

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('token service faults (fake card in the service process)', () => {
  let hsm: SoftHsm;
  let reader: FakeCardReader;
  let work: string;
  let input: string;
  const clients: TokenServiceClient[] = [];

  function start(deadlinesMs?: TokenServiceOptions['deadlinesMs']): TokenServiceClient {
    const client = new TokenServiceClient({ ...entryFork('fake-token-service'), env: { ...process.env, ...reader.env }, ...(deadlinesMs ? { deadlinesMs } : {}) });
    clients.push(client);
    return client;
  }

  beforeAll(() => {
    // The CA and an RSA key with its certificate; the fake card holds them and the intermediate.
    hsm = makeSoftHsm([{ label: 'unused', pin: '1111', keys: [{ type: 'RSA', commonName: 'Mohamed Alaoui' }] }]);
    const key = hsm.tokens[0]!.keys[0]!;
    reader = new FakeCardReader(path.join(hsm.dir, 'reader'), {
      label: token.label,
      serial: '42',
      pin: '2468',
      privateKey: crypto.createPrivateKey(fs.readFileSync(key.keyFile)),
      certificate: key.certDer,
      issuers: [hsm.ca.intermediateDer],
    });
    work = path.join(hsm.dir, 'work');
    fs.mkdirSync(work);
    input = path.join(hsm.dir, 'judgment.pdf');
    writeTextPdf(input, [['Judgment', 'The court rules.']]);
  });
  afterEach(() => {
    reader.insert();
    expect(reader.armed).toBeNull(); // every fault armed fired
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    hsm?.cleanup();
  });

  it.each<ArmedFault>(['pullAfterLogin', 'pullDuringSign'])('the card pulled mid-signature (%s): cardRemoved, nothing written, and re-inserted it signs', async (fault) => {
    const client = start();
    const signer = await openSigner(client, { module, token, pin: '2468' });
    const pid = client.pid;
    const out = path.join(work, `${fault}.pdf`);

    // The dialog's polling has the card listed.
    const pushed: TokenList[] = [];
    const list = async (): Promise<TokenList> => ({ configured: true, tokens: await client.request({ op: 'listTokens', module }), problem: null });
    const watch = new TokenWatch(list, (l) => pushed.push(l), Date.now, 50);
    watch.noted(await list());
    watch.setWatching(true);
    try {
      reader.arm(fault);
      expect(await refusal(signPdf(input, out, signer))).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.cardRemoved' });
      expect(fs.readdirSync(work).filter((f) => f.startsWith(`${fault}.pdf`) || f.startsWith(`.${fault}.pdf`))).toEqual([]);
      expect(client.pid).toBe(pid); // the service kept running
      expect(reader.cardIn).toBe(false);

      // The polling notices the removal, then the card put back.
      await until(() => pushed.some((l) => l.tokens.length === 0));
      reader.insert();
      await until(() => pushed.at(-1)?.tokens.length === 1);
      expect(pushed.map((l) => l.tokens.map((t) => t.label))).toEqual([[], [token.label]]);
    } finally {
      watch.stop();
    }

    await signPdf(input, out, signer);
    expect(client.pid).toBe(pid);
    const verified = await verifyPdf(out, [Buffer.from(hsm.ca.rootPem)]);
    expect(verified.allValid).toBe(true);
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each<ArmedFault>(['hangInLogin', 'hangInSign'])('a driver blocked in a signature (%s) is killed at the deadline; the queued request and the next signature run in a fresh service', async (fault) => {
    const client = start({ sign: DEADLINE_MS, listTokens: DEADLINE_MS, listCertificates: DEADLINE_MS });
    const signer = await openSigner(client, { module, token, pin: '2468' });
    const hung = client.pid!;
    reader.arm(fault);
    const started = Date.now();
    const signing = refusal(signer.signDigest(crypto.createHash('sha256').update('judgment').digest()));
    const queued = client.request({ op: 'listTokens', module }); // the polling, behind the hung signature
    const e = await signing;
    expect(e).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.serviceTimedOut', params: { seconds: DEADLINE_MS / 1000, op: 'sign' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect((await queued).map((t) => t.label)).toEqual([token.label]);
    expect(client.pid).not.toBe(hung);
    await until(() => {
      try {
        process.kill(hung, 0);
        return false;
      } catch {
        return true; // the blocked process is gone
      }
    });
    const signature = await signer.signDigest(crypto.createHash('sha256').update('judgment').digest());
    expect(crypto.verify('sha256', Buffer.from('judgment'), new crypto.X509Certificate(signer.certificate).publicKey, signature)).toBe(true);
  });

  it('a driver blocked while listing the tokens is killed at the deadline, and the next poll answers', async () => {
    const client = start({ listTokens: DEADLINE_MS });
    await client.request({ op: 'listTokens', module });
    const hung = client.pid;
    reader.arm('hangInListTokens');
    expect(await refusal(client.request({ op: 'listTokens', module }))).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.serviceTimedOut', params: { op: 'listTokens' } });
    expect((await client.request({ op: 'listTokens', module })).map((t) => t.label)).toEqual([token.label]);
    expect(client.pid).not.toBe(hung);
  });
});
