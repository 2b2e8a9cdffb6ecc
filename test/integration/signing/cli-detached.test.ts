// `npm run cli -- sign-detached` and `verify-detached` as the court's IT runs them on any file (a
// scanned report, a JSON export): a real CLI process with the PIN from MAHKAMA_PIN and its own token
// service, SoftHSM2 cards (RSA-2048, EC P-256) from the test CA. Every .p7s is checked by
// `openssl cms -verify` against the root and by our verifier; a tampered file fails both; a .p7s of
// another file, a file that is not CMS, an attached CMS and a missing file are refused with their
// reasons; a wrong PIN leaves nothing behind. B-T against the local TSA runs in process.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/index';
import type { DetachedVerification } from '../../../src/signatures/cades-verify';
import { entryArgs } from '../../helpers/entries';
import { cardsWithPki } from '../../helpers/pki-cards';
import type { PkiServices } from '../../helpers/pki-services';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';

const repo = path.resolve(import.meta.dirname, '../../..');

function opensslVerify(sig: string, content: string, rootFile: string): { status: number | null; stderr: string } {
  const r = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', content, '-CAfile', rootFile, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

function cmsPrint(sig: string): string {
  return spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', sig], { encoding: 'utf8' }).stdout;
}

/** A copy of `file` with one byte flipped near its end. */
function tampered(file: string, out: string): string {
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 7] = bytes[bytes.length - 7]! ^ 0x01;
  fs.writeFileSync(out, bytes);
  return out;
}

