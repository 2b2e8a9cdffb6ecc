// CAdES detached signatures made with SoftHSM2 keys (RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256), each
// verified by `openssl cms -verify` against the test root, with the attributes PAdES needs
// (content-type, message-digest, signing-certificate-v2, no signing-time); altered content fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCadesDetached } from '../../../src/signatures/cades';
import { sha256OfFile } from '../../../src/signatures/file-digest';
import type { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { openSigner } from '../../../src/main/services/signing/token-signer';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { startTokenService } from './helpers';

const module = { path: SOFTHSM_MODULE, osLocking: true };

function opensslVerify(sig: string, content: string, rootFile: string): { ok: boolean; stderr: string } {
  const r = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', content, '-CAfile', rootFile, '-purpose', 'any', '-out', '/dev/null'], {
    encoding: 'utf8',
  });
  return { ok: r.status === 0 && /Verification successful/.test(r.stderr), stderr: r.stderr };
}

describe('CAdES detached (SoftHSM2, checked by openssl cms)', () => {
  let hsm: SoftHsm;
  let client: TokenServiceClient;
  let doc: string;

  beforeAll(() => {
    hsm = makeSoftHsm([{ label: 'judge', pin: '2468', keys: [{ type: 'RSA', commonName: 'محمد العلوي Mohamed Alaoui' }, { type: 'EC', commonName: 'Fatima Bennani' }] }]);
    client = startTokenService(hsm.env);
    doc = path.join(hsm.dir, 'expertise.bin');
    fs.writeFileSync(doc, Buffer.concat([Buffer.from('rapport d\'expertise — تقرير الخبرة\n'), Buffer.alloc(3 * 1024 * 1024, 7)]));
  });
  afterAll(async () => {
    await client?.close();
    hsm?.cleanup();
  });

  it.each([
    ['RSA PKCS#1 v1.5', '01', false],
    ['RSA-PSS', '01', true],
    ['ECDSA P-256', '02', false],
  ] as const)('%s: openssl verifies it to the root; altered content does not verify', async (name, keyId, rsaPss) => {
    const signer = await openSigner(client, { module, token: { label: 'judge' }, keyId, rsaPss, pin: '2468' });
    const cms = await signCadesDetached(await sha256OfFile(doc), signer);
    const sig = path.join(hsm.dir, `${keyId}-${rsaPss}.p7s`);
    fs.writeFileSync(sig, cms);

    const verdict = opensslVerify(sig, doc, hsm.ca.rootFile);
    expect(verdict.stderr).toContain('Verification successful');
    expect(verdict.ok).toBe(true);

    const printed = spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', sig], { encoding: 'utf8' }).stdout;
    expect(printed).toContain('contentType');
    expect(printed).toContain('messageDigest');
    expect(printed).toMatch(/signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
    expect(printed).not.toContain('signingTime');
    expect(printed).toContain(name === 'RSA-PSS' ? 'rsassaPss' : name === 'ECDSA P-256' ? 'ecdsa-with-SHA256' : 'rsaEncryption');
    // The intermediate CA's certificate rides in the CMS, so the root alone is enough to verify.
    expect(printed.match(/Mahkama Test Signing CA/g)?.length).toBeGreaterThanOrEqual(2);

    const altered = path.join(hsm.dir, 'altered.bin');
    const bytes = fs.readFileSync(doc);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
    fs.writeFileSync(altered, bytes);
    const bad = opensslVerify(sig, altered, hsm.ca.rootFile);
    expect(bad.ok).toBe(false);
    expect(bad.stderr).toMatch(/digest failure|Verification failure/i);
  });
});
