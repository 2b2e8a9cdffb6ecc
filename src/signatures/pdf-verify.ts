// The built-in verifier of signed PDFs, per signature: is the byte range sound (starts at 0, its
// gap is exactly the /Contents hex string, ends inside the file — signature-wrapping attacks fail
// here, OpenPDF#158), does the CMS message digest match the signed bytes (hashed as a stream), is
// the CMS signature right for the signer's certificate, does that certificate chain to a trust
// anchor the admin configured, and does the signature cover the whole file or were bytes appended
// after it (a later revision: another signature, or a change to look at). The CMS is checked with
// node:crypto over the signed attributes exactly as received (PKI.js#402).
//
// Long-term validation (ltv-extend.ts): a signature's level follows ETSI EN 319 142-1 (PAdES
// baseline), clause 6.3 and its Table 1: B-T is given by a signature-time-stamp over the signature
// value OR by a document time-stamp (ETSI.RFC3161) covering the signature — the EU's DSS library
// reads a B-B signature extended by a document timestamp as T-level the same way
// (esig/dss, PAdESExtendedToTLevelTest: "pades-t-level-extended.pdf"); the first valid one after
// the signature counts, and only if the signer's chain is valid at its time. B-LT needs the DSS to
// hold the validation data (certificates, and an OCSP response or CRL for every certificate below
// the anchor) of the signer AND of the TSA of that time-stamp (clause 6.4). B-LTA needs a further
// document time-stamp, after the B-T one, whose revision holds such a DSS — it is read from the file
// as it stood at that timestamp's revision, so validation data appended after the last document
// timestamp raises B-LT, never B-LTA (clause 6.5). No /VRI is needed or read: it is optional in
// EN 319 142-1 (5.4.2.2) and pyHanko and DSS validate from /Certs, /OCSPs and /CRLs alone.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../shared/errors';
import type { BaselineLevel } from '../shared/schemas/judgment-signing';
import { summarizeCertificate } from './cert-info';
import { chainStatus, type ChainVerdict } from './cms-verify';
import { digestOfRanges, sha256OfRanges } from './file-digest';
import { holdsSignatureBetween, lastRevisionEnd } from './pdf-cut';
import { PdfFile } from './pdf-file';
import { NeedMoreBytes, PdfSyntaxError, stringBytes, textOf, type PdfValue } from './pdf-objects';
import { revocationStatus } from './revocation';
import { certificateOf, checkSignerInfo, type CertificateWithPool } from './signer-info-check';
import { verifyTimestampToken, type TimestampVerdict } from './timestamp-token';

export const SIGNATURE_PROBLEMS = [
  'byteRange',
  'cmsUnreadable',
  'digestMismatch',
  'badSignature',
  'unsupportedAlgorithm',
  'signerCertificateMissing',
  'chainUntrusted',
  'noTrustAnchors',
  'certificateNotValidAtSigningTime',
  'timestampInvalid',
  'certificateRevoked',
  // A detached signature's CMS that carries content of its own (cades-verify.ts).
  'notDetached',
  // The byte range runs past the end of the file: it was cut after it was signed.
  'fileCut',
] as const;
export type SignatureProblem = (typeof SIGNATURE_PROBLEMS)[number];

export type { BaselineLevel };

export interface RevocationFinding {
  subject: string;
  /** What the DSS says of this certificate; 'none' when it holds nothing about it. */
  status: 'good' | 'revoked' | 'unknown' | 'none';
  source: 'ocsp' | 'crl' | null;
  revokedAt: string | null;
}

export interface SignatureVerdict {
  /** 1-based, in the order of the form's fields (the order they were added). */
  index: number;
  /** A signer's signature, or a document timestamp (B-LTA) whose "signer" is the TSA. */
  kind: 'signature' | 'documentTimestamp';
  /** The PAdES baseline level reached (signatures only). */
  level: BaselineLevel | null;
  /** The signature-time-stamp of a signature (when it has one), or the document timestamp itself. */
  timestamp: Omit<TimestampVerdict, 'problems'> | null;
  /**
   * A signature's trusted time (B-T and up): its own valid signature-time-stamp, else the first
   * valid document timestamp covering it (`index` is that timestamp's); null at B-B.
   */
  trustedTime: { time: string; source: 'signatureTimestamp' | 'documentTimestamp'; index: number } | null;
  /** Per certificate of the signer's chain below the anchor, then of the TSA of its trusted time. */
  revocation: RevocationFinding[];
  fieldName: string;
  subFilter: string | null;
  signer: { subject: string; commonNames: string[]; issuer: string } | null;
  /** /M of the signature dictionary, as ISO 8601 (claimed by the signer's machine: B-B has no trusted time). */
  signingTime: string | null;
  reason: string | null;
  byteRange: number[];
  byteRangeSound: boolean;
  digestMatches: boolean;
  signatureValid: boolean;
  chain: ChainVerdict;
  coversWholeFile: boolean;
  /** Bytes of the file after the signed range (0 when it covers the whole file). */
  bytesAfter: number;
  problems: SignatureProblem[];
  valid: boolean;
}

