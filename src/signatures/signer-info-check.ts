// The check of a CMS signature's one signer, shared by the PDF verifier (pdf-verify.ts: the content
// is a byte range of the PDF) and the detached-signature verifier (cades-verify.ts: the content is a
// whole file): message digest against the content, signature-time-stamp, signature value over the
// signed attributes as received, and the signer's chain to the anchors. It never throws: a CMS that
// cannot be read is the problem `cmsUnreadable`.
import crypto, { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { OID } from './cades';
import { summarizeCertificate } from './cert-info';
import { chainStatus, digestName, verifySignatureValue, type ChainVerdict } from './cms-verify';
import { readSignedData, signerCertificate } from './signed-data';
import { signatureTimestampTokens, verifyTimestampToken, type TimestampVerdict } from './timestamp-token';
import type { SignatureProblem } from './pdf-verify';
import { boundedMemo } from '../shared/bounded-memo';

// The same few certificates (the court's signers, their CA) come back in signature after signature:
// reading one into OpenSSL and summarizing it was a quarter of a verification (bench:sign).
const knownCertificate = boundedMemo(
  256,
  (der: Buffer): { x509: X509Certificate; summary: ReturnType<typeof summarizeCertificate> | null } => ({ x509: new X509Certificate(der), summary: null }),
  (der) => der.toString('base64'),
);
export function certificateOf(der: Buffer): { x509: X509Certificate; summary: () => ReturnType<typeof summarizeCertificate> } {
  const entry = knownCertificate(der);
  return { x509: entry.x509, summary: () => (entry.summary ??= summarizeCertificate(der)) };
}

/** A certificate with the certificates that came with it (a CMS's, a timestamp token's). */
export interface CertificateWithPool {
  cert: X509Certificate;
  pool: X509Certificate[];
}

export interface SignerInfoCheck {
  digestMatches: boolean;
  signatureValid: boolean;
  chain: ChainVerdict;
  signer: { subject: string; commonNames: string[]; issuer: string } | null;
  /** Its signature-time-stamp (the first), when it has one. */
  timestamp: Omit<TimestampVerdict, 'problems'> | null;
  /** The signing-time signed attribute (the signer's claim), when there is one. */
  signingTimeAttribute: Date | null;
  /** The SignedData carries content of its own (an attached signature, not a detached one). */
  contentAttached: boolean;
  problems: SignatureProblem[];
  signerFacts: CertificateWithPool | null;
  /** The TSA of a valid signature-time-stamp. */
  tsa: CertificateWithPool | null;
}

export interface SignerInfoCheckOptions {
  /** The content's digest under the algorithm the signer names; null when that content cannot be hashed (then it does not match). */
  digestOf(algorithm: string): Promise<Buffer | null>;
  anchors: X509Certificate[];
  /** The time the signer claims, when nothing better is there: a PDF's /M; by default the signing-time attribute. */
  claimedTime?: Date | null;
  /** More certificates to build the chain with (a PDF's DSS). */
  extraPool?: X509Certificate[];
}

function signingTimeOf(info: pkijs.SignerInfo): Date | null {
  const value = info.signedAttrs?.attributes.find((a) => a.type === OID.signingTime)?.values[0];
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) return value.toDate();
  return null;
}

/** Checks the first signer of the DER CMS `cms` over the content `digestOf` hashes. */
export async function checkSignerInfo(cms: Buffer, options: SignerInfoCheckOptions): Promise<SignerInfoCheck> {
  const { anchors } = options;
  const problems: SignatureProblem[] = [];
  const result: SignerInfoCheck = {
    digestMatches: false,
    signatureValid: false,
    chain: anchors.length ? 'untrusted' : 'noTrustAnchors',
    signer: null,
    timestamp: null,
    signingTimeAttribute: null,
    contentAttached: false,
    problems,
    signerFacts: null,
    tsa: null,
  };
  try {
    const { signedData, certificates: certs } = readSignedData(cms);
    result.contentAttached = signedData.encapContentInfo?.eContent !== undefined;
    const info = signedData.signerInfos[0];
    if (!info?.signedAttrs) throw new Error('no signed attributes');
    result.signingTimeAttribute = signingTimeOf(info);
    const signerCert = signerCertificate(info, certs);
    const algorithm = digestName(info.digestAlgorithm.algorithmId);
    const digest = algorithm ? await options.digestOf(algorithm) : null;
    if (digest) {
      const md = info.signedAttrs.attributes.find((x) => x.type === OID.messageDigest)?.values[0];
      result.digestMatches = md instanceof asn1js.OctetString && Buffer.from(md.valueBlock.valueHexView).equals(digest);
    }
    if (!result.digestMatches) problems.push('digestMismatch');

    // B-T by a signature-time-stamp: the first one, over the signature value.
    const signatureValue = Buffer.from(info.signature.valueBlock.valueHexView);
    const token = signatureTimestampTokens(info)[0];
    if (token) {
      const t = await verifyTimestampToken(token, async (alg) => crypto.createHash(alg).update(signatureValue).digest(), anchors);
      const { parsed: tp, problems: tProblems, ...rest } = t;
      result.timestamp = rest;
      if (!t.valid && !(tProblems.length === 1 && tProblems[0] === 'noTrustAnchors')) problems.push('timestampInvalid');
      if (t.valid && tp?.tsaCertificate) result.tsa = { cert: certificateOf(tp.tsaCertificate).x509, pool: tp.certificates.map((d) => certificateOf(d).x509) };
    }
    // The chain is checked at the signature-time-stamp's time when there is one; else at the signer's own claim.
    const trustedTime = result.timestamp?.valid ? new Date(result.timestamp.time!) : null;
    const claimed = options.claimedTime !== undefined ? options.claimedTime : result.signingTimeAttribute;

    if (!signerCert) problems.push('signerCertificateMissing');
    else {
      const { x509, summary: summaryOf } = certificateOf(signerCert.der);
      const summary = summaryOf();
      result.signer = { subject: summary.subject, commonNames: summary.commonNames, issuer: summary.issuer };
      const signedBytes = Buffer.from(info.signedAttrs.encodedValue);
      signedBytes[0] = 0x31; // signed as a SET OF, stored as [0] IMPLICIT
      const ok = verifySignatureValue(info.signatureAlgorithm, x509.publicKey, signedBytes, signatureValue, info.digestAlgorithm.algorithmId);
      if (ok === 'unsupported') problems.push('unsupportedAlgorithm');
      else result.signatureValid = ok;
      if (ok === false) problems.push('badSignature');
      const pool = certs.map((x) => certificateOf(x.der).x509);
      result.signerFacts = { cert: x509, pool };
      const status = chainStatus(x509, [...pool, ...(options.extraPool ?? [])], anchors, trustedTime ?? claimed ?? new Date());
      result.chain = status.chain;
      if (status.chain === 'untrusted') problems.push('chainUntrusted');
      if (status.chain === 'noTrustAnchors') problems.push('noTrustAnchors');
      if (!status.validAtSigning) problems.push('certificateNotValidAtSigningTime');
    }
  } catch {
    problems.push('cmsUnreadable');
  }
  return result;
}
