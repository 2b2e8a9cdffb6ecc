// A CMS SignedData read with pkijs, but its certificates kept as DER and read once per process.
// Why not pkijs alone: pkijs reads a certificate by comparing its schema field by field, and in
// bench:sign that was about half of a whole PDF verification — for the same few certificates (a
// court's signers, their CAs, its TSA) that come back in signature after signature. So the
// certificates element is lifted out of the parsed tree before pkijs reads the rest (it is
// optional in SignedData, so the rest still reads), each certificate is kept as the exact DER it
// arrived as (no re-encoding), and its pkijs reading is cached by those bytes (pkijs-certificate.ts).
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './cades';
import { pkijsCertificate } from './pkijs-certificate';

export interface CmsCertificate {
  der: Buffer;
  cert: pkijs.Certificate;
}

export interface SignedDataRead {
  /** The SignedData without its certificates (they are in `certificates`). */
  signedData: pkijs.SignedData;
  certificates: CmsCertificate[];
}


/** Reads a DER ContentInfo holding a SignedData; throws when it is not one. */
export function readSignedData(der: Uint8Array): SignedDataRead {
  const parsed = asn1js.fromBER(new Uint8Array(der));
  if (parsed.offset === -1) throw new Error('not DER');
  const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
  if (contentInfo.contentType !== OID.signedData) throw new Error('not SignedData');
  const content = contentInfo.content as asn1js.Sequence;
  const fields = content.valueBlock?.value;
  if (!Array.isArray(fields)) throw new Error('not a SignedData');
  const certificates: CmsCertificate[] = [];
  const at = fields.findIndex((f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 0);
  if (at !== -1) {
    const set = fields[at] as asn1js.Constructed;
    for (const c of set.valueBlock.value) {
      // CertificateChoices: only plain certificates (a SEQUENCE); the obsolete and other forms are not signers'.
      if (c.idBlock.tagClass !== 1 || c.idBlock.tagNumber !== 16) continue;
      const bytes = Buffer.from(c.valueBeforeDecodeView);
      certificates.push({ der: bytes, cert: pkijsCertificate(bytes) });
    }
    content.valueBlock.value = fields.filter((_, i) => i !== at);
  }
  return { signedData: new pkijs.SignedData({ schema: content }), certificates };
}

/** The certificate a signer info names by issuer and serial number, among the CMS's own. */
export function signerCertificate(info: pkijs.SignerInfo | undefined, certificates: readonly CmsCertificate[]): CmsCertificate | undefined {
  const sid = info?.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return undefined;
  return certificates.find((x) => x.cert.issuer.isEqual(sid.issuer) && x.cert.serialNumber.isEqual(sid.serialNumber));
}
