// `npm run bench:sign` (issue 10): PAdES signing and verification with SoftHSM2, as ONE JSON
// document on stdout (progress on stderr). Each signature carries the visible stamp (Arabic and
// Latin names, role, dates, case number), as the app signs judgments.
// - 100 one-page PDFs (half with a classic xref table, half with an xref stream): the time signPdf
//   takes beyond the token's own C_SignInit+C_Sign — target < 30 ms per PDF (mean; p95 beside);
// - 20 two-hundred-page scanned PDFs (~20 MB each, one 1-bit page image per page; half xref
//   stream): the same, target < 200 ms per PDF;
// - verification of every one of those signed files: target < 50 ms per signature.
// Baselines measured in the same run: the token's C_Sign alone (a logged-in session in this
// process, timed around C_SignInit+C_Sign for each signature), and a streamed SHA-256 of each file.
// The signer here calls pkcs11js in this process so that C_Sign can be timed exactly; the app's path
// through the token service (a child process, login and logout per signature) is reported in
// `details` of the one-page measurement. Knobs: BENCH_SIGN_SCALE=0.1 for a quick look; BENCH_OUT=file.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pkcs11js from 'pkcs11js';
import type { CmsSigner } from '../../src/signatures/cades';
import { sha256OfFile } from '../../src/signatures/file-digest';
import { signPdf, type StampOptions } from '../../src/main/services/signing/pades-sign';
import { verifyPdf } from '../../src/signatures/pdf-verify';
import { openSigner } from '../../src/main/services/signing/token-signer';
import { makeSoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm-tokens';
import { startTokenService } from '../integration/signing/helpers';
import { measurement, progress, type Measurement } from './report';
import { round, summarize } from './stats';

const SCALE = Number(process.env.BENCH_SIGN_SCALE ?? 1);
const ONE_PAGE_COUNT = Math.max(2, Math.round(100 * SCALE));
const BIG_COUNT = Math.max(2, Math.round(20 * SCALE));
const BIG_PAGES = 200;
const VIA_SERVICE_COUNT = Math.max(2, Math.round(20 * SCALE));

const STAMP: StampOptions = { nameArabic: 'محمد العلوي', nameLatin: 'Mohamed Alaoui', roleArabic: 'القاضي', roleLatin: 'Juge', caseNumber: '2026/1201/345' };

/** A PDF with a classic xref table from object bodies (1-based numbers; object 1 is the catalog). */
function writePdf(file: string, objects: Buffer[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    let offset = 0;
    const write = (b: Buffer | string) => {
      const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
      fs.writeSync(fd, buf);
      offset += buf.length;
    };
    write('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
    const offsets: number[] = [];
    objects.forEach((body, i) => {
      offsets.push(offset);
      write(`${i + 1} 0 obj\n`);
      write(body);
      write('\nendobj\n');
    });
    const xref = offset;
    write(`xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`);
    for (const o of offsets) write(`${String(o).padStart(10, '0')} 00000 n\r\n`);
    write(`trailer\n<</Size ${objects.length + 1} /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`);
  } finally {
    fs.closeSync(fd);
  }
}

function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<<${dict} /Length ${data.length}>>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

function onePagePdf(file: string): void {
  const text = zlib.deflateSync(Buffer.from(Array.from({ length: 40 }, (_, i) => `BT /F1 11 Tf 56 ${780 - i * 17} Td (Jugement n. 2026/1201/345 - attendu que la demande est recevable en la forme, ligne ${i + 1}) Tj ET`).join('\n'), 'latin1'));
  writePdf(file, [
    Buffer.from('<</Type /Catalog /Pages 2 0 R>>'),
    Buffer.from('<</Type /Pages /Kids [3 0 R] /Count 1>>'),
    Buffer.from('<</Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources <</Font <</F1 5 0 R>>>> /Contents 4 0 R>>'),
    stream('/Filter /FlateDecode', text),
    Buffer.from('<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>'),
  ]);
}

/** A scanned page's 1-bit image at 150 dpi: lines of speckle where a scan has lines of text. */
function scanImage(): Buffer {
  const w = 1240;
  const h = 1754;
  const rowBytes = w / 8;
  const bits = Buffer.alloc(rowBytes * h, 0xff);
  const noise = crypto.randomBytes(rowBytes * h * 2);
  let k = 0;
  for (let y = 150; y < h - 150; y++) {
    if ((y - 150) % 40 >= 22) continue;
    for (let x = 18; x < rowBytes - 18; x++) if (noise[k++]! < 200) bits[y * rowBytes + x] = noise[k++]!;
  }
  return zlib.deflateSync(bits);
}

function scannedPdf(file: string, pages: number): void {
  const images = Array.from({ length: 8 }, scanImage);
  const objects: Buffer[] = [Buffer.from('<</Type /Catalog /Pages 2 0 R>>'), Buffer.alloc(0)];
  const kids: string[] = [];
  for (let p = 0; p < pages; p++) {
    const page = objects.length + 1;
    kids.push(`${page} 0 R`);
    objects.push(Buffer.from(`<</Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources <</XObject <</Im0 ${page + 2} 0 R>>>> /Contents ${page + 1} 0 R>>`));
    objects.push(stream('', Buffer.from('q 595.28 0 0 841.89 0 0 cm /Im0 Do Q', 'latin1')));
    objects.push(stream('/Type /XObject /Subtype /Image /Width 1240 /Height 1754 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode', images[p % images.length]!));
  }
  objects[1] = Buffer.from(`<</Type /Pages /Kids [${kids.join(' ')}] /Count ${pages}>>`);
  writePdf(file, objects);
}

interface TimedSigner extends CmsSigner {
  /** Milliseconds spent in C_SignInit + C_Sign since the last reset. */
  cSignMs: number;
}

/** A signer over a logged-in SoftHSM2 session of this process, timing the token's own calls. */
function inProcessSigner(softhsmConf: string, label: string, pin: string, certificate: Buffer, chain: Buffer[]): { signer: TimedSigner; close(): void } {
  process.env.SOFTHSM2_CONF = softhsmConf;
  const p11 = new pkcs11js.PKCS11();
  p11.load(SOFTHSM_MODULE);
  p11.C_Initialize();
  const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === label);
  if (!slot) throw new Error(`no token ${label}`);
  const session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  p11.C_Login(session, pkcs11js.CKU_USER, pin);
  p11.C_FindObjectsInit(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_ID, value: Buffer.from('01', 'hex') },
  ]);
  const [key] = p11.C_FindObjects(session, 1);
  p11.C_FindObjectsFinal(session);
  if (!key) throw new Error('no key 01');
  const digestInfo = Buffer.from('3031300d060960864801650304020105000420', 'hex');
  const signer: TimedSigner = {
    certificate,
    chain,
    algorithm: 'RSA_PKCS1_SHA256',
    cSignMs: 0,
    async signDigest(digest) {
      const t = process.hrtime.bigint();
      p11.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key);
      const sig = p11.C_Sign(session, Buffer.concat([digestInfo, digest]), Buffer.alloc(512));
      signer.cSignMs += Number(process.hrtime.bigint() - t) / 1e6;
      return Buffer.from(sig);
    },
  };
  return {
    signer,
    close() {
      p11.C_Logout(session);
      p11.C_CloseSession(session);
      p11.C_Finalize();
    },
  };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

