// The built-in verifier of signed PDFs, per signature: is the byte range sound (starts at 0, its
// gap is exactly the /Contents hex string, ends inside the file — signature-wrapping attacks fail
// here, OpenPDF#158), does the CMS message digest match the signed bytes (hashed as a stream), is
// the CMS signature right for the signer's certificate, does that certificate chain to a trust
// anchor the admin configured, and does the signature cover the whole file or were bytes appended
// after it (a later revision: another signature, or a change to look at). The CMS is checked with
// node:crypto over the signed attributes exactly as received (PKI.js#402).
//
// Long-term validation (ltv-extend.ts): a signature's signature-time-stamp (B-T) is checked like
// any timestamp token (imprint over the signature value, TSA signature, TSA chain to the anchors);
// the revocation data of the file's DSS is read for every certificate of the signer's chain; a
// document timestamp (SubFilter ETSI.RFC3161) is checked as a timestamp over its byte range. The
// level reported: B-B; B-T with a valid signature timestamp; B-LT when besides the DSS holds
// revocation data for every certificate below the anchor of the signer and of its TSA; B-LTA when
// besides a valid document timestamp covers this signature and the DSS.
import crypto, { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { BaselineLevel } from '../shared/schemas/judgment-signing';
import { bytes, OID } from './cades';
import { summarizeCertificate } from './cert-info';
import { chainStatus, verifySignatureValue, type ChainVerdict } from './cms-verify';
import { digestOfRanges, sha256OfRanges } from './file-digest';
import { PdfFile } from './pdf-file';
import { stringBytes, textOf, type PdfValue } from './pdf-objects';
import { revocationStatus } from './revocation';
import { signatureTimestampTokens, verifyTimestampToken, type TimestampVerdict } from './timestamp-token';

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
  /** The signature-time-stamp (B-T) of a signature, or the document timestamp itself. */
  timestamp: Omit<TimestampVerdict, 'problems'> | null;
  /** Per certificate of the signer's chain below the anchor (and of its TSA's). */
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
  /** At least one signature and every one valid. */
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

// The same few certificates (the court's signers, their CA) come back in signature after signature:
// reading one into OpenSSL and summarizing it was a quarter of a verification (bench:sign).
const knownCertificates = new Map<string, { x509: X509Certificate; summary: ReturnType<typeof summarizeCertificate> | null }>();
function certificateOf(der: Buffer): { x509: X509Certificate; summary: () => ReturnType<typeof summarizeCertificate> } {
  const key = der.toString('base64');
  let known = knownCertificates.get(key);
  if (!known) {
    known = { x509: new X509Certificate(der), summary: null };
    if (knownCertificates.size >= 256) knownCertificates.clear();
    knownCertificates.set(key, known);
  }
  const entry = known;
  return { x509: entry.x509, summary: () => (entry.summary ??= summarizeCertificate(der)) };
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

async function verifyOne(pdf: PdfFile, field: SignatureField, index: number, anchors: X509Certificate[], dss: DssContents): Promise<SignatureVerdict> {
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
  if (byteRange.length === 4 && byteRange.every((n) => Number.isInteger(n) && n >= 0)) {
    const [start, a, b, c] = byteRange as [number, number, number, number];
    if (start === 0 && a < b && b + c <= pdf.size) {
      const gap = pdf.read(a, b - a).toString('latin1');
      byteRangeSound = /^<[0-9a-fA-F]*>$/.test(gap) && Buffer.from(gap.slice(1, -1), 'hex').equals(contents);
    }
  }
  if (!byteRangeSound) problems.push('byteRange');
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
    return {
      ...base,
      kind: 'documentTimestamp',
      level: null,
      timestamp: t.parsed ? timestamp : null,
      revocation: [],
      signer: summary ? { subject: summary.subject, commonNames: summary.commonNames, issuer: summary.issuer } : null,
      signingTime: t.time,
      digestMatches: t.imprintMatches,
      signatureValid: t.signatureValid,
      chain: t.chain,
      problems,
      valid: problems.length === 0,
    };
  }

  let digestMatches = false;
  let signatureValid = false;
  let chain: SignatureVerdict['chain'] = anchors.length ? 'untrusted' : 'noTrustAnchors';
  let signer: SignatureVerdict['signer'] = null;
  let timestamp: SignatureVerdict['timestamp'] = null;
  const revocation: RevocationFinding[] = [];
  let revocationComplete = false;
  try {
    // Only the DER element: /Contents is padded with zeros to its reserved size, and asn1js's cost
    // grows with the buffer it is given, not with the element it reads.
    const parsed = asn1js.fromBER(bytes(contents.subarray(0, derLength(contents))));
    if (parsed.offset === -1) throw new Error('not DER');
    const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
    if (contentInfo.contentType !== OID.signedData) throw new Error('not SignedData');
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const info = signedData.signerInfos[0];
    if (!info?.signedAttrs) throw new Error('no signed attributes');
    const certs = (signedData.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate);
    const sid = info.sid;
    const signerCert = sid instanceof pkijs.IssuerAndSerialNumber ? certs.find((x) => x.issuer.isEqual(sid.issuer) && x.serialNumber.isEqual(sid.serialNumber)) : undefined;
    if (byteRangeSound && info.digestAlgorithm.algorithmId === OID.sha256) {
      const digest = await sha256OfRanges(pdf.path, [
        { start: 0, length: a },
        { start: b, length: c },
      ]);
      const md = info.signedAttrs.attributes.find((x) => x.type === OID.messageDigest)?.values[0];
      digestMatches = md instanceof asn1js.OctetString && Buffer.from(md.valueBlock.valueHexView).equals(digest);
    }
    if (!digestMatches) problems.push('digestMismatch');

    // B-T: the first signature-time-stamp, over the signature value.
    const signatureValue = Buffer.from(info.signature.valueBlock.valueHexView);
    const token = signatureTimestampTokens(info)[0];
    let tsaPath: { cert: X509Certificate; pool: X509Certificate[] } | null = null;
    if (token) {
      const t = await verifyTimestampToken(token, async (alg) => crypto.createHash(alg).update(signatureValue).digest(), anchors);
      const { parsed: tp, problems: tProblems, ...rest } = t;
      timestamp = rest;
      if (!t.valid && !(t.problems.length === 1 && t.problems[0] === 'noTrustAnchors')) problems.push('timestampInvalid');
      void tProblems;
      if (tp?.tsaCertificate) tsaPath = { cert: new X509Certificate(tp.tsaCertificate), pool: tp.certificates.map((d) => new X509Certificate(d)) };
    }
    // The trusted time, when there is one; else the signer's own claim.
    const trustedTime = timestamp?.valid ? new Date(timestamp.time!) : null;

    if (!signerCert) problems.push('signerCertificateMissing');
    else {
      const der = Buffer.from(signerCert.toSchema().toBER());
      const { x509, summary: summaryOf } = certificateOf(der);
      const summary = summaryOf();
      signer = { subject: summary.subject, commonNames: summary.commonNames, issuer: summary.issuer };
      const signedBytes = Buffer.from(info.signedAttrs.encodedValue);
      signedBytes[0] = 0x31; // signed as a SET OF, stored as [0] IMPLICIT
      const ok = verifySignatureValue(info.signatureAlgorithm, x509.publicKey, signedBytes, signatureValue);
      if (ok === 'unsupported') problems.push('unsupportedAlgorithm');
      else signatureValid = ok;
      if (ok === false) problems.push('badSignature');
      const pool = [...certs.map((x) => certificateOf(Buffer.from(x.toSchema().toBER())).x509), ...dss.certs];
      const status = chainStatus(x509, pool, anchors, trustedTime ?? signingTime ?? new Date());
      chain = status.chain;
      if (chain === 'untrusted') problems.push('chainUntrusted');
      if (chain === 'noTrustAnchors') problems.push('noTrustAnchors');
      if (!status.validAtSigning) problems.push('certificateNotValidAtSigningTime');

      // Revocation, from the DSS: the signer's chain, then its TSA's.
      if (status.chain === 'trusted' && status.anchor) {
        revocationComplete = true;
        const paths = [{ path: status.path, anchor: status.anchor, signer: true }];
        if (tsaPath) {
          const ts = chainStatus(tsaPath.cert, [...tsaPath.pool, ...dss.certs], anchors, trustedTime ?? new Date());
          if (ts.chain === 'trusted' && ts.anchor) paths.push({ path: ts.path, anchor: ts.anchor, signer: false });
          else revocationComplete = false;
        }
        const at = trustedTime ?? new Date();
        for (const p of paths) {
          p.path.forEach((cert, k) => {
            const issuer = p.path[k + 1] ?? p.anchor;
            const s = revocationStatus(cert, issuer, dss);
            const subject = summarizeCertificate(cert.raw).subject;
            revocation.push({ subject, status: s?.status ?? 'none', source: s?.source ?? null, revokedAt: s?.status === 'revoked' ? s.revokedAt : null });
            if (!s) revocationComplete = false;
            // Revoked before the trusted signing time (or, with no trusted time, at all): the signature does not hold.
            if (p.signer && s?.status === 'revoked' && new Date(s.revokedAt).getTime() <= at.getTime()) problems.push('certificateRevoked');
          });
        }
      }
    }
  } catch {
    problems.push('cmsUnreadable');
  }
  let level: BaselineLevel = 'B-B';
  if (timestamp?.valid) level = 'B-T';
  if (level === 'B-T' && revocationComplete && revocation.length > 0) level = 'B-LT';
  return {
    ...base,
    kind: 'signature',
    level,
    timestamp,
    revocation,
    signer,
    signingTime: signingTime ? signingTime.toISOString() : null,
    digestMatches,
    signatureValid,
    chain,
    problems: [...new Set(problems)],
    valid: problems.length === 0,
  };
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

/** Verifies every signature of `file` against the PEM or DER trust anchors given. */
export async function verifyPdf(file: string, trustAnchors: readonly Buffer[] = []): Promise<PdfVerification> {
  const anchors = trustAnchors.map((a) => certificateOf(Buffer.from(a)).x509);
  const pdf = PdfFile.open(file);
  try {
    const fields = signatureFields(pdf);
    const dss = readDss(pdf);
    const signatures: SignatureVerdict[] = [];
    for (const [i, field] of fields.entries()) signatures.push(await verifyOne(pdf, field, i + 1, anchors, dss));
    // B-LTA: a valid document timestamp covers the signature (and the DSS, which sits in a revision it covers).
    const docStamps = signatures.filter((s) => s.kind === 'documentTimestamp' && s.valid);
    for (const s of signatures) {
      if (s.level !== 'B-LT') continue;
      const end = (s.byteRange[2] ?? 0) + (s.byteRange[3] ?? 0);
      if (docStamps.some((d) => (d.byteRange[1] ?? 0) > end)) s.level = 'B-LTA';
    }
    return { file, size: pdf.size, signatures, allValid: signatures.length > 0 && signatures.every((s) => s.valid) };
  } finally {
    pdf.close();
  }
}
