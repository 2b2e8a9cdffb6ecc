// PAdES B-B by incremental update on the desk's own PDFs (Chromium's classic xref table, and the
// same file with an xref stream from qpdf): the judge signs, the clerk countersigns, and each
// output is checked by pdfsig, qpdf --check, openssl cms -verify over the byte ranges and the
// app's own verifier; the first signature stays valid after the second, the input's bytes are
// never rewritten, and a tampered copy fails all four.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '../../../src/main/services/signing/pades-sign';
import { verifyPdf } from '../../../src/signatures/pdf-verify';
import type { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { openSigner } from '../../../src/main/services/signing/token-signer';
import { makeJudgmentPdfs, type JudgmentPdfs } from '../../helpers/judgment-pdfs';
import { makeSoftHsm, makeTestCa, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { startTokenService } from './helpers';
import { opensslVerifyByteRanges, pdfsig, qpdfCheck, tamperedCopy } from './pdf-tools';

const module = { path: SOFTHSM_MODULE, osLocking: true };

describe('PAdES by incremental update (SoftHSM2; pdfsig, qpdf, openssl and our verifier)', () => {
  let hsm: SoftHsm;
  let client: TokenServiceClient;
  let pdfs: JudgmentPdfs;
  let work: string;

  beforeAll(async () => {
    hsm = makeSoftHsm([
      { label: 'judge', pin: '2468', keys: [{ type: 'RSA', commonName: 'محمد العلوي Mohamed Alaoui' }] },
      { label: 'clerk', pin: '1357', keys: [{ type: 'EC', commonName: 'فاطمة بناني Fatima Bennani' }] },
    ]);
    client = startTokenService(hsm.env);
    work = path.join(hsm.dir, 'pdf');
    fs.mkdirSync(work);
    pdfs = await makeJudgmentPdfs(work);
  }, 120_000); // a CA, tokens and Chromium PDFs: slow on a busy machine
  afterAll(async () => {
    await client?.close();
    hsm?.cleanup();
  });

  it.each(['classic', 'xrefStream'] as const)('%s: judge then clerk, both valid everywhere, nothing rewritten', async (kind) => {
    const input = pdfs[kind];
    const once = path.join(work, `${kind}-judge.pdf`);
    const twice = path.join(work, `${kind}-judge-clerk.pdf`);
    const judge = await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' });
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
    const first = await signPdf(input, once, judge, { reason: 'حكم ابتدائي — jugement', signerName: 'محمد العلوي', signingTime });
    expect(first.fieldName).toBe('Signature1');
    const clerk = await openSigner(client, { module, token: { label: 'clerk' }, pin: '1357' });
    const second = await signPdf(once, twice, clerk, { reason: 'Greffe' });
    expect(second.fieldName).toBe('Signature2');

    // Append-only: each file is the previous one followed by new bytes.
    const inBytes = fs.readFileSync(input);
    const onceBytes = fs.readFileSync(once);
    const twiceBytes = fs.readFileSync(twice);
    expect(onceBytes.subarray(0, inBytes.length).equals(inBytes)).toBe(true);
    expect(twiceBytes.subarray(0, onceBytes.length).equals(onceBytes)).toBe(true);
    // The new section is of the same kind as the input's last one.
    const tail = twiceBytes.subarray(onceBytes.length).toString('latin1');
    if (kind === 'classic') expect(tail).toMatch(/\nxref\n[\s\S]*trailer/);
    else expect(tail).toMatch(/\/Type\s*\/XRef/);

    const sigs = pdfsig(twice);
    expect(sigs).toHaveLength(2);
    expect(sigs.map((s) => [s.fieldName, s.subFilter, s.validation, s.totalDocument])).toEqual([
      ['Signature1', 'ETSI.CAdES.detached', 'Signature is Valid.', false],
      ['Signature2', 'ETSI.CAdES.detached', 'Signature is Valid.', true],
    ]);
    expect(sigs[0]!.commonName).toBe('محمد العلوي Mohamed Alaoui');
    expect(pdfsig(once).map((s) => s.valid)).toEqual([true]);

    const q = qpdfCheck(twice);
    expect(q.output).toContain('No syntax or stream encoding errors found');
    expect(q.status).toBe(0);

    const cms = opensslVerifyByteRanges(twice, hsm.ca.rootFile, work);
    expect(cms.map((r) => r.ok)).toEqual([true, true]);

    const ours = await verifyPdf(twice, [Buffer.from(hsm.ca.rootPem)]);
    expect(ours.allValid).toBe(true);
    expect(ours.signatures.map((s) => ({ field: s.fieldName, whole: s.coversWholeFile, problems: s.problems, chain: s.chain }))).toEqual([
      { field: 'Signature1', whole: false, problems: [], chain: 'trusted' },
      { field: 'Signature2', whole: true, problems: [], chain: 'trusted' },
    ]);
    expect(ours.signatures[0]!.bytesAfter).toBe(twiceBytes.length - onceBytes.length);
    expect(ours.signatures[0]!.signingTime).toBe(signingTime.toISOString());
    expect(ours.signatures[0]!.reason).toBe('حكم ابتدائي — jugement');
    expect(ours.signatures[0]!.signer?.commonNames).toEqual(['محمد العلوي Mohamed Alaoui']);
    expect(ours.signatures[1]!.signer?.commonNames).toEqual(['فاطمة بناني Fatima Bennani']);

    // Tampered: one byte of the judgment's first content stream changed.
    const bad = tamperedCopy(twice, path.join(work, `${kind}-tampered.pdf`));
    expect(pdfsig(bad).map((s) => s.valid)).toEqual([false, false]);
    expect(pdfsig(bad)[0]!.validation).toMatch(/Digest Mismatch/i);
    expect(qpdfCheck(bad).status).not.toBe(0);
    expect(opensslVerifyByteRanges(bad, hsm.ca.rootFile, work).map((r) => r.ok)).toEqual([false, false]);
    const oursBad = await verifyPdf(bad, [Buffer.from(hsm.ca.rootPem)]);
    expect(oursBad.allValid).toBe(false);
    expect(oursBad.signatures.map((s) => s.problems)).toEqual([['digestMismatch'], ['digestMismatch']]);
  });

  it('says which anchor is missing: no trust anchors, or a foreign root', async () => {
    const judge = await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' });
    const out = path.join(work, 'anchors.pdf');
    await signPdf(pdfs.classic, out, judge);
    const none = await verifyPdf(out);
    expect(none.signatures[0]).toMatchObject({ chain: 'noTrustAnchors', digestMatches: true, signatureValid: true, valid: false, problems: ['noTrustAnchors'] });
    const otherDir = path.join(hsm.dir, 'other-ca');
    fs.mkdirSync(otherDir);
    const other = makeTestCa(otherDir, 'Other');
    const foreign = await verifyPdf(out, [Buffer.from(other.rootPem)]);
    expect(foreign.signatures[0]).toMatchObject({ chain: 'untrusted', valid: false, problems: ['chainUntrusted'] });
  });

  it('finds a signature wrapped by moving its byte range: the gap must be exactly /Contents', async () => {
    const judge = await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' });
    const out = path.join(work, 'wrapped.pdf');
    await signPdf(pdfs.classic, out, judge);
    const bytes = fs.readFileSync(out);
    const text = bytes.toString('latin1');
    const m = /\/ByteRange \[0 (\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text)!;
    // Claim a range that leaves one more byte unsigned before /Contents (same width, same file size).
    const a = Number(m[1]) - 1;
    const forged = `/ByteRange [0 ${String(a).padEnd(10)} ${m[2]!.padEnd(10)} ${m[3]!.padEnd(10)}]`;
    expect(forged.length).toBe(m[0].length);
    bytes.write(forged, m.index, 'latin1');
    fs.writeFileSync(out, bytes);
    const v = await verifyPdf(out, [Buffer.from(hsm.ca.rootPem)]);
    expect(v.signatures[0]!.byteRangeSound).toBe(false);
    expect(v.signatures[0]!.valid).toBe(false);
  });
});