interface Run {
  overheadMs: number[];
  /** CPU time of this process during signPdf (user + system): what the machine's load does not inflate. */
  signCpuMs: number[];
  verifyCpuMs: number[];
  cSignMs: number[];
  totalMs: number[];
  verifyMs: number[];
  hashMs: number[];
  sizes: number[];
}

async function signAll(templates: string[], count: number, dir: string, signer: TimedSigner, trust: Buffer[]): Promise<Run> {
  const run: Run = { overheadMs: [], signCpuMs: [], verifyCpuMs: [], cSignMs: [], totalMs: [], verifyMs: [], hashMs: [], sizes: [] };
  for (let i = 0; i < count; i++) {
    const input = path.join(dir, `in-${i}.pdf`);
    const output = path.join(dir, `out-${i}.pdf`);
    fs.copyFileSync(templates[i % templates.length]!, input);
    signer.cSignMs = 0;
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    await signPdf(input, output, signer, { stamp: STAMP, reason: 'bench' });
    const total = ms(t);
    run.signCpuMs.push(cpuMs(cpu));
    run.totalMs.push(total);
    run.cSignMs.push(signer.cSignMs);
    run.overheadMs.push(total - signer.cSignMs);
    const verifyCpu = process.cpuUsage();
    const v = process.hrtime.bigint();
    const verdict = await verifyPdf(output, trust);
    run.verifyMs.push(ms(v) / verdict.signatures.length);
    run.verifyCpuMs.push(cpuMs(verifyCpu) / verdict.signatures.length);
    if (!verdict.allValid) throw new Error(`${output}: not valid: ${JSON.stringify(verdict.signatures.map((s) => s.problems))}`);
    const h = process.hrtime.bigint();
    await sha256OfFile(output);
    run.hashMs.push(ms(h));
    run.sizes.push(fs.statSync(output).size);
    fs.rmSync(input);
    fs.rmSync(output);
  }
  return run;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

async function main(): Promise<void> {
  const hsm = makeSoftHsm([{ label: 'judge', pin: '2468', keys: [{ type: 'RSA', commonName: 'محمد العلوي Mohamed Alaoui' }] }]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-bench-sign-'));
  const key = hsm.tokens[0]!.keys[0]!;
  const trust = [Buffer.from(hsm.ca.rootPem)];
  const { signer, close } = inProcessSigner(hsm.env.SOFTHSM2_CONF, 'judge', '2468', key.certDer, [hsm.ca.intermediateDer]);
  try {
    progress(`making the PDFs (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores)`);
    const onePage = path.join(dir, 'one-page.pdf');
    onePagePdf(onePage);
    const onePageXs = path.join(dir, 'one-page-xref-stream.pdf');
    execFileSync('qpdf', ['--object-streams=generate', onePage, onePageXs]);
    const big = path.join(dir, 'scanned.pdf');
    scannedPdf(big, BIG_PAGES);
    const bigXs = path.join(dir, 'scanned-xref-stream.pdf');
    execFileSync('qpdf', ['--object-streams=generate', big, bigXs]);

    progress('C_Sign baseline');
    signer.cSignMs = 0;
    for (let i = 0; i < 200; i++) await signer.signDigest(crypto.randomBytes(32));
    const cSignAlone = signer.cSignMs / 200;

    progress(`signing ${ONE_PAGE_COUNT} one-page PDFs`);
    await signAll([onePage], 5, dir, signer, trust); // warm-up: fonts read, code compiled
    const small = await signAll([onePage, onePageXs], ONE_PAGE_COUNT, dir, signer, trust);
    progress(`signing ${BIG_COUNT} ${BIG_PAGES}-page PDFs (${round(fs.statSync(big).size / 2 ** 20, 1)} MiB)`);
    const large = await signAll([big, bigXs], BIG_COUNT, dir, signer, trust);

    progress(`the app's path: ${VIA_SERVICE_COUNT} one-page PDFs through the token service`);
    const client = startTokenService(hsm.env);
    const viaService: number[] = [];
    try {
      const appSigner = await openSigner(client, { module: { path: SOFTHSM_MODULE, osLocking: true }, token: { label: 'judge' }, pin: '2468' });
      for (let i = 0; i < VIA_SERVICE_COUNT + 2; i++) {
        const out = path.join(dir, 'via-service.pdf');
        const t = process.hrtime.bigint();
        await signPdf(onePage, out, appSigner, { stamp: STAMP });
        if (i >= 2) viaService.push(ms(t));
        fs.rmSync(out);
      }
    } finally {
      await client.close();
    }

    const measurements: Measurement[] = [];
    const signMeasurement = (name: string, what: string, run: Run, target: number) =>
      measurement({
        name,
        description: `${what}: signPdf with the visible stamp (revision built, byte range hashed as a stream, CMS, temporary copy, append, fsync, rename, SHA-256 of the output), minus the token's C_SignInit+C_Sign; mean ms per PDF`,
        value: round(mean(run.overheadMs), 2),
        unit: 'ms',
        target: { metric: 'meanMs', op: '<', value: target, unit: 'ms' },
        baseline: { description: "SoftHSM2 RSA-2048 C_SignInit+C_Sign alone, logged-in session, 200 signatures", value: round(cSignAlone, 3), unit: 'ms' },
        details: { overhead: summarize(run.overheadMs), processCpuDuringSign: summarize(run.signCpuMs), total: summarize(run.totalMs), cSignDuringRun: summarize(run.cSignMs), meanOutputBytes: Math.round(mean(run.sizes)), files: run.totalMs.length },
      });
    const verifyMeasurement = (name: string, what: string, run: Run) =>
      measurement({
        name,
        description: `${what}: verifyPdf (byte range, streamed digest, CMS signature, chain to the root) per signature; mean ms`,
        value: round(mean(run.verifyMs), 2),
        unit: 'ms',
        target: { metric: 'meanMs', op: '<', value: 50, unit: 'ms' },
        baseline: { description: 'streamed SHA-256 of the same signed file', value: round(mean(run.hashMs), 2), unit: 'ms' },
        details: { verify: summarize(run.verifyMs), processCpuPerSignature: summarize(run.verifyCpuMs), hash: summarize(run.hashMs) },
      });
    const s1 = signMeasurement('sign-one-page', `${ONE_PAGE_COUNT} one-page PDFs (half classic xref, half xref stream)`, small, 30);
    s1.details.viaTokenService = { description: "the app's path: token service child process, login, C_Sign, logout per signature (C_Sign included)", ...summarize(viaService) };
    measurements.push(s1);
    measurements.push(signMeasurement('sign-200-pages', `${BIG_COUNT} scanned ${BIG_PAGES}-page PDFs of ${round(fs.statSync(big).size / 2 ** 20, 1)} MiB (half xref stream)`, large, 200));
    measurements.push(verifyMeasurement('verify-one-page', 'the signed one-page PDFs', small));
    measurements.push(verifyMeasurement('verify-200-pages', 'the signed 200-page PDFs', large));

    const doc = {
      benchmark: 'mahkama signing (issue 10)',
      scale: SCALE,
      machine: { node: process.version, cores: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30, 1), loadAverageAtEnd: os.loadavg().map((l) => round(l, 1)) },
      measurements,
      allPass: measurements.every((m) => m.pass),
    };
    const text = JSON.stringify(doc, null, 2);
    process.stdout.write(`${text}\n`);
    if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, text);
  } finally {
    close();
    fs.rmSync(dir, { recursive: true, force: true });
    hsm.cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