export interface PdfVerification {
  file: string;
  size: number;
  signatures: SignatureVerdict[];
  /**
   * The file is cut or damaged: it does not end with a whole revision and was read as its last
   * whole one, or it holds a signature dictionary after that revision, or a signature's byte range
   * runs past its end. Never "no signature" then: a signed judgment cut in transit is not unsigned.
   */
  truncated: boolean;
  /** At least one signature, every one valid, and the file whole. */
  allValid: boolean;
}

function parsePdfDate(s: string | null): Date | null {
  const m = s && /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', tz = 'Z'] = m;
  const zone = tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5) || '00'}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export interface SignatureField {
  fieldName: string;
  sig: Map<string, PdfValue>;
}

/** The signature fields of the newest revision's form, with their signature dictionaries. */
export function signatureFields(pdf: PdfFile): SignatureField[] {
  const catalog = pdf.resolve(pdf.trailer.entries.get('Root'));
  if (catalog.kind !== 'dict') return [];
  const form = pdf.resolve(catalog.entries.get('AcroForm'));
  if (form.kind !== 'dict') return [];
  const fields = pdf.resolve(form.entries.get('Fields'));
  const out: SignatureField[] = [];
  const walk = (items: PdfValue[], prefix: string, depth: number) => {
    for (const item of items) {
      const f = pdf.resolve(item);
      if (f.kind !== 'dict' || depth > 16) continue;
      const partial = textOf(f.entries.get('T')) ?? '';
      const full = prefix && partial ? `${prefix}.${partial}` : prefix || partial;
      const ft = f.entries.get('FT');
      const v = pdf.resolve(f.entries.get('V'));
      if (ft?.kind === 'name' && ft.name === 'Sig' && v.kind === 'dict') out.push({ fieldName: full, sig: v.entries });
      const kids = pdf.resolve(f.entries.get('Kids'));
      if (kids.kind === 'arr') walk(kids.items, full, depth + 1);
    }
  };
  if (fields.kind === 'arr') walk(fields.items, '', 0);
  return out;
}

/** Length of the DER element at the start of `buf` (all of `buf` when its header is not DER). */
function derLength(buf: Buffer): number {
  if (buf.length < 2) return buf.length;
  const first = buf[1]!;
  if (first < 0x80) return Math.min(buf.length, 2 + first);
  const n = first & 0x7f;
  if (n === 0 || n > 4 || buf.length < 2 + n) return buf.length;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + buf[2 + i]!;
  return Math.min(buf.length, 2 + n + len);
}

/** A timestamp authority's certificate with the certificates its token carried. */
type TsaCertificate = CertificateWithPool;

/** What the levels need beyond the verdict (worked out once every field is read). */
interface Facts {
  verdict: SignatureVerdict;
  /** A signature's certificate and the certificates of its CMS. */
  signer: TsaCertificate | null;
  /** The TSA of a signature's valid signature-time-stamp, or of a document timestamp. */
  tsa: TsaCertificate | null;
  /** Its valid signature-time-stamp's time, or a document timestamp's time. */
  time: Date | null;
}

