// The built-in verifier of signed PDFs, per signature: is the byte range sound (starts at 0, its
// gap is exactly the /Contents hex string, ends inside the file — signature-wrapping attacks fail
// here, OpenPDF#158), does the CMS message digest match the signed bytes (hashed as a stream), is
// the CMS signature right for the signer's certificate, does that certificate chain to a trust
// anchor the admin configured, and does the signature cover the whole file or were bytes appended
// after it (a later revision: another signature, or a change to look at). The CMS is checked with
// node:crypto over the signed attributes exactly as received (PKI.js#402).
import crypto, { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytes, OID } from './cades';
import { summarizeCertificate } from './cert-info';
import { sha256OfRanges } from './file-digest';
import { PdfFile } from './pdf-file';
import { stringBytes, textOf, type PdfValue } from './pdf-objects';

export const SIGNATURE_PROBLEMS = ['byteRange', 'cmsUnreadable', 'digestMismatch', 'badSignature', 'unsupportedAlgorithm', 'signerCertificateMissing', 'chainUntrusted', 'noTrustAnchors', 'certificateNotValidAtSigningTime'] as const;
export type SignatureProblem = (typeof SIGNATURE_PROBLEMS)[number];

export interface SignatureVerdict {
  /** 1-based, in the order of the form's fields (the order they were added). */
  index: number;
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
  chain: 'trusted' | 'untrusted' | 'noTrustAnchors';
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

interface SignatureField {
  fieldName: string;
  sig: Map<string, PdfValue>;
}

function signatureFields(pdf: PdfFile): SignatureField[] {
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

function verifySignatureValue(alg: pkijs.AlgorithmIdentifier, key: crypto.KeyObject, data: Buffer, signature: Buffer): boolean | 'unsupported' {
  switch (alg.algorithmId) {
    case OID.rsaEncryption:
    case OID.sha256WithRsa:
      return crypto.verify('sha256', data, { key, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
    case OID.rsaPss: {
      const params = new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams });
      if (params.hashAlgorithm.algorithmId !== OID.sha256) return 'unsupported';
      return crypto.verify('sha256', data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature);
    }
    case OID.ecdsaWithSha256:
      return crypto.verify('sha256', data, key, signature);
    default:
      return 'unsupported';
  }
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

/** Walks from the signer up through the CMS's certificates to an anchor; every link checked by signature. */
function chainStatus(signer: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date): { chain: SignatureVerdict['chain']; validAtSigning: boolean } {
  const validAt = (c: X509Certificate) => new Date(c.validFrom).getTime() <= at.getTime() && at.getTime() <= new Date(c.validTo).getTime();
  let validAtSigning = validAt(signer);
  if (anchors.length === 0) return { chain: 'noTrustAnchors', validAtSigning };
  let current = signer;
  for (let depth = 0; depth < 8; depth++) {
    const anchor = anchors.find((a) => current.checkIssued(a) && current.verify(a.publicKey));
    if (anchor || anchors.some((a) => a.raw.equals(current.raw))) {
      if (anchor) validAtSigning &&= validAt(anchor);
      return { chain: 'trusted', validAtSigning };
    }
    const issuer = pool.find((c) => !c.raw.equals(current.raw) && c.ca && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) break;
    validAtSigning &&= validAt(issuer);
    current = issuer;
  }
  return { chain: 'untrusted', validAtSigning };
}

async function verifyOne(pdf: PdfFile, field: SignatureField, index: number, anchors: X509Certificate[]): Promise<SignatureVerdict> {
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

  let digestMatches = false;
  let signatureValid = false;
  let chain: SignatureVerdict['chain'] = anchors.length ? 'untrusted' : 'noTrustAnchors';
  let signer: SignatureVerdict['signer'] = null;
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
    if (!signerCert) problems.push('signerCertificateMissing');
    else {
      const der = Buffer.from(signerCert.toSchema().toBER());
      const { x509, summary: summaryOf } = certificateOf(der);
      const summary = summaryOf();
      signer = { subject: summary.subject, commonNames: summary.commonNames, issuer: summary.issuer };
      const signedBytes = Buffer.from(info.signedAttrs.encodedValue);
      signedBytes[0] = 0x31; // signed as a SET OF, stored as [0] IMPLICIT
      const ok = verifySignatureValue(info.signatureAlgorithm, x509.publicKey, signedBytes, Buffer.from(info.signature.valueBlock.valueHexView));
      if (ok === 'unsupported') problems.push('unsupportedAlgorithm');
      else signatureValid = ok;
      if (ok === false) problems.push('badSignature');
      const pool = certs.map((x) => certificateOf(Buffer.from(x.toSchema().toBER())).x509);
      const status = chainStatus(x509, pool, anchors, signingTime ?? new Date());
      chain = status.chain;
      if (chain === 'untrusted') problems.push('chainUntrusted');
      if (chain === 'noTrustAnchors') problems.push('noTrustAnchors');
      if (!status.validAtSigning) problems.push('certificateNotValidAtSigningTime');
    }
  } catch {
    problems.push('cmsUnreadable');
  }
  return {
    index,
    fieldName: field.fieldName,
    subFilter: nameOf('SubFilter'),
    signer,
    signingTime: signingTime ? signingTime.toISOString() : null,
    reason: textOf(sig.get('Reason')),
    byteRange,
    byteRangeSound,
    digestMatches,
    signatureValid,
    chain,
    coversWholeFile: byteRangeSound && end === pdf.size,
    bytesAfter: byteRangeSound ? pdf.size - end : 0,
    problems,
    valid: problems.length === 0,
  };
}

/** Verifies every signature of `file` against the PEM or DER trust anchors given. */
export async function verifyPdf(file: string, trustAnchors: readonly Buffer[] = []): Promise<PdfVerification> {
  const anchors = trustAnchors.map((a) => certificateOf(Buffer.from(a)).x509);
  const pdf = PdfFile.open(file);
  try {
    const fields = signatureFields(pdf);
    const signatures: SignatureVerdict[] = [];
    for (const [i, field] of fields.entries()) signatures.push(await verifyOne(pdf, field, i + 1, anchors));
    return { file, size: pdf.size, signatures, allValid: signatures.length > 0 && signatures.every((s) => s.valid) };
  } finally {
    pdf.close();
  }
}