describe('CLI sign-detached and verify-detached (SoftHSM2, checked by openssl cms)', { timeout: 180_000 }, () => {
  let hsm: SoftHsm;
  let work: string;
  let scan: string;
  let json: string;

  function cli(args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [...entryArgs('cli'), ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...hsm.env, MAHKAMA_PIN: '', MAHKAMA_LANG: 'en', MAHKAMA_TSA_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  beforeAll(() => {
    hsm = makeSoftHsm([
      { label: 'judge', pin: '2468', keys: [{ type: 'RSA', commonName: 'محمد العلوي Mohamed Alaoui' }] },
      { label: 'clerk', pin: '1357', keys: [{ type: 'EC', commonName: 'Fatima Bennani' }] },
    ]);
    work = path.join(hsm.dir, 'detached');
    fs.mkdirSync(work);
    // A scanned expert report's size (TIFF header, then 6 MiB of image-like bytes) and a JSON export.
    scan = path.join(work, 'rapport-expertise.tif');
    fs.writeFileSync(scan, Buffer.concat([Buffer.from('II*\u0000', 'latin1'), crypto.randomBytes(6 * 1024 * 1024)]));
    json = path.join(work, 'export.json');
    fs.writeFileSync(json, JSON.stringify({ case: '2026/1201/345', parties: ['محمد', 'Fatima'] }));
  }, 120_000);
  afterAll(() => hsm?.cleanup());

  it.each([
    ['RSA-2048', 'judge', '2468', 'rsaEncryption'],
    ['EC P-256', 'clerk', '1357', 'ecdsa-with-SHA256'],
  ] as const)('%s: a scan signed detached verifies by openssl and by verify-detached; a tampered copy fails both', (_name, token, pin, algorithm) => {
    const sig = path.join(work, `${token}.p7s`);
    const signed = cli(['sign-detached', scan, '--out', sig, '--module', SOFTHSM_MODULE, '--token', token], { MAHKAMA_PIN: pin });
    expect(signed.stderr).toBe('');
    expect(signed.status).toBe(0);
    const sha256 = crypto.createHash('sha256').update(fs.readFileSync(scan)).digest('hex');
    expect(signed.stdout).toContain(`Detached signature by C=MA, O=Mahkama Test, CN=`);
    expect(signed.stdout).toContain(`(SHA-256 ${sha256}, B-B): ${sig}`);

    const byOpenssl = opensslVerify(sig, scan, hsm.ca.rootFile);
    expect(byOpenssl.stderr).toContain('Verification successful');
    expect(byOpenssl.status).toBe(0);
    // CAdES-BES: signing-time among the signed attributes, beside the three PAdES has; DER, no content.
    const printed = cmsPrint(sig);
    for (const attr of ['contentType', 'messageDigest', 'signingTime']) expect(printed, attr).toContain(attr);
    expect(printed).toMatch(/signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
    expect(printed).toContain(algorithm);
    expect(printed).toMatch(/eContent: <ABSENT>/);
    expect(fs.readFileSync(sig)[0]).toBe(0x30);

    const ours = cli(['verify-detached', scan, '--sig', sig, '--trust', hsm.ca.rootFile]);
    expect(ours.status).toBe(0);
    expect(ours.stdout).toMatch(new RegExp(`^Signature by .*CN=.*, \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, over ${scan.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: VALID \\(B-B\\)$`, 'm'));
    expect(ours.stdout).not.toContain('Chain not checked');

    const bad = tampered(scan, path.join(work, `tampered-${token}.tif`));
    const badOpenssl = opensslVerify(sig, bad, hsm.ca.rootFile);
    expect(badOpenssl.status).not.toBe(0);
    expect(badOpenssl.stderr).toMatch(/digest failure|Verification failure/i);
    const badOurs = cli(['verify-detached', bad, '--sig', sig, '--trust', hsm.ca.rootFile]);
    expect(badOurs.status).toBe(1);
    expect(badOurs.stdout).toContain('INVALID (the signed bytes were changed)');
  });

  it('verify-detached: JSON, no anchors (not valid: chain not checked), another authority, in French and Arabic', () => {
    const sig = path.join(work, 'export.p7s');
    expect(cli(['sign-detached', json, '--out', sig, '--module', SOFTHSM_MODULE, '--token', 'clerk'], { MAHKAMA_PIN: '1357' }).status).toBe(0);
    expect(opensslVerify(sig, json, hsm.ca.rootFile).status).toBe(0);

    const asJson = cli(['verify-detached', json, '--sig', sig, '--trust', hsm.ca.rootFile, '--json']);
    expect(asJson.status).toBe(0);
    const v = JSON.parse(asJson.stdout) as DetachedVerification;
    expect(v).toMatchObject({ valid: true, digestMatches: true, signatureValid: true, chain: 'trusted', contentAttached: false, level: 'B-B', problems: [] });
    expect(v.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(json)).digest('hex'));
    expect(v.signer?.commonNames).toContain('Fatima Bennani');
    // The signing time is the signer's claim, made just now.
    expect(Math.abs(Date.parse(v.signingTime!) - Date.now())).toBeLessThan(5 * 60_000);

    // Without anchors, as `verify`: the signer is not established, so not valid (exit 1), and it says why.
    const noAnchors = cli(['verify-detached', json, '--sig', sig], { MAHKAMA_LANG: 'fr' });
    expect(noAnchors.status).toBe(1);
    expect(noAnchors.stdout).toContain('INVALIDE');
    expect(noAnchors.stdout).toContain('aucune autorité de confiance');
    // Another authority than the one that issued the signer: not trusted.
    const strangerCa = path.join(work, 'stranger');
    fs.mkdirSync(strangerCa);
    const key = path.join(strangerCa, 'root.key');
    const cert = path.join(strangerCa, 'root.pem');
    spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=Stranger Root'], { stdio: 'ignore' });
    const stranger = cli(['verify-detached', json, '--sig', sig, '--trust', cert], { MAHKAMA_LANG: 'ar' });
    expect(stranger.status).toBe(1);
    expect(stranger.stdout).toContain('غير صالح');
    expect(stranger.stdout).toContain('الشهادة لا تؤدي إلى جهة موثوقة');
  });

  it('refuses a .p7s of another file, a file that is not CMS, an attached CMS, and a missing file', () => {
    const sig = path.join(work, 'judge-export.p7s');
    expect(cli(['sign-detached', json, '--out', sig, '--module', SOFTHSM_MODULE, '--token', 'judge', '--key-id', '01'], { MAHKAMA_PIN: '2468' }).status).toBe(0);

    const other = cli(['verify-detached', scan, '--sig', sig, '--trust', hsm.ca.rootFile]);
    expect(other.status).toBe(1);
    expect(other.stdout).toContain('INVALID (the signed bytes were changed)');
    expect(opensslVerify(sig, scan, hsm.ca.rootFile).status).not.toBe(0);

    const notCms = cli(['verify-detached', json, '--sig', json, '--trust', hsm.ca.rootFile, '--json']);
    expect(notCms.status).toBe(1);
    expect(JSON.parse(notCms.stdout)).toMatchObject({ valid: false, problems: ['cmsUnreadable'], level: null, signer: null });
    const notCmsText = cli(['verify-detached', json, '--sig', scan, '--trust', hsm.ca.rootFile]);
    expect(notCmsText.status).toBe(1);
    expect(notCmsText.stdout).toContain('INVALID (the signature value is not a readable CMS)');

    // An attached (opaque) CMS of the very same file, made by openssl with the judge's key.
    const judgeKey = hsm.tokens[0]!.keys[0]!;
    const certFile = path.join(work, 'judge-cert.pem');
    fs.writeFileSync(certFile, judgeKey.certPem);
    const attached = path.join(work, 'attached.p7s');
    const made = spawnSync('openssl', ['cms', '-sign', '-nodetach', '-binary', '-in', json, '-signer', certFile, '-inkey', judgeKey.keyFile, '-certfile', hsm.ca.intermediateFile, '-outform', 'DER', '-out', attached], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const opaque = cli(['verify-detached', json, '--sig', attached, '--trust', hsm.ca.rootFile, '--json']);
    expect(opaque.status).toBe(1);
    const opaqueVerdict = JSON.parse(opaque.stdout) as DetachedVerification;
    expect(opaqueVerdict.contentAttached).toBe(true);
    expect(opaqueVerdict.problems).toEqual(['notDetached']);
    expect(cli(['verify-detached', json, '--sig', attached, '--trust', hsm.ca.rootFile]).stdout).toContain('it is not a detached signature of this file');

    const missing = cli(['verify-detached', path.join(work, 'nowhere.tif'), '--sig', sig, '--trust', hsm.ca.rootFile]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`DOCUMENT_UNREADABLE: The file ${path.join(work, 'nowhere.tif')} cannot be read: the file does not exist.`);
    const missingSig = cli(['verify-detached', json, '--sig', path.join(work, 'nowhere.p7s')], { MAHKAMA_LANG: 'fr' });
    expect(missingSig.status).toBe(2);
    expect(missingSig.stderr).toContain(`DOCUMENT_UNREADABLE: Le fichier ${path.join(work, 'nowhere.p7s')} ne peut pas être lu\u00a0: le fichier n'existe pas.`);
    // A --trust that is not a certificate is refused by name, not read as "untrusted" nor as a crash.
    const badTrust = cli(['verify-detached', json, '--sig', sig, '--trust', json], { MAHKAMA_LANG: 'fr' });
    expect(badTrust.status).toBe(2);
    expect(badTrust.stdout).toBe('');
    expect(badTrust.stderr).toContain(`VALIDATION_FAILED: Le fichier ${json} donné avec --trust n'est pas un certificat\u00a0: il ne contient aucun certificat PEM ou DER.`);
    const folderTrust = cli(['verify-detached', json, '--sig', sig, '--trust', work]);
    expect(folderTrust.status).toBe(2);
    expect(folderTrust.stderr).toContain(`VALIDATION_FAILED: The file ${work} given with --trust is not a certificate: it is a folder, not a file.`);
    expect(`${badTrust.stderr}${folderTrust.stderr}`).not.toMatch(/INTERNAL|\n\s+at /);
    const noSig = cli(['verify-detached', json]);
    expect(noSig.status).toBe(2);
    expect(noSig.stderr).toContain('verify-detached: expected FILE and --sig FILE.p7s');
  });

  it('sign-detached writes nothing on a wrong PIN, a missing file, a PIN argument, or an output over its input', () => {
    const out = path.join(work, 'refused.p7s');
    const before = fs.readdirSync(work).sort();
    const wrong = cli(['sign-detached', scan, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge'], { MAHKAMA_PIN: '0000' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('PIN_INCORRECT: Wrong PIN.');
    const wrongAr = cli(['sign-detached', scan, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'clerk'], { MAHKAMA_PIN: '0000', MAHKAMA_LANG: 'ar' });
    expect(wrongAr.stderr).toContain('PIN_INCORRECT: رمز PIN خاطئ');

    const missing = cli(['sign-detached', path.join(work, 'nowhere.tif'), '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge'], { MAHKAMA_PIN: '2468' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('DOCUMENT_UNREADABLE: The file');
    const arg = cli(['sign-detached', scan, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge', '--pin', '2468']);
    expect(arg.status).toBe(2);
    expect(arg.stderr).toContain('the PIN is never an argument');
    const over = cli(['sign-detached', json, '--out', json, '--module', SOFTHSM_MODULE, '--token', 'judge'], { MAHKAMA_PIN: '2468' });
    expect(over.status).toBe(2);
    expect(over.stderr).toContain('VALIDATION_FAILED: The signature would be written over the file it signs');
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toMatchObject({ case: '2026/1201/345' });

    // The output's folder is checked before the card (a module that does not exist is never reached).
    const noCard = (o: string, lang = 'en') => cli(['sign-detached', json, '--out', o, '--module', '/nonexistent/pkcs11.so', '--token', 'judge'], { MAHKAMA_PIN: '2468', MAHKAMA_LANG: lang });
    const noFolder = path.join(work, 'nodir', 'export.p7s');
    const inMissing = noCard(noFolder, 'ar');
    expect(inMissing.status).toBe(2);
    expect(inMissing.stderr).toContain(`VALIDATION_FAILED: تعذرت كتابة ملف الإخراج ${noFolder} (--out): مجلده غير موجود. لم يُوقَّع أي شيء.`);
    const intoFolder = noCard(work);
    expect(intoFolder.status).toBe(2);
    expect(intoFolder.stderr).toContain(`VALIDATION_FAILED: The output file ${work} (--out) cannot be written: it is a folder, not a file.`);
    const empty = noCard('');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('sign-detached: expected FILE, --out FILE.p7s and --token LABEL');
    for (const r of [inMissing, intoFolder, empty]) expect(r.stderr).not.toMatch(/INTERNAL|TOKEN_UNAVAILABLE|\n\s+at /);

    // Nothing new in the folder: no .p7s, no temporary file.
    expect(fs.readdirSync(work).sort()).toEqual(before);
  });
});

describe('sign-detached B-T with the local TSA (in process)', { timeout: 180_000 }, () => {
  let pki: PkiServices;
  let hsm: SoftHsm;
  let work: string;

  beforeAll(async () => {
    ({ pki, hsm } = await cardsWithPki([{ label: 'judge', pin: '2468', keys: [{ type: 'EC', commonName: 'محمد العلوي Mohamed Alaoui' }] }]));
    work = path.join(hsm.dir, 'bt');
    fs.mkdirSync(work);
  }, 180_000);
  afterAll(async () => {
    await pki?.close();
    hsm?.cleanup();
  });

  it('timestamps the signature (MAHKAMA_TSA_URL), openssl and our verifier accept it at B-T; a TSA down writes nothing', async () => {
    const doc = path.join(work, 'report.json');
    fs.writeFileSync(doc, JSON.stringify({ report: 'تقرير الخبرة', pages: 12 }));
    const sig = path.join(work, 'report.p7s');
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: { ...process.env, ...hsm.env, MAHKAMA_LANG: 'en', MAHKAMA_PIN: '2468', MAHKAMA_TSA_URL: pki.tsaUrl } };
    expect(await runCli(['sign-detached', doc, '--out', sig, '--module', SOFTHSM_MODULE, '--token', 'judge'], io), lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toContain(', B-T): ');
    expect(pki.tsaRequests).toBe(1);
    const byOpenssl = opensslVerify(sig, doc, hsm.ca.rootFile);
    expect(byOpenssl.stderr).toContain('Verification successful');
    expect(cmsPrint(sig)).toMatch(/1\.2\.840\.113549\.1\.9\.16\.2\.14|signatureTimeStampToken/);

    lines.length = 0;
    expect(await runCli(['verify-detached', doc, '--sig', sig, '--trust', hsm.ca.rootFile, '--json'], io)).toBe(0);
    const v = JSON.parse(lines.join('\n')) as DetachedVerification;
    expect(v.level).toBe('B-T');
    expect(v.timestamp).toMatchObject({ valid: true, imprintMatches: true, signatureValid: true, chain: 'trusted' });

    lines.length = 0;
    const tampered_ = tampered(doc, path.join(work, 'report-tampered.json'));
    expect(await runCli(['verify-detached', tampered_, '--sig', sig, '--trust', hsm.ca.rootFile], io)).toBe(1);
    expect(opensslVerify(sig, tampered_, hsm.ca.rootFile).status).not.toBe(0);

    pki.tsaMode = 'down';
    try {
      const out = path.join(work, 'down.p7s');
      lines.length = 0;
      expect(await runCli(['sign-detached', doc, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge'], io)).toBe(2);
      expect(lines.join('\n')).toContain('TIMESTAMP_FAILED: The timestamp authority');
      expect(fs.readdirSync(work).filter((f) => f.startsWith('.') || f === 'down.p7s')).toEqual([]);
    } finally {
      pki.tsaMode = 'ok';
    }
  });
});