async function verifyOne(pdf: PdfFile, field: SignatureField, index: number, anchors: X509Certificate[], dss: DssContents): Promise<Facts> {
  const problems: SignatureProblem[] = [];
  const sig = field.sig;
  const nameOf = (k: string) => {
    const v = sig.get(k);
    return v?.kind === 'name' ? v.name : null;
  };
  const br = sig.get('ByteRange');
  const byteRange = br?.kind === 'arr' ? br.items.map((i) => (i.kind === 'num' ? i.value : -1)) : [];
  const contentsValue = sig.get('Contents');
  const contents = contentsValue?.kind === 'str' ? stringBytes(contentsValue) : Buffer.alloc(0);
  const signingTimeText = textOf(sig.get('M'));
  const signingTime = parsePdfDate(signingTimeText);

  // Byte range: [0 a b c] with a < b, b + c within the file, and the gap exactly the hex /Contents.
  let byteRangeSound = false;
  let runsPastEnd = false;
  if (byteRange.length === 4 && byteRange.every((n) => Number.isInteger(n) && n >= 0)) {
    const [start, a, b, c] = byteRange as [number, number, number, number];
    runsPastEnd = start === 0 && a < b && b + c > pdf.size;
    if (start === 0 && a < b && b + c <= pdf.size) {
      const gap = pdf.read(a, b - a).toString('latin1');
      byteRangeSound = /^<[0-9a-fA-F]*>$/.test(gap) && Buffer.from(gap.slice(1, -1), 'hex').equals(contents);
    }
  }
  if (runsPastEnd) problems.push('fileCut');
  else if (!byteRangeSound) problems.push('byteRange');
  const [, a = 0, b = 0, c = 0] = byteRange;
  const end = b + c;

  const base = {
    index,
    fieldName: field.fieldName,
    subFilter: nameOf('SubFilter'),
    reason: textOf(sig.get('Reason')),
    byteRange,
    byteRangeSound,
    coversWholeFile: byteRangeSound && end === pdf.size,
    bytesAfter: byteRangeSound ? pdf.size - end : 0,
  };

  if (base.subFilter === 'ETSI.RFC3161') {
    // A document timestamp: the token's imprint is the digest of the byte range.
    const hashOf = async (alg: string) => (byteRangeSound ? digestOfRanges(alg, pdf.path, [{ start: 0, length: a }, { start: b, length: c }]) : Buffer.alloc(0));
    const t = await verifyTimestampToken(contents, hashOf, anchors);
    if (!t.parsed) problems.push('cmsUnreadable');
    else {
      if (!t.imprintMatches) problems.push('digestMismatch');
      if (!t.signatureValid) problems.push('badSignature');
      for (const p of t.problems) if (p === 'chainUntrusted' || p === 'noTrustAnchors' || p === 'certificateNotValidAtSigningTime') problems.push(p);
      if (t.problems.includes('notATsaCertificate')) problems.push('timestampInvalid');
    }
    const tsaDer = t.parsed?.tsaCertificate;
    const summary = tsaDer ? summarizeCertificate(tsaDer) : null;
    const { parsed: _parsed, problems: _p, ...timestamp } = t;
    const verdict: SignatureVerdict = {
      ...base,
      kind: 'documentTimestamp',
      level: null,
      timestamp: t.parsed ? timestamp : null,
      trustedTime: null,
      revocation: [],
      signer: summary ? { subject: summary.subject, commonNames: summary.commonNames, issuer: summary.issuer } : null,
      signingTime: t.time,
      digestMatches: t.imprintMatches,
      signatureValid: t.signatureValid,
      chain: t.chain,
      problems,
      valid: problems.length === 0,
    };
    const tsa = tsaDer && t.parsed ? { cert: certificateOf(tsaDer).x509, pool: t.parsed.certificates.map((d) => certificateOf(d).x509) } : null;
    return { verdict, signer: null, tsa, time: t.time ? new Date(t.time) : null };
  }

  // Only the DER element: /Contents is padded with zeros to its reserved size, and asn1js's cost
  // grows with the buffer it is given, not with the element it reads.
  const check = await checkSignerInfo(contents.subarray(0, derLength(contents)), {
    digestOf: async (alg) =>
      byteRangeSound && alg === 'sha256'
        ? sha256OfRanges(pdf.path, [
            { start: 0, length: a },
            { start: b, length: c },
          ])
        : null,
    anchors,
    claimedTime: signingTime,
    extraPool: dss.certs,
  });
  // Bytes cut off the end cannot be hashed: the cut is the finding, not a change to the bytes.
  problems.push(...check.problems.filter((p) => !(runsPastEnd && p === 'digestMismatch')));
  const { digestMatches, signatureValid, chain, signer, timestamp, signerFacts, tsa } = check;
  const verdict: SignatureVerdict = {
    ...base,
    kind: 'signature',
    level: 'B-B',
    timestamp,
    trustedTime: null,
    revocation: [],
    signer,
    signingTime: signingTime ? signingTime.toISOString() : null,
    digestMatches,
    signatureValid,
    chain,
    problems,
    valid: false,
  };
  return { verdict, signer: signerFacts, tsa, time: timestamp?.valid ? new Date(timestamp.time!) : null };
}

const rangeEnd = (v: SignatureVerdict) => (v.byteRange[2] ?? 0) + (v.byteRange[3] ?? 0);

