// Reading and checking an RFC 3161 TimeStampToken (a CMS SignedData whose content is a TSTInfo):
// the message imprint against the data it claims to stamp, the TSA's signature over its signed
// attributes as received, the content's digest, the TSA certificate's timeStamping purpose, and
// its chain to the trust anchors at the stamped time. Used for signature timestamps (B-T), document
// timestamps (B-LTA) and to check a TSA's answer before it goes into a signature.
import crypto, { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './cades';
import { summarizeCertificate } from './cert-info';
import { chainStatus, digestName, verifySignatureValue, type ChainVerdict } from './cms-verify';
import { readSignedData, signerCertificate } from './signed-data';

export const TSP_OID = {
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

export const TIMESTAMP_PROBLEMS = ['tokenUnreadable', 'imprintMismatch', 'badSignature', 'notATsaCertificate', 'chainUntrusted', 'noTrustAnchors', 'certificateNotValidAtSigningTime'] as const;
export type TimestampProblem = (typeof TIMESTAMP_PROBLEMS)[number];

export interface TimestampVerdict {
  /** The TSA's time (TSTInfo genTime), ISO 8601. */
  time: string | null;
  /** Subject of the TSA's certificate. */
  tsa: string | null;
  imprintMatches: boolean;
  signatureValid: boolean;
  chain: ChainVerdict;
  problems: TimestampProblem[];
  valid: boolean;
}

export interface ParsedTimestamp {
  signedData: pkijs.SignedData;
  tstInfo: pkijs.TSTInfo;
  /** The DER of the token's certificates (the TSA's and its chain, as the TSA sent them). */
  certificates: Buffer[];
  /** The TSA's certificate, found by the signer identifier. */
  tsaCertificate: Buffer | null;
}

export function parseTimestampToken(token: Buffer): ParsedTimestamp {
  const { signedData, certificates: certs } = readSignedData(token);
  if (signedData.encapContentInfo.eContentType !== TSP_OID.tstInfo || !signedData.encapContentInfo.eContent) throw new Error('not a TSTInfo');
  const tstInfo = pkijs.TSTInfo.fromBER(signedData.encapContentInfo.eContent.getValue());
  const info = signedData.signerInfos[0];
  const tsa = info?.sid instanceof pkijs.IssuerAndSerialNumber ? signerCertificate(info, certs) : certs[0];
  return {
    signedData,
    tstInfo,
    certificates: certs.map((c) => c.der),
    tsaCertificate: tsa?.der ?? null,
  };
}

/** The digest the token stamped and the algorithm it was made with. */
export function timestampImprint(t: ParsedTimestamp): { algorithm: string | null; digest: Buffer } {
  return {
    algorithm: digestName(t.tstInfo.messageImprint.hashAlgorithm.algorithmId),
    digest: Buffer.from(t.tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView),
  };
}

/**
 * Checks `token` as a timestamp over data whose digest `hashOf(algorithm)` gives (the algorithm
 * is the token's own: a TSA may stamp with another hash than we would).
 */
export async function verifyTimestampToken(token: Buffer, hashOf: (algorithm: string) => Promise<Buffer>, anchors: X509Certificate[]): Promise<TimestampVerdict & { parsed: ParsedTimestamp | null }> {
  const problems: TimestampProblem[] = [];
  let parsed: ParsedTimestamp;
  try {
    parsed = parseTimestampToken(token);
  } catch {
    return { time: null, tsa: null, imprintMatches: false, signatureValid: false, chain: anchors.length ? 'untrusted' : 'noTrustAnchors', problems: ['tokenUnreadable'], valid: false, parsed: null };
  }
  const time = parsed.tstInfo.genTime;
  const imprint = timestampImprint(parsed);
  const imprintMatches = imprint.algorithm !== null && (await hashOf(imprint.algorithm)).equals(imprint.digest);
  if (!imprintMatches) problems.push('imprintMismatch');

  let signatureValid = false;
  let chain: ChainVerdict = anchors.length ? 'untrusted' : 'noTrustAnchors';
  let tsa: string | null = null;
  const info = parsed.signedData.signerInfos[0];
  const content = Buffer.from(parsed.signedData.encapContentInfo.eContent!.getValue());
  if (!info?.signedAttrs || !parsed.tsaCertificate) problems.push('badSignature');
  else {
    const x509 = new X509Certificate(parsed.tsaCertificate);
    tsa = summarizeCertificate(parsed.tsaCertificate).subject;
    const digest = digestName(info.digestAlgorithm.algorithmId);
    const md = info.signedAttrs.attributes.find((x) => x.type === OID.messageDigest)?.values[0];
    const contentOk = digest !== null && md instanceof asn1js.OctetString && Buffer.from(md.valueBlock.valueHexView).equals(crypto.createHash(digest).update(content).digest());
    const signedBytes = Buffer.from(info.signedAttrs.encodedValue);
    signedBytes[0] = 0x31;
    const ok = verifySignatureValue(info.signatureAlgorithm, x509.publicKey, signedBytes, Buffer.from(info.signature.valueBlock.valueHexView), info.digestAlgorithm.algorithmId);
    signatureValid = contentOk && ok === true;
    if (!signatureValid) problems.push('badSignature');
    if (!(x509.keyUsage ?? []).includes(TSP_OID.timeStamping)) problems.push('notATsaCertificate');
    const pool = parsed.certificates.map((c) => new X509Certificate(c));
    const status = chainStatus(x509, pool, anchors, time);
    chain = status.chain;
    if (chain === 'untrusted') problems.push('chainUntrusted');
    if (chain === 'noTrustAnchors') problems.push('noTrustAnchors');
    if (!status.validAtSigning) problems.push('certificateNotValidAtSigningTime');
  }
  return { time: time.toISOString(), tsa, imprintMatches, signatureValid, chain, problems, valid: problems.length === 0, parsed };
}

/** The bytes an element was decoded from (re-encoding a parsed token could change what was signed). */
function asReceived(v: asn1js.AsnType): Buffer {
  const before = (v as { valueBeforeDecodeView?: Uint8Array }).valueBeforeDecodeView;
  return before && before.length > 0 ? Buffer.from(before) : Buffer.from(v.toBER());
}

/** The signature-time-stamp tokens among a CMS signer's unsigned attributes (B-T). */
export function signatureTimestampTokens(info: pkijs.SignerInfo): Buffer[] {
  const attrs = info.unsignedAttrs?.attributes ?? [];
  return attrs.filter((a) => a.type === TSP_OID.signatureTimeStampToken).flatMap((a) => a.values.map((v: asn1js.AsnType) => asReceived(v)));
}
