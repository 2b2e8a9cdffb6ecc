// Long-term validation against a local PKI the test starts (test/helpers/pki-services.ts): an
// OCSP responder (`openssl ocsp -port`), CRLs, and a TSA (`openssl ts -reply` behind node:http).
// A judge signs B-T, a clerk countersigns, the file is extended to B-LTA by one incremental
// update (DSS + document timestamp); every output is checked by pdfsig, qpdf --check, openssl
// (cms -verify over the signatures' byte ranges, ts -verify of the timestamps) and our verifier;
// a tampered copy fails them all; a revoked signer is reported revoked; a TSA that is down,
// answers garbage or refuses leaves no file behind. Signatures made without a TSA (B-B) take
// their trusted time from the first document timestamp over them and reach B-LTA by two revisions.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/index';
import { extendPdf } from '../../../src/signatures/ltv-extend';
import { signPdf } from '../../../src/main/services/signing/pades-sign';
import { verifyPdf } from '../../../src/signatures/pdf-verify';
import { signatureTimestampOptions } from '../../../src/signatures/timestamp-client';
import type { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { openSigner } from '../../../src/main/services/signing/token-signer';
import { AppError } from '../../../src/shared/errors';
import { makeJudgmentPdfs, type JudgmentPdfs } from '../../helpers/judgment-pdfs';
import { cardsWithPki } from '../../helpers/pki-cards';
import type { PkiServices } from '../../helpers/pki-services';
import { SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { entryArgs } from '../../helpers/entries';
import { startTokenService } from './helpers';
import { byteRanges, derPrefix, opensslTsVerify, opensslVerifyByteRanges, pdfsig, qpdfCheck, tamperedCopy } from './pdf-tools';

const module = { path: SOFTHSM_MODULE, osLocking: true };

/** The signature value and first signature-time-stamp token of a CAdES /Contents, read with PKI.js (not our code). */
function signatureAndToken(contents: Buffer): { signature: Buffer; token: Buffer | null } {
  const ci = pkijs.ContentInfo.fromBER(new Uint8Array(derPrefix(contents)));
  const sd = new pkijs.SignedData({ schema: ci.content });
  const info = sd.signerInfos[0]!;
  const attr = info.unsignedAttrs?.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.14');
  return { signature: Buffer.from(info.signature.valueBlock.valueHexView), token: attr ? Buffer.from(attr.values[0].toBER()) : null };
}

describe('long-term validation: B-T, B-LT, B-LTA against a local OCSP responder, CRLs and TSA', { timeout: 180_000 }, () => {
  let pki: PkiServices;
  let hsm: SoftHsm;
  let client: TokenServiceClient;
  let pdfs: JudgmentPdfs;
  let work: string;
  let anchors: Buffer[];
  let untrusted: string;

  beforeAll(async () => {
    ({ pki, hsm } = await cardsWithPki(
      [
        { label: 'judge', pin: '2468', keys: [{ type: 'RSA', commonName: 'محمد العلوي Mohamed Alaoui' }] },
        { label: 'clerk', pin: '1357', keys: [{ type: 'EC', commonName: 'فاطمة بناني Fatima Bennani' }] },
        { label: 'revoked', pin: '9999', keys: [{ type: 'EC', commonName: 'Revoked Signer' }] },
      ],
      { revoked: (label) => label === 'revoked' },
    ));
    client = startTokenService(hsm.env);
    work = path.join(hsm.dir, 'pdf');
    fs.mkdirSync(work);
    pdfs = await makeJudgmentPdfs(work);
    anchors = [Buffer.from(hsm.ca.rootPem)];
    untrusted = path.join(work, 'untrusted.pem');
    fs.writeFileSync(untrusted, hsm.ca.intermediatePem + pki.tsaCertPem());
  }, 180_000);
  afterAll(async () => {
    await client?.close();
    await pki?.close();
    hsm?.cleanup();
  });

  async function signBt(label: 'judge' | 'clerk' | 'revoked', pin: string, input: string, output: string) {
    const signer = await openSigner(client, { module, token: { label }, pin });
    return signPdf(input, output, signer, { reason: label, ...signatureTimestampOptions(pki.tsaUrl) });
  }

  it('B-T: the signature carries a TSA timestamp over its value, checked by openssl ts, pdfsig and our verifier', async () => {
    const out = path.join(work, 'bt.pdf');
    await signBt('judge', '2468', pdfs.classic, out);
    const [range] = byteRanges(out);
    const { signature, token } = signatureAndToken(range!.contents);
    expect(token).not.toBeNull();
    expect(opensslTsVerify(token!, { digest: crypto.createHash('sha256').update(signature).digest() }, hsm.ca.rootFile, untrusted, work)).toBe(true);
    expect(opensslVerifyByteRanges(out, hsm.ca.rootFile, work).map((r) => r.ok)).toEqual([true]);
    expect(pdfsig(out).map((s) => s.validation)).toEqual(['Signature is Valid.']);
    expect(qpdfCheck(out).status).toBe(0);
    const v = await verifyPdf(out, anchors);
    expect(v.allValid).toBe(true);
    expect(v.signatures[0]).toMatchObject({ kind: 'signature', level: 'B-T', problems: [], timestamp: { valid: true, chain: 'trusted', imprintMatches: true } });
    expect(v.signatures[0]!.timestamp!.tsa).toContain('Mahkama Test TSA');
    expect(Math.abs(new Date(v.signatures[0]!.timestamp!.time!).getTime() - Date.now())).toBeLessThan(120_000);
  });

  it.each(['down', 'garbage', 'refuse'] as const)('a TSA that is %s: TIMESTAMP_FAILED, no file written, the input untouched', async (mode) => {
    const out = path.join(work, `tsa-${mode}.pdf`);
    const before = fs.readFileSync(pdfs.classic);
    pki.tsaMode = mode;
    try {
      const err = await signBt('judge', '2468', pdfs.classic, out).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('TIMESTAMP_FAILED');
      expect((err as AppError).i18nKey).toBe({ down: 'signing.errors.tsaUnreachable', garbage: 'signing.errors.tsaBadAnswer', refuse: 'signing.errors.tsaRefused' }[mode]);
    } finally {
      pki.tsaMode = 'ok';
    }
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(fs.readFileSync(pdfs.classic).equals(before)).toBe(true);
  });

  it.each(['classic', 'xrefStream'] as const)('%s: judge and clerk sign B-T, extend gives B-LTA; earlier signatures stay valid; a tampered copy fails everywhere', async (kind) => {
    const judged = path.join(work, `${kind}-j.pdf`);
    const both = path.join(work, `${kind}-jc.pdf`);
    const lta = path.join(work, `${kind}-lta.pdf`);
    await signBt('judge', '2468', pdfs[kind], judged);
    await signBt('clerk', '1357', judged, both);
    const result = await extendPdf(both, lta, { tsaUrl: pki.tsaUrl, trustAnchors: anchors });
    expect(result.level).toBe('B-LTA');
    expect(result.revokedSigners).toEqual([]);
    // Certificates: root, intermediate, judge, clerk, TSA; OCSP for the two signers; CRLs of the root (intermediate) and intermediate (TSA).
    expect(result.added).toEqual({ certs: 5, ocsps: 2, crls: 2 });

    // Append-only, and the new cross-reference section is of the input's kind.
    const bothBytes = fs.readFileSync(both);
    const ltaBytes = fs.readFileSync(lta);
    expect(ltaBytes.subarray(0, bothBytes.length).equals(bothBytes)).toBe(true);
    const tail = ltaBytes.subarray(bothBytes.length).toString('latin1');
    expect(tail).toContain('/Type /DocTimeStamp');
    expect(tail).toMatch(/\/DSS \d+ 0 R/);
    if (kind === 'classic') expect(tail).toMatch(/\nxref\n[\s\S]*trailer/);
    else expect(tail).toMatch(/\/Type\s*\/XRef/);

    const q = qpdfCheck(lta);
    expect(q.output).toContain('No syntax or stream encoding errors found');
    expect(q.status).toBe(0);

    const ranges = byteRanges(lta);
    expect(ranges).toHaveLength(3);
    expect(opensslVerifyByteRanges(lta, hsm.ca.rootFile, work).slice(0, 2).map((r) => r.ok)).toEqual([true, true]);
    expect(opensslTsVerify(ranges[2]!.contents, { data: ranges[2]!.signed }, hsm.ca.rootFile, untrusted, work)).toBe(true);

    const sigs = pdfsig(lta);
    expect(sigs).toHaveLength(3);
    expect(sigs.slice(0, 2).map((s) => [s.fieldName, s.validation])).toEqual([
      ['Signature1', 'Signature is Valid.'],
      ['Signature2', 'Signature is Valid.'],
    ]);
    // pdfsig lists the document timestamp (as of an "unknown" type: poppler does not check RFC 3161 tokens; openssl ts did above).
    expect(sigs[2]!.totalDocument).toBe(true);

    const v = await verifyPdf(lta, anchors);
    expect(v.allValid).toBe(true);
    expect(v.signatures.map((s) => [s.kind, s.level, s.problems])).toEqual([
      ['signature', 'B-LTA', []],
      ['signature', 'B-LTA', []],
      ['documentTimestamp', null, []],
    ]);
    expect(v.signatures[2]!.coversWholeFile).toBe(true);
    // The judge (OCSP), the intermediate (root's CRL), then the TSA of the signature timestamp and its intermediate (CRLs).
    expect(v.signatures[0]!.revocation.map((r) => [r.status, r.source])).toEqual([
      ['good', 'ocsp'],
      ['good', 'crl'],
      ['good', 'crl'],
      ['good', 'crl'],
    ]);
    // Before extension the same signatures were B-T only.
    expect((await verifyPdf(both, anchors)).signatures.map((s) => s.level)).toEqual(['B-T', 'B-T']);

    const bad = tamperedCopy(lta, path.join(work, `${kind}-lta-tampered.pdf`));
    expect(pdfsig(bad).map((s) => s.valid).slice(0, 2)).toEqual([false, false]);
    expect(qpdfCheck(bad).status).not.toBe(0);
    expect(opensslVerifyByteRanges(bad, hsm.ca.rootFile, work).slice(0, 2).map((r) => r.ok)).toEqual([false, false]);
    const badRanges = byteRanges(bad);
    expect(opensslTsVerify(badRanges[2]!.contents, { data: badRanges[2]!.signed }, hsm.ca.rootFile, untrusted, work)).toBe(false);
    const oursBad = await verifyPdf(bad, anchors);
    expect(oursBad.allValid).toBe(false);
    expect(oursBad.signatures.map((s) => s.problems.includes('digestMismatch'))).toEqual([true, true, true]);
  });

  it('extends again on top (the archive chain): the first document timestamp gets its own validation data and stays valid', async () => {
    const once = path.join(work, 'again-1.pdf');
    const twice = path.join(work, 'again-2.pdf');
    const signed = path.join(work, 'again-0.pdf');
    await signBt('judge', '2468', pdfs.classic, signed);
    await extendPdf(signed, once, { tsaUrl: pki.tsaUrl, trustAnchors: anchors });
    const second = await extendPdf(once, twice, { tsaUrl: pki.tsaUrl, trustAnchors: anchors });
    // Only what is new: a fresh OCSP answer for the judge; the chains and the CRLs came with the first extension.
    expect(second.added).toEqual({ certs: 0, ocsps: 1, crls: 0 });
    const v = await verifyPdf(twice, anchors);
    expect(v.signatures.map((s) => [s.kind, s.level, s.valid])).toEqual([
      ['signature', 'B-LTA', true],
      ['documentTimestamp', null, true],
      ['documentTimestamp', null, true],
    ]);
    expect(pdfsig(twice).map((s) => s.validation)[0]).toBe('Signature is Valid.');
    expect(qpdfCheck(twice).status).toBe(0);
  });

  it('signed without a TSA (B-B): one extension appends two revisions and the verifier reads B-LTA; the first alone reads B-T', async () => {
    const judged = path.join(work, 'bb-j.pdf');
    const both = path.join(work, 'bb-jc.pdf');
    const lta = path.join(work, 'bb-lta.pdf');
    await signPdf(pdfs.classic, judged, await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' }), { reason: 'judge' });
    await signPdf(judged, both, await openSigner(client, { module, token: { label: 'clerk' }, pin: '1357' }), { reason: 'clerk' });
    expect((await verifyPdf(both, anchors)).signatures.map((s) => [s.level, s.trustedTime])).toEqual([
      ['B-B', null],
      ['B-B', null],
    ]);
    const tsaBefore = pki.tsaRequests;
    const result = await extendPdf(both, lta, { tsaUrl: pki.tsaUrl, trustAnchors: anchors });
    expect(result.level).toBe('B-LTA');
    expect(result.revisions).toBe(2);
    expect(pki.tsaRequests - tsaBefore).toBe(2);
    // The first revision: both signers' chains; the second: the TSA of the first document timestamp (its certificate and its CRL).
    expect(result.added).toEqual({ certs: 5, ocsps: 2, crls: 2 });

    const bothBytes = fs.readFileSync(both);
    expect(fs.readFileSync(lta).subarray(0, bothBytes.length).equals(bothBytes)).toBe(true);
    expect(qpdfCheck(lta).status).toBe(0);
    const ranges = byteRanges(lta);
    expect(ranges).toHaveLength(4);
    expect(opensslVerifyByteRanges(lta, hsm.ca.rootFile, work).slice(0, 2).map((r) => r.ok)).toEqual([true, true]);
    for (const r of ranges.slice(2)) expect(opensslTsVerify(r.contents, { data: r.signed }, hsm.ca.rootFile, untrusted, work)).toBe(true);
    const sigs = pdfsig(lta);
    expect(sigs.slice(0, 2).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(sigs[3]!.totalDocument).toBe(true);

    const v = await verifyPdf(lta, anchors);
    expect(v.allValid).toBe(true);
    expect(v.signatures.map((s) => [s.kind, s.level, s.problems])).toEqual([
      ['signature', 'B-LTA', []],
      ['signature', 'B-LTA', []],
      ['documentTimestamp', null, []],
      ['documentTimestamp', null, []],
    ]);
    // The trusted time is the first document timestamp's; the revocation data covers the judge's chain and that TSA's.
    expect(v.signatures[0]!.trustedTime).toEqual({ time: v.signatures[2]!.signingTime, source: 'documentTimestamp', index: 3 });
    expect(v.signatures[0]!.timestamp).toBeNull();
    expect(v.signatures[0]!.revocation.map((r) => [r.status, r.source])).toEqual([
      ['good', 'ocsp'],
      ['good', 'crl'],
      ['good', 'crl'],
      ['good', 'crl'],
    ]);

    // The file as it stood after the first revision (cut where the first document timestamp's range ends):
    // a trusted time, but the DSS lacks that timestamp's TSA — B-T, not B-LT, and not B-LTA.
    const firstRev = path.join(work, 'bb-first-revision.pdf');
    const thirdRange = [...fs.readFileSync(lta, 'latin1').matchAll(/\/ByteRange\s*\[\s*0\s+\d+\s+(\d+)\s+(\d+)\s*\]/g)][2]!;
    fs.writeFileSync(firstRev, fs.readFileSync(lta).subarray(0, Number(thirdRange[1]) + Number(thirdRange[2])));
    expect(qpdfCheck(firstRev).status).toBe(0);
    expect((await verifyPdf(firstRev, anchors)).signatures.map((s) => [s.kind, s.level])).toEqual([
      ['signature', 'B-T'],
      ['signature', 'B-T'],
      ['documentTimestamp', null],
    ]);

    const bad = tamperedCopy(lta, path.join(work, 'bb-lta-tampered.pdf'));
    expect(pdfsig(bad).map((s) => s.valid).slice(0, 2)).toEqual([false, false]);
    const badRanges = byteRanges(bad);
    expect(badRanges.slice(2).map((r) => opensslTsVerify(r.contents, { data: r.signed }, hsm.ca.rootFile, untrusted, work))).toEqual([false, false]);
    expect((await verifyPdf(bad, anchors)).allValid).toBe(false);
  });

  it('signed without a TSA and extended without one: refused (no trusted time to give it), nothing written', async () => {
    const signed = path.join(work, 'bb-no-tsa.pdf');
    const out = path.join(work, 'bb-no-tsa-lt.pdf');
    await signPdf(pdfs.xrefStream, signed, await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' }), { reason: 'judge' });
    await expect(extendPdf(signed, out, { tsaUrl: null, trustAnchors: anchors })).rejects.toMatchObject({ code: 'SIGNING_FAILED', i18nKey: 'signing.errors.extendNeedsTimestamp' });
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a revoked signer: extend embeds the OCSP answer and says so; the verifier reports the signature revoked', async () => {
    const signed = path.join(work, 'revoked.pdf');
    const lta = path.join(work, 'revoked-lta.pdf');
    await signBt('revoked', '9999', pdfs.classic, signed);
    const result = await extendPdf(signed, lta, { tsaUrl: pki.tsaUrl, trustAnchors: anchors });
    expect(result.revokedSigners).toHaveLength(1);
    expect(result.revokedSigners[0]).toContain('Revoked Signer');
    const v = await verifyPdf(lta, anchors);
    expect(v.allValid).toBe(false);
    expect(v.signatures[0]!.problems).toEqual(['certificateRevoked']);
    expect(v.signatures[0]!.revocation[0]).toMatchObject({ status: 'revoked', source: 'ocsp' });
    // The document timestamp itself is sound: it proves when the evidence was gathered.
    expect(v.signatures[1]).toMatchObject({ kind: 'documentTimestamp', valid: true });
  });

  it('B-LT without a document timestamp, from the command line; verify --json reports the levels', async () => {
    const signed = path.join(work, 'cli-signed.pdf');
    const lt = path.join(work, 'cli-lt.pdf');
    await signBt('judge', '2468', pdfs.xrefStream, signed);
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: { MAHKAMA_LANG: 'fr' } };
    expect(await runCli(['extend', signed, '--out', lt, '--trust', hsm.ca.rootFile, '--no-timestamp'], io)).toBe(0);
    expect(lines.join('\n')).toContain('B-LT');
    lines.length = 0;
    expect(await runCli(['verify', lt, '--trust', hsm.ca.rootFile, '--json'], io)).toBe(0);
    const json = JSON.parse(lines.join('\n')) as { signatures: { level: string }[] };
    expect(json.signatures.map((s) => s.level)).toEqual(['B-LT']);
    lines.length = 0;
    // With the TSA from the environment, the same file goes on to B-LTA.
    const lta = path.join(work, 'cli-lta.pdf');
    expect(await runCli(['extend', lt, '--out', lta, '--trust', hsm.ca.rootFile], { ...io, env: { MAHKAMA_LANG: 'en', MAHKAMA_TSA_URL: pki.tsaUrl } })).toBe(0);
    expect(lines.join('\n')).toMatch(/Extended to B-LTA/);
    lines.length = 0;
    // Without trust anchors it refuses, writing nothing.
    const none = path.join(work, 'cli-none.pdf');
    expect(await runCli(['extend', signed, '--out', none, '--tsa', pki.tsaUrl], io)).toBe(2);
    expect(fs.existsSync(none)).toBe(false);
  });

  it('extend checks its files before any TSA or responder is asked: a missing file, an output in no folder or that is a folder; in place it extends the file itself', async () => {
    const signed = path.join(work, 'ext-files.pdf');
    await signBt('judge', '2468', pdfs.classic, signed);
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: { MAHKAMA_LANG: 'fr' } };
    const asked = pki.tsaRequests;
    const missingFolder = path.join(work, 'no-such-folder', 'out.pdf');
    const refusals: [string[], string][] = [
      [['extend', path.join(work, 'no-such.pdf'), '--out', path.join(work, 'x.pdf')], 'DOCUMENT_UNREADABLE'],
      [['extend', signed, '--out', missingFolder], 'VALIDATION_FAILED'],
      [['extend', signed, '--out', work], 'VALIDATION_FAILED'],
    ];
    for (const [args, code] of refusals) {
      lines.length = 0;
      expect(await runCli([...args, '--trust', hsm.ca.rootFile, '--tsa', pki.tsaUrl], io), args.join(' ')).toBe(2);
      expect(lines.join('\n'), args.join(' ')).toContain(`${code}: `);
      expect(lines.join('\n')).not.toMatch(/INTERNAL|ENOENT|EISDIR|\n\s+at /);
    }
    expect(pki.tsaRequests).toBe(asked);
    expect(fs.existsSync(path.dirname(missingFolder))).toBe(false);
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // In place: the same file, one revision longer, its first bytes untouched.
    const before = fs.readFileSync(signed);
    lines.length = 0;
    expect(await runCli(['extend', signed, '--trust', hsm.ca.rootFile, '--no-timestamp'], io)).toBe(0);
    const after = fs.readFileSync(signed);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    // In place through a link (an archive's shortcut): the file it names is extended, and the link
    // stays a link to it.
    const archive = path.join(work, 'archive');
    fs.mkdirSync(archive);
    const kept = path.join(archive, 'judgment.pdf');
    await signBt('judge', '2468', pdfs.classic, kept);
    const link = path.join(work, 'judgment-link.pdf');
    fs.symlinkSync(kept, link);
    const keptBefore = fs.readFileSync(kept);
    lines.length = 0;
    expect(await runCli(['extend', link, '--trust', hsm.ca.rootFile, '--no-timestamp'], io), lines.join('\n')).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe(kept);
    const keptAfter = fs.readFileSync(kept);
    expect(keptAfter.length).toBeGreaterThan(keptBefore.length);
    expect(keptAfter.subarray(0, keptBefore.length).equals(keptBefore)).toBe(true);
    expect(fs.readdirSync(archive)).toEqual(['judgment.pdf']);
  });

  it('extends in place a read-only file (a court archive\'s) for a user the file does not let write, and keeps it read-only', async () => {
    const signed = path.join(work, 'read-only.pdf');
    await signBt('judge', '2468', pdfs.classic, signed);
    fs.chmodSync(signed, 0o444);
    const before = fs.readFileSync(signed);
    // The CLI as root without the capabilities that let root write what its mode forbids
    // (setpriv, util-linux): the file's own permissions then apply, as for a clerk's account. Not
    // spawnSync: the responders it asks run in this process.
    const child = spawn('setpriv', ['--bounding-set', '-dac_override,-dac_read_search', process.execPath, ...entryArgs('cli'), 'extend', signed, '--trust', hsm.ca.rootFile, '--no-timestamp'], {
      env: { ...process.env, MAHKAMA_LANG: 'fr' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    const after = fs.readFileSync(signed);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(fs.statSync(signed).mode & 0o777).toBe(0o444);
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a file replaced while it is extended in place is kept as replaced: CONFLICT, the extension of the old one not written over it', async () => {
    const signed = path.join(work, 'replaced.pdf');
    await signBt('judge', '2468', pdfs.classic, signed);
    const replacement = path.join(work, 'replacement.pdf');
    await signBt('clerk', '1357', pdfs.classic, replacement);
    const replaced = fs.readFileSync(replacement);
    // Another hand puts a new version in its place (a rename over it, as an editor or a copy
    // does) while the extension asks the TSA: when the TSA's count moves.
    const asked = pki.tsaRequests;
    let swapped = false;
    const watch = setInterval(() => {
      if (!swapped && pki.tsaRequests > asked) {
        fs.renameSync(replacement, signed);
        swapped = true;
      }
    }, 1);
    try {
      await expect(extendPdf(signed, signed, { tsaUrl: pki.tsaUrl, trustAnchors: anchors })).rejects.toMatchObject({ code: 'CONFLICT', i18nKey: 'signing.errors.extendedFileChanged' });
    } finally {
      clearInterval(watch);
    }
    expect(swapped).toBe(true);
    expect(fs.readFileSync(signed).equals(replaced)).toBe(true);
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an unreachable TSA during extension: TIMESTAMP_FAILED and no file', async () => {
    const signed = path.join(work, 'ext-down-0.pdf');
    const out = path.join(work, 'ext-down.pdf');
    await signBt('judge', '2468', pdfs.classic, signed);
    pki.tsaMode = 'down';
    try {
      await expect(extendPdf(signed, out, { tsaUrl: pki.tsaUrl, trustAnchors: anchors })).rejects.toMatchObject({ code: 'TIMESTAMP_FAILED' });
    } finally {
      pki.tsaMode = 'ok';
    }
    expect(fs.existsSync(out)).toBe(false);
  });
});