/** The certificates below the anchor of `leaf`'s chain (through `pool` and the DSS's), when it is trusted at `at`. */
function trustedPath(leaf: TsaCertificate, dss: DssContents, anchors: X509Certificate[], at: Date): { path: X509Certificate[]; anchor: X509Certificate } | null {
  const status = chainStatus(leaf.cert, [...leaf.pool, ...dss.certs], anchors, at);
  return status.chain === 'trusted' && status.anchor ? { path: status.path, anchor: status.anchor } : null;
}

/** Whether `dss` holds the validation data of every chain of `leaves`: each trusted, each certificate below the anchor with an OCSP answer or CRL. */
function validationDataComplete(leaves: TsaCertificate[], dss: DssContents, anchors: X509Certificate[], at: Date): boolean {
  return leaves.every((leaf) => {
    const p = trustedPath(leaf, dss, anchors, at);
    return p !== null && p.path.every((cert, k) => revocationStatus(cert, p.path[k + 1] ?? p.anchor, dss) !== null);
  });
}

/**
 * A signature's level, trusted time and revocation findings, once every field is read (module
 * header: EN 319 142-1 clauses 6.3 to 6.5). `dssAt(end)` is the DSS of the file as it stood at a
 * revision ending at `end`.
 */
function settleLevel(f: Facts, stamps: Facts[], anchors: X509Certificate[], newest: DssContents, dssAt: (end: number) => DssContents): void {
  const v = f.verdict;
  const end = rangeEnd(v);
  // The trusted time: the signature-time-stamp's, else the first valid document timestamp covering the signature.
  let source: { time: Date; tsa: TsaCertificate; after: number; kind: 'signatureTimestamp' | 'documentTimestamp'; index: number } | null = null;
  if (f.tsa && f.time) source = { time: f.time, tsa: f.tsa, after: end, kind: 'signatureTimestamp', index: v.index };
  else if (f.signer && v.chain === 'trusted') {
    const signer = f.signer;
    const d = stamps.find((s) => s.verdict.valid && s.tsa && s.time && (s.verdict.byteRange[1] ?? 0) > end && chainStatus(signer.cert, [...signer.pool, ...newest.certs], anchors, s.time).validAtSigning);
    if (d) source = { time: d.time!, tsa: d.tsa!, after: rangeEnd(d.verdict), kind: 'documentTimestamp', index: d.verdict.index };
  }
  const at = source?.time ?? new Date();

  // Revocation findings from the newest DSS: the signer's chain, then the TSA's of the trusted time.
  const revocation: RevocationFinding[] = [];
  if (f.signer && v.chain === 'trusted') {
    const leaves = [{ leaf: f.signer, signer: true }, ...(source ? [{ leaf: source.tsa, signer: false }] : [])];
    for (const { leaf, signer } of leaves) {
      const p = trustedPath(leaf, newest, anchors, at);
      if (!p) continue;
      p.path.forEach((cert, k) => {
        const s = revocationStatus(cert, p.path[k + 1] ?? p.anchor, newest);
        revocation.push({ subject: certificateOf(cert.raw).summary().subject, status: s?.status ?? 'none', source: s?.source ?? null, revokedAt: s?.status === 'revoked' ? s.revokedAt : null });
        // Revoked before the trusted time (or, with no trusted time, at all): the signature does not hold.
        if (signer && s?.status === 'revoked' && new Date(s.revokedAt).getTime() <= at.getTime()) v.problems.push('certificateRevoked');
      });
    }
  }
  v.revocation = revocation;
  v.problems = [...new Set(v.problems)];
  v.valid = v.problems.length === 0;
  v.trustedTime = source ? { time: source.time.toISOString(), source: source.kind, index: source.index } : null;

  let level: BaselineLevel = 'B-B';
  if (source && f.signer) {
    level = 'B-T';
    const leaves = [f.signer, source.tsa];
    if (validationDataComplete(leaves, newest, anchors, at)) {
      level = 'B-LT';
      // B-LTA: a later valid document timestamp whose own revision holds that validation data.
      const archive = stamps.some((s) => s.verdict.valid && (s.verdict.byteRange[1] ?? 0) > source.after && validationDataComplete(leaves, dssAt(rangeEnd(s.verdict)), anchors, at));
      if (archive) level = 'B-LTA';
    }
  }
  v.level = level;
}

interface DssContents {
  certs: X509Certificate[];
  ocsps: Buffer[];
  crls: Buffer[];
}

