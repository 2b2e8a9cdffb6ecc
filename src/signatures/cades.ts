// CAdES detached signatures (CMS SignedData without the content) made with a token's key: the
// signed attributes are content-type, message-digest and signing-certificate-v2 (ESS, RFC 5035),
// plus signing-time when the caller gives one. PAdES baseline forbids signing-time (the time goes
// in the PDF's /M), so the PDF signer and the daily register give none; a detached signature of a
// file (cades-sign.ts) has no other place for its time, and CAdES-BES (EN 319 122-1) wants it
// there. PKI.js encodes attributes in the order given (PKI.js#402), so they are sorted by their
// DER here, as a SET OF must be.
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SignatureAlgorithm } from '../shared/signing/token-protocol';
import { pkijsCertificate } from './pkijs-certificate';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

/** A view of a Buffer's bytes that pkijs/asn1js accept (they want an ArrayBuffer-backed view). */
export function bytes(buf: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buf);
}

export interface CmsSigner {
  certificate: Buffer;
  chain: Buffer[];
  algorithm: SignatureAlgorithm;
  signDigest(digest: Buffer): Promise<Buffer>;
}

function sha256Id(): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
}

function signatureAlgorithmId(algorithm: SignatureAlgorithm): pkijs.AlgorithmIdentifier {
  switch (algorithm) {
    case 'RSA_PKCS1_SHA256':
      return new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() });
    case 'RSA_PSS_SHA256':
      return new pkijs.AlgorithmIdentifier({
        algorithmId: OID.rsaPss,
        algorithmParams: new pkijs.RSASSAPSSParams({
          hashAlgorithm: sha256Id(),
          maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.mgf1, algorithmParams: sha256Id().toSchema() }),
          saltLength: 32,
        }).toSchema(),
      });
    case 'ECDSA_SHA256':
      return new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
  }
}

/** ESS signing-certificate-v2: the SHA-256 of the signer's certificate and its issuer and serial (RFC 5035). */
function signingCertificateV2(cert: pkijs.Certificate, der: Buffer): asn1js.Sequence {
  const certHash = crypto.createHash('sha256').update(der).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })] }),
      cert.serialNumber,
    ],
  });
  // hashAlgorithm is left out: SHA-256 is its DEFAULT.
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: bytes(certHash) }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** Attributes sorted by their DER encoding, as a DER SET OF requires. */
function sortedByDer(attrs: pkijs.Attribute[]): pkijs.Attribute[] {
  return attrs
    .map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }))
    .sort((x, y) => Buffer.compare(x.der, y.der))
    .map((x) => x.a);
}

/** RFC 5652 §11.3: UTCTime from 1950 to 2049, GeneralizedTime otherwise; whole seconds either way. */
function signingTimeValue(at: Date): asn1js.AsnType {
  const valueDate = new Date(Math.floor(at.getTime() / 1000) * 1000);
  const year = valueDate.getUTCFullYear();
  return year >= 1950 && year < 2050 ? new asn1js.UTCTime({ valueDate }) : new asn1js.GeneralizedTime({ valueDate });
}

export interface CadesOptions {
  /** Adds the signing-time signed attribute (never for PAdES). */
  signingTime?: Date;
}

/**
 * A detached CMS SignedData over content whose SHA-256 is `contentDigest`, signed by the token.
 * Returns the DER of the ContentInfo.
 */
export async function signCadesDetached(contentDigest: Buffer, signer: CmsSigner, options: CadesOptions = {}): Promise<Buffer> {
  const cert = pkijsCertificate(signer.certificate);
  const attributes = sortedByDer([
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: bytes(contentDigest) })),
    attribute(OID.signingCertificateV2, signingCertificateV2(cert, signer.certificate)),
    ...(options.signingTime ? [attribute(OID.signingTime, signingTimeValue(options.signingTime))] : []),
  ]);
  // What is signed is the DER of the attributes as a SET (tag 0x31), not the [0] IMPLICIT form.
  const toSign = Buffer.from(new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }).toBER());
  const signature = await signer.signDigest(crypto.createHash('sha256').update(toSign).digest());

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: sha256Id(),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
    signatureAlgorithm: signatureAlgorithmId(signer.algorithm),
    signature: new asn1js.OctetString({ valueHex: bytes(signature) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256Id()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...signer.chain.map((c) => pkijsCertificate(c))],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER());
}
