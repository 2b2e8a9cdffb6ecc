// The independent checkers of a signed PDF, as the tests run them: poppler's pdfsig (its text is
// parsed: it exits 0 even on a digest mismatch), qpdf --check, and openssl cms -verify over each
// byte range, the ranges and CMS found by a plain text scan of the file (not by our parser).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface PdfsigSignature {
  fieldName: string;
  commonName: string;
  subFilter: string;
  valid: boolean;
  validation: string;
  totalDocument: boolean;
}

export function pdfsig(file: string): PdfsigSignature[] {
  const r = spawnSync('pdfsig', ['-nocert', file], { encoding: 'utf8' });
  const blocks = r.stdout.split(/^Signature #\d+:$/m).slice(1);
  return blocks.map((b) => {
    const line = (label: string) => new RegExp(`^\\s+- ${label}: (.*)$`, 'm').exec(b)?.[1]?.trim() ?? '';
    const validation = line('Signature Validation');
    return {
      fieldName: line('Signature Field Name'),
      commonName: line('Signer Certificate Common Name'),
      subFilter: line('Signature Type'),
      validation,
      valid: validation === 'Signature is Valid.',
      totalDocument: /^\s+- Total document signed$/m.test(b),
    };
  });
}

export function qpdfCheck(file: string): { status: number | null; output: string } {
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

/** Length of the DER element at the start of `buf` (the /Contents is padded with zeros after it). */
function derLength(buf: Buffer): number {
  const first = buf[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + buf[2 + i]!;
  return 2 + n + len;
}

/** For every /ByteRange in the file: openssl cms -verify of its CMS over its ranges, to `rootFile`. */
export function opensslVerifyByteRanges(file: string, rootFile: string, workDir: string): { ok: boolean; stderr: string }[] {
  const pdf = fs.readFileSync(file);
  const text = pdf.toString('latin1');
  const results: { ok: boolean; stderr: string }[] = [];
  let i = 0;
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    const contents = Buffer.from(text.slice(b + 1, c - 1), 'hex');
    const cms = contents.subarray(0, derLength(contents));
    const content = path.join(workDir, `range-${i}.bin`);
    const sig = path.join(workDir, `range-${i}.p7s`);
    fs.writeFileSync(content, signed);
    fs.writeFileSync(sig, cms);
    const r = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', content, '-CAfile', rootFile, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    results.push({ ok: r.status === 0 && /Verification successful/.test(r.stderr), stderr: r.stderr });
    i++;
  }
  return results;
}

/** A copy of `file` with one byte changed inside the first Flate stream's data (first revision). */
export function tamperedCopy(file: string, out: string): string {
  const pdf = fs.readFileSync(file);
  const text = pdf.toString('latin1');
  const filter = text.indexOf('/FlateDecode');
  const stream = text.indexOf('stream', filter);
  const at = stream + 'stream'.length + 40;
  pdf[at] = pdf[at]! ^ 0x5a;
  fs.writeFileSync(out, pdf);
  return out;
}

/** Each /ByteRange of the file with the DER in its /Contents (zeros after it trimmed by openssl's own parse). */
export function byteRanges(file: string): { signed: Buffer; contents: Buffer }[] {
  const pdf = fs.readFileSync(file);
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => {
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    return { signed: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]), contents: Buffer.from(text.slice(b + 1, c - 1), 'hex') };
  });
}

export function derPrefix(buf: Buffer): Buffer {
  const first = buf[1]!;
  if (first < 0x80) return buf.subarray(0, 2 + first);
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + buf[2 + i]!;
  return buf.subarray(0, 2 + n + len);
}

/** openssl ts -verify of a token over a digest (signature timestamps) or data (document timestamps). */
export function opensslTsVerify(token: Buffer, what: { digest: Buffer } | { data: Buffer }, rootFile: string, untrusted: string, work: string): boolean {
  const tokenFile = path.join(work, `token-${crypto.randomBytes(4).toString('hex')}.der`);
  fs.writeFileSync(tokenFile, derPrefix(token));
  const args = ['ts', '-verify', '-in', tokenFile, '-token_in', '-CAfile', rootFile, '-untrusted', untrusted];
  if ('digest' in what) args.push('-digest', what.digest.toString('hex'));
  else {
    const dataFile = `${tokenFile}.data`;
    fs.writeFileSync(dataFile, what.data);
    args.push('-data', dataFile);
  }
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return r.status === 0 && /Verification: OK/.test(r.stdout + r.stderr);
}

/**
 * The three independent tools on one signed file, as the issue asks of every signed output: pdfsig
 * on each signature, qpdf --check, and openssl cms -verify of each byte range's CMS to `rootFile`.
 */
export function independentVerdicts(file: string, rootFile: string, workDir: string): { pdfsig: boolean[]; qpdf: boolean; openssl: boolean[] } {
  return {
    pdfsig: pdfsig(file).map((s) => s.valid),
    qpdf: qpdfCheck(file).status === 0,
    openssl: opensslVerifyByteRanges(file, rootFile, workDir).map((r) => r.ok),
  };
}

/** What `independentVerdicts` says when all three tools agree on all `count` signatures: all sound, or (a tampered copy) all failing. */
export function allToolsAgree(count: number, sound: boolean): { pdfsig: boolean[]; qpdf: boolean; openssl: boolean[] } {
  return { pdfsig: Array<boolean>(count).fill(sound), qpdf: sound, openssl: Array<boolean>(count).fill(sound) };
}