/** The newest revision's DSS (validation data added for long-term validation), read leniently. */
function readDss(pdf: PdfFile): DssContents {
  const out: DssContents = { certs: [], ocsps: [], crls: [] };
  try {
    const catalog = pdf.resolve(pdf.trailer.entries.get('Root'));
    const dss = catalog.kind === 'dict' ? pdf.resolve(catalog.entries.get('DSS')) : null;
    if (dss?.kind !== 'dict') return out;
    const streams = (key: string) => {
      const arr = pdf.resolve(dss.entries.get(key));
      return arr.kind === 'arr' ? arr.items.flatMap((i) => (i.kind === 'ref' ? [pdf.getStreamData(i.num)] : [])) : [];
    };
    for (const der of streams('Certs')) {
      try {
        out.certs.push(new X509Certificate(der));
      } catch {
        // A certificate that does not parse helps no chain.
      }
    }
    out.ocsps = streams('OCSPs');
    out.crls = streams('CRLs');
  } catch {
    // A broken DSS gives no validation data; the levels say so.
  }
  return out;
}

/** The reader's refusals in the verifier's words ("cannot be verified", not "cannot be signed"). */
function forVerification(err: unknown): unknown {
  if (err instanceof AppError && err.i18nKey === 'signing.errors.pdfEncrypted') return new AppError('PDF_UNSUPPORTED', 'signing.errors.verifyPdfEncrypted', { cause: err });
  if (err instanceof AppError && err.i18nKey === 'signing.errors.pdfBrokenXref') return new AppError('PDF_UNSUPPORTED', 'signing.errors.verifyPdfBrokenXref', { cause: err });
  // An object the cross-reference points to but that is not there: the same broken structure.
  if (err instanceof PdfSyntaxError || err instanceof NeedMoreBytes) return new AppError('PDF_UNSUPPORTED', 'signing.errors.verifyPdfBrokenXref', { cause: err });
  return err;
}

/** Verifies every signature of `file` against the PEM or DER trust anchors given. */
export async function verifyPdf(file: string, trustAnchors: readonly Buffer[] = []): Promise<PdfVerification> {
  try {
    return await verifySignatures(file, trustAnchors);
  } catch (err) {
    throw forVerification(err);
  }
}

/**
 * The file as its last whole revision (pdf-cut.ts): the file itself when it ends with one, else the
 * revision before the cut, if any; `truncated` when it did not end whole or a signature lies after.
 */
function openLastWholeRevision(file: string): { pdf: PdfFile; size: number; truncated: boolean } {
  let pdf: PdfFile;
  let cutShort = false;
  try {
    pdf = PdfFile.open(file);
  } catch (err) {
    if (!(err instanceof AppError && err.params?.why === 'pdfCut')) throw err;
    const end = lastRevisionEnd(file, fs.statSync(file).size);
    if (end === null) throw err;
    try {
      pdf = PdfFile.open(file, end);
    } catch {
      throw err;
    }
    cutShort = true;
  }
  // Opened whole, the reader's size is the file's; opened as an earlier revision, the file is longer.
  const size = cutShort ? fs.statSync(file).size : pdf.size;
  return { pdf, size, truncated: cutShort || holdsSignatureBetween(file, pdf.revisionEnd, size) };
}

async function verifySignatures(file: string, trustAnchors: readonly Buffer[]): Promise<PdfVerification> {
  const anchors = trustAnchors.map((a) => certificateOf(Buffer.from(a)).x509);
  const { pdf, size, truncated: cutAfterRevision } = openLastWholeRevision(file);
  try {
    const fields = signatureFields(pdf);
    const dss = readDss(pdf);
    const facts: Facts[] = [];
    for (const [i, field] of fields.entries()) facts.push(await verifyOne(pdf, field, i + 1, anchors, dss));
    const stamps = facts.filter((f) => f.verdict.kind === 'documentTimestamp');
    const earlier = new Map<number, DssContents>();
    const dssAt = (end: number): DssContents => {
      if (end >= pdf.size) return dss;
      let found = earlier.get(end);
      if (!found) {
        found = { certs: [], ocsps: [], crls: [] };
        try {
          const then = PdfFile.open(file, end);
          try {
            found = readDss(then);
          } finally {
            then.close();
          }
        } catch {
          // A revision that does not read as a PDF of its own holds no validation data.
        }
        earlier.set(end, found);
      }
      return found;
    };
    for (const f of facts) if (f.verdict.kind === 'signature') settleLevel(f, stamps, anchors, dss, dssAt);
    const signatures = facts.map((f) => f.verdict);
    const truncated = cutAfterRevision || signatures.some((s) => s.problems.includes('fileCut'));
    return { file, size, signatures, truncated, allValid: !truncated && signatures.length > 0 && signatures.every((s) => s.valid) };
  } finally {
    pdf.close();
  }
}
