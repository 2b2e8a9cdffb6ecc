// `npm run cli -- sign` and `verify` as the court's IT runs them: a real process (the CLI entry), the PIN from
// MAHKAMA_PIN, the token service started by the CLI itself, messages in the chosen language, and
// exit codes: verify 0 only when every signature is valid; errors 2 with no output file.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryArgs } from '../../helpers/entries';
import { makeJudgmentPdfs, type JudgmentPdfs } from '../../helpers/judgment-pdfs';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { allToolsAgree, independentVerdicts, tamperedCopy } from './pdf-tools';

const repo = path.resolve(import.meta.dirname, '../../..');

// Each run starts Node with tsx and the CLI's whole module graph, and sign starts the token service too: seconds each on a busy machine.
describe('CLI sign and verify', { timeout: 180_000 }, () => {
  let hsm: SoftHsm;
  let pdfs: JudgmentPdfs;
  let work: string;

  function cli(args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [...entryArgs('cli'), ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...hsm.env, MAHKAMA_PIN: '', MAHKAMA_LANG: 'en', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  beforeAll(async () => {
    hsm = makeSoftHsm([
      { label: 'judge', pin: '2468', keys: [{ type: 'RSA', commonName: 'محمد العلوي Mohamed Alaoui' }] },
      { label: 'clerk', pin: '1357', keys: [{ type: 'EC', commonName: 'Fatima Bennani' }] },
    ]);
    work = path.join(hsm.dir, 'cli');
    fs.mkdirSync(work);
    pdfs = await makeJudgmentPdfs(work);
  }, 120_000); // a CA, tokens and Chromium PDFs: slow on a busy machine
  afterAll(() => hsm?.cleanup());

  it('the built CLI (out/main/cli.js, as packaged) starts the bundled token service beside it and signs, with a stamp shaped by HarfBuzz from node_modules', () => {
    // `npm test` builds before the tests; run alone, build first (npm run build).
    const built = path.join(repo, 'out/main/cli.js');
    expect(fs.existsSync(path.join(repo, 'out/main/token-service.js')), 'out/main/token-service.js missing: run npm run build').toBe(true);
    const out = path.join(work, 'built.pdf');
    const r = spawnSync(process.execPath, [built, 'sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge', '--name-ar', 'محمّد بنّاني', '--name-latin', 'Mohammed Bennani'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, ...hsm.env, MAHKAMA_PIN: '2468', MAHKAMA_LANG: 'en' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(independentVerdicts(out, hsm.ca.rootFile, work)).toEqual(allToolsAgree(1, true));
    expect(spawnSync('pdftotext', ['-f', '2', '-l', '2', out, '-'], { encoding: 'utf8' }).stdout).toContain('محمّد بنّاني');
  });

  it('signs twice (judge, clerk), and verify says valid with the root, as text and JSON', () => {
    const once = path.join(work, 'once.pdf');
    const twice = path.join(work, 'twice.pdf');
    const a = cli(['sign', pdfs.xrefStream, '--out', once, '--module', SOFTHSM_MODULE, '--token', 'judge', '--key-id', '01', '--reason', 'حكم'], { MAHKAMA_PIN: '2468' });
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(a.stdout).toContain(`Signed by C=MA, O=Mahkama Test, CN=محمد العلوي Mohamed Alaoui: ${once}`);
    // The module may come from the workstation's configuration instead of --module.
    const b = cli(['sign', once, '--out', twice, '--token', 'clerk'], { MAHKAMA_PIN: '1357', MAHKAMA_PKCS11_MODULE: SOFTHSM_MODULE });
    expect(b.status).toBe(0);
    expect(independentVerdicts(once, hsm.ca.rootFile, work)).toEqual(allToolsAgree(1, true));
    expect(independentVerdicts(twice, hsm.ca.rootFile, work)).toEqual(allToolsAgree(2, true));

    const text = cli(['verify', twice, '--trust', hsm.ca.rootFile]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Signature 1 \(Signature1\) by .*محمد العلوي Mohamed Alaoui, .*: VALID$/m);
    expect(text.stdout).toMatch(/^Signature 2 \(Signature2\) by .*Fatima Bennani, .*: VALID$/m);
    expect(text.stdout).toMatch(/^Signature 1: \d+ bytes were added to the file after it\.$/m);

    const json = cli(['verify', twice, '--trust', hsm.ca.rootFile, '--json']);
    expect(json.status).toBe(0);
    const parsed = JSON.parse(json.stdout) as { allValid: boolean; signatures: { valid: boolean; coversWholeFile: boolean }[] };
    expect(parsed.allValid).toBe(true);
    expect(parsed.signatures.map((s) => [s.valid, s.coversWholeFile])).toEqual([
      [true, false],
      [true, true],
    ]);

    // Not valid: without a trust anchor, and when tampered; a PDF with no signature is not "valid".
    const untrusted = cli(['verify', twice], { MAHKAMA_LANG: 'fr' });
    expect(untrusted.status).toBe(1);
    expect(untrusted.stdout).toContain('aucune autorité de confiance');
    const tampered = tamperedCopy(twice, path.join(work, 'tampered.pdf'));
    expect(independentVerdicts(tampered, hsm.ca.rootFile, work)).toEqual(allToolsAgree(2, false));
    const bad = cli(['verify', tampered, '--trust', hsm.ca.rootFile]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('INVALID (the signed bytes were changed)');
    const unsigned = cli(['verify', pdfs.classic, '--trust', hsm.ca.rootFile]);
    expect(unsigned.status).toBe(1);
    expect(unsigned.stdout).toContain('This PDF has no signature.');
  });

  it('verify says why a file cannot be verified in its own words and the chosen language: no errno, no "cannot be signed", no stack', () => {
    const refused = (args: string[], lang: 'en' | 'fr' | 'ar') => {
      const r = cli(args, { MAHKAMA_LANG: lang });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/INTERNAL|\n\s+at |\(E[A-Z]+\)|cannot be signed|ne peut pas être signé|لا يمكن توقيعه/);
      return r.stderr;
    };
    const encrypted = path.join(work, 'verify-encrypted.pdf');
    execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', pdfs.classic, encrypted]);
    expect(refused(['verify', encrypted], 'en')).toContain('PDF_UNSUPPORTED: This PDF is encrypted: its signatures cannot be verified.');
    expect(refused(['verify', encrypted], 'fr')).toContain('PDF_UNSUPPORTED: Ce PDF est chiffré\u00a0: ses signatures ne peuvent pas être vérifiées.');
    expect(refused(['verify', encrypted], 'ar')).toContain('PDF_UNSUPPORTED: ملف PDF هذا مشفر: لا يمكن التحقق من توقيعاته.');

    // startxref a few bytes off: the catalog is not where the cross-reference says.
    const text = fs.readFileSync(pdfs.classic).toString('latin1');
    const at = text.lastIndexOf('startxref');
    const offset = Number(/startxref\s+(\d+)/.exec(text.slice(at))![1]);
    const shifted = path.join(work, 'verify-shifted.pdf');
    fs.writeFileSync(shifted, Buffer.from(`${text.slice(0, at)}startxref\n${offset - 7}\n%%EOF\n`, 'latin1'));
    expect(refused(['verify', shifted], 'en')).toContain("PDF_UNSUPPORTED: This PDF's cross-reference table is broken: its signatures cannot be verified. Ask for the file again.");

    const cut = path.join(work, 'verify-cut.pdf');
    fs.writeFileSync(cut, fs.readFileSync(pdfs.classic).subarray(0, Math.floor(text.length * 0.7)));
    expect(refused(['verify', cut], 'fr')).toContain("PDF_UNSUPPORTED: Ce fichier n'est pas un PDF lisible\u00a0: le fichier est coupé ou incomplet.");
    expect(refused(['verify', cut], 'en')).toContain('PDF_UNSUPPORTED: This file is not a readable PDF: the file is cut or incomplete.');
    const notPdf = path.join(work, 'verify-not-a.pdf');
    fs.writeFileSync(notPdf, 'PK\u0003\u0004 a zip');
    expect(refused(['verify', notPdf], 'ar')).toContain('PDF_UNSUPPORTED: هذا الملف ليس ملف PDF مقروءا: لا يبدأ كما يبدأ ملف PDF.');

    const missing = path.join(work, 'nowhere.pdf');
    expect(refused(['verify', missing], 'en')).toContain(`DOCUMENT_UNREADABLE: The file ${missing} cannot be read: the file does not exist. Nothing was signed or checked.`);
    expect(refused(['verify', work], 'fr')).toContain(`DOCUMENT_UNREADABLE: Le fichier ${work} ne peut pas être lu\u00a0: c'est un dossier, pas un fichier.`);
    expect(refused(['verify', work], 'ar')).toContain('هذا مجلد وليس ملفا');
  });

  it('verify refuses a --trust file that is not a certificate, by name and in the chosen language, before reading the PDF', () => {
    const notCert = path.join(work, 'notes.txt');
    fs.writeFileSync(notCert, 'the root is on the USB key');
    const halfPem = path.join(work, 'half.pem');
    fs.writeFileSync(halfPem, hsm.ca.rootPem.slice(0, 200));
    const missing = path.join(work, 'no-root.pem');
    const cases: [string, 'en' | 'fr' | 'ar', string][] = [
      [notCert, 'en', `VALIDATION_FAILED: The file ${notCert} given with --trust is not a certificate: it holds no PEM or DER certificate.`],
      [halfPem, 'fr', `VALIDATION_FAILED: Le fichier ${halfPem} donné avec --trust n'est pas un certificat\u00a0: il ne contient aucun certificat PEM ou DER.`],
      [missing, 'en', `VALIDATION_FAILED: The file ${missing} given with --trust is not a certificate: the file does not exist.`],
      [work, 'ar', `VALIDATION_FAILED: الملف ${work} المعطى مع --trust ليس شهادة: هذا مجلد وليس ملفا.`],
    ];
    for (const [trust, lang, message] of cases) {
      const r = cli(['verify', pdfs.classic, '--trust', hsm.ca.rootFile, '--trust', trust], { MAHKAMA_LANG: lang });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/INTERNAL|\n\s+at /);
    }
  });

  it('sign refuses an output it cannot or must not write before the card is asked for anything, and writes nothing', () => {
    // A module that does not exist: reaching the card would fail with TOKEN_UNAVAILABLE instead.
    const sign = (input: string, out: string, lang: 'en' | 'fr' | 'ar' = 'en') => cli(['sign', input, '--out', out, '--module', '/nonexistent/pkcs11.so', '--token', 'judge'], { MAHKAMA_PIN: '2468', MAHKAMA_LANG: lang });
    const input = path.join(work, 'only-copy.pdf');
    fs.copyFileSync(pdfs.classic, input);
    const link = path.join(work, 'only-copy-link.pdf');
    fs.symlinkSync(input, link);
    const hardLink = path.join(work, 'only-copy-hard-link.pdf');
    fs.linkSync(input, hardLink);
    const before = fs.readdirSync(work).sort();
    const original = fs.readFileSync(input);
    const refused = (r: ReturnType<typeof cli>, message: string) => {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/INTERNAL|TOKEN_UNAVAILABLE|\n\s+at /);
      expect(r.stdout).toBe('');
    };
    const noFolder = path.join(work, 'nodir', 'o.pdf');
    refused(sign(input, noFolder), `VALIDATION_FAILED: The output file ${noFolder} (--out) cannot be written: its folder does not exist. Nothing was signed.`);
    refused(sign(input, noFolder, 'fr'), `VALIDATION_FAILED: Le fichier de sortie ${noFolder} (--out) ne peut pas être écrit\u00a0: son dossier n'existe pas. Rien n'a été signé.`);
    refused(sign(input, path.join(input, 'o.pdf')), 'its folder does not exist');
    refused(sign(input, work, 'ar'), `VALIDATION_FAILED: تعذرت كتابة ملف الإخراج ${work} (--out): هذا مجلد وليس ملفا. لم يُوقَّع أي شيء.`);
    refused(sign(input, ''), 'sign: expected IN.pdf, --out OUT.pdf and --token LABEL');
    // Never over the only copy: by its name, or a link (symbolic or hard) to it.
    refused(sign(input, input), `VALIDATION_FAILED: The signature would be written over the file it signs (${input})`);
    refused(sign(input, link), 'VALIDATION_FAILED: The signature would be written over the file it signs');
    refused(sign(input, hardLink), 'VALIDATION_FAILED: The signature would be written over the file it signs');
    // The input itself is read before the card too.
    const nowhere = path.join(work, 'nowhere-to-sign.pdf');
    refused(sign(nowhere, path.join(work, 'signed-nowhere.pdf')), `DOCUMENT_UNREADABLE: The file ${nowhere} cannot be read: the file does not exist.`);
    expect(fs.readdirSync(work).sort()).toEqual(before);
    expect(fs.readFileSync(input).equals(original)).toBe(true);
  });

  it('a signed PDF cut short is reported cut or damaged (exit 1 or 2), never as unsigned nor as validly signed', () => {
    const signed = path.join(work, 'to-cut.pdf');
    const twice = path.join(work, 'to-cut-twice.pdf');
    expect(cli(['sign', pdfs.classic, '--out', signed, '--module', SOFTHSM_MODULE, '--token', 'judge', '--key-id', '01'], { MAHKAMA_PIN: '2468' }).status).toBe(0);
    expect(cli(['sign', signed, '--out', twice, '--module', SOFTHSM_MODULE, '--token', 'clerk'], { MAHKAMA_PIN: '1357' }).status).toBe(0);
    const bytes = fs.readFileSync(signed);
    const text = bytes.toString('latin1');
    const unsignedSize = fs.statSync(pdfs.classic).size;
    const contents = text.indexOf('/Contents <', unsignedSize);
    const contentsEnd = text.indexOf('>', contents + 11) + 1;
    const xref = text.lastIndexOf('\nxref');
    expect([contents, contentsEnd, xref].every((n) => n > unsignedSize)).toBe(true);
    const cutAt = (file: string, n: number, name: string) => {
      const out = path.join(work, name);
      fs.writeFileSync(out, fs.readFileSync(file).subarray(0, n));
      return out;
    };
    const cuts = [
      cutAt(signed, unsignedSize + 200, 'cut-in-signature-dictionary.pdf'),
      cutAt(signed, contents + 4000, 'cut-in-contents.pdf'),
      cutAt(signed, contentsEnd + 1, 'cut-after-contents.pdf'),
      cutAt(signed, xref, 'cut-before-xref.pdf'),
      // The last end-of-line only: the revision reads whole but its byte range runs past the end.
      cutAt(signed, bytes.length - 1, 'cut-last-byte.pdf'),
    ];
    for (const cut of cuts) {
      const r = cli(['verify', cut, '--trust', hsm.ca.rootFile]);
      expect(r.status, `${cut}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stdout).toContain('This file is cut or damaged: it ends before a revision it holds is complete');
      expect(r.stdout).not.toContain('has no signature');
      expect(r.stdout).not.toMatch(/: VALID$/m);
      const json = JSON.parse(cli(['verify', cut, '--trust', hsm.ca.rootFile, '--json']).stdout) as { truncated: boolean; allValid: boolean };
      expect(json).toMatchObject({ truncated: true, allValid: false });
    }
    const fr = cli(['verify', cuts[1]!, '--trust', hsm.ca.rootFile], { MAHKAMA_LANG: 'fr' });
    expect(fr.status).toBe(1);
    expect(fr.stdout).toContain('Ce fichier est coupé ou abîmé\u00a0:');
    const lastByte = cli(['verify', cuts[4]!, '--trust', hsm.ca.rootFile]);
    expect(lastByte.stdout).toContain('INVALID (the file ends before the bytes this signature covers: it was cut)');

    // Signed twice, cut inside the clerk's signature: the judge's signature is whole and valid, the file is not.
    const twiceText = fs.readFileSync(twice).toString('latin1');
    const second = twiceText.indexOf('/Contents <', bytes.length);
    const cutTwice = cutAt(twice, second + 3000, 'cut-twice.pdf');
    const partly = cli(['verify', cutTwice, '--trust', hsm.ca.rootFile]);
    expect(partly.status).toBe(1);
    expect(partly.stdout).toContain('This file is cut or damaged');
    expect(partly.stdout).toMatch(/^Signature 1 \(Signature1\) by .*Mohamed Alaoui, .*: VALID$/m);

    // Cut inside the revision that was signed: nothing whole to read, an error that says so.
    const early = cli(['verify', cutAt(signed, 9000, 'cut-9000.pdf'), '--trust', hsm.ca.rootFile]);
    expect(early.status).toBe(2);
    expect(early.stderr).toContain('PDF_UNSUPPORTED: This file is not a readable PDF: the file is cut or incomplete.');
    expect(early.stdout).not.toContain('has no signature');
    // The whole file still verifies.
    expect(cli(['verify', signed, '--trust', hsm.ca.rootFile]).status).toBe(0);
  });

  it('wrong PIN: a typed error in the chosen language, exit 2, no output file', () => {
    const out = path.join(work, 'wrong-pin.pdf');
    const en = cli(['sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge'], { MAHKAMA_PIN: '0000' });
    expect(en.status).toBe(2);
    expect(en.stderr).toContain('PIN_INCORRECT: Wrong PIN. Only a few tries are left before the card locks. Nothing was signed.');
    const ar = cli(['sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge'], { MAHKAMA_PIN: '0000', MAHKAMA_LANG: 'ar' });
    expect(ar.stderr).toContain('PIN_INCORRECT: رمز PIN خاطئ');
    const fr = cli(['sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge'], { MAHKAMA_PIN: '0000', MAHKAMA_LANG: 'fr' });
    expect(fr.stderr).toContain('PIN_INCORRECT: Code PIN erroné.');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a disk that is full when the signed PDF is written: DISK_FULL in the chosen language, exit 2, nothing left on that disk', () => {
    // A real full disk: a 16 KiB tmpfs mounted in a mount namespace of the CLI's own (unshare, so
    // no privilege is needed and nothing outlives the process). The output folder exists and is
    // writable, so --out passes its checks; the PDF does not fit. The listing is taken inside the
    // namespace, before the tmpfs goes away with it.
    const disk = path.join(work, 'full-disk');
    fs.mkdirSync(disk);
    const out = path.join(disk, 'signed.pdf');
    const script = 'mount -t tmpfs -o size=16k tmpfs "$0" && { "$@"; code=$?; echo "left: [$(ls -A "$0")]"; exit $code; }';
    const r = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script, disk, process.execPath, ...entryArgs('cli'), 'sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...hsm.env, MAHKAMA_PIN: '2468', MAHKAMA_LANG: 'fr' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(r.stderr).toContain("DISK_FULL: Le disque de cet ordinateur est plein. Rien n'a été enregistré");
    expect(r.stderr).not.toMatch(/INTERNAL|ENOSPC|\n\s+at /);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('left: []');
  });

  it('refuses a PIN given as an argument, no PIN at all, and a module that is not PKCS#11', () => {
    const out = path.join(work, 'refused.pdf');
    const arg = cli(['sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge', '--pin', '2468']);
    expect(arg.status).toBe(2);
    expect(arg.stderr).toContain('the PIN is never an argument');
    const none = cli(['sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('PIN_REQUIRED: This card needs its PIN to sign.');
    const lib = cli(['sign', pdfs.classic, '--out', out, '--module', '/usr/lib/x86_64-linux-gnu/libz.so.1', '--token', 'judge'], { MAHKAMA_PIN: '2468', MAHKAMA_LANG: 'fr' });
    expect(lib.status).toBe(2);
    expect(lib.stderr).toContain('TOKEN_UNAVAILABLE: La bibliothèque PKCS#11 /usr/lib/x86_64-linux-gnu/libz.so.1 n\'a pas pu être chargée');
    const unset = cli(['sign', pdfs.classic, '--out', out, '--token', 'judge'], { MAHKAMA_PIN: '2468' });
    expect(unset.stderr).toContain('TOKEN_UNAVAILABLE: No PKCS#11 library is configured');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('signs with a visible stamp from --name-ar/--name-latin, and refuses a stamp with one name', () => {
    const out = path.join(work, 'stamped.pdf');
    const r = cli(
      ['sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge', '--key-id', '01', '--name-ar', 'محمد العلوي', '--name-latin', 'Mohamed Alaoui', '--role-ar', 'القاضي', '--role-latin', 'Juge', '--case', '2026/1201/345'],
      { MAHKAMA_PIN: '2468' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(independentVerdicts(out, hsm.ca.rootFile, work)).toEqual(allToolsAgree(1, true));
    const text = spawnSync('pdftotext', ['-f', '2', '-l', '2', out, '-'], { encoding: 'utf8' }).stdout.replace(/[\u202a-\u202e]/g, '').replace(/\s+/g, ' ');
    for (const expected of ['محمد العلوي', 'Mohamed Alaoui', 'القاضي', 'Juge', '2026/1201/345']) expect(text, expected).toContain(expected);
    const one = cli(['sign', pdfs.classic, '--out', path.join(work, 'one-name.pdf'), '--module', SOFTHSM_MODULE, '--token', 'judge', '--name-latin', 'Mohamed Alaoui'], { MAHKAMA_PIN: '2468' });
    expect(one.status).toBe(2);
    expect(one.stderr).toContain('a stamp needs both --name-ar and --name-latin');
    expect(fs.existsSync(path.join(work, 'one-name.pdf'))).toBe(false);
  });

  it('a production build refuses SoftHSM2 before asking for the PIN, in the chosen language; the override signs', () => {
    const out = path.join(work, 'production.pdf');
    const fr = cli(['sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge'], { NODE_ENV: 'production', MAHKAMA_LANG: 'fr' });
    expect(fr.status).toBe(2);
    expect(fr.stderr).toContain('SOFTWARE_TOKEN_REFUSED: Installation de production\u00a0: un jeton logiciel');
    const ar = cli(['sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge'], { NODE_ENV: 'production', MAHKAMA_LANG: 'ar' });
    expect(ar.stderr).toContain('SOFTWARE_TOKEN_REFUSED: هذه نسخة إنتاج');
    expect(fs.existsSync(out)).toBe(false);
    const allowed = cli(['sign', pdfs.classic, '--out', out, '--module', SOFTHSM_MODULE, '--token', 'judge', '--key-id', '01'], { NODE_ENV: 'production', MAHKAMA_ALLOW_SOFT_TOKEN: '1', MAHKAMA_PIN: '2468' });
    expect(allowed.stderr).toBe('');
    expect(allowed.status).toBe(0);
  });
});
