// Revocation data for long-term validation: fetching it (OCSP first, from the certificate's
// Authority Information Access; else the CRL of its distribution points) for every certificate of
// a chain below the trust anchor, and reading it back out of a PDF's DSS to say whether a
// certificate was good or revoked. An OCSP response counts only when signed by the issuer (or a
// responder the issuer certified for OCSP signing), a CRL only when signed by the issuer.
import crypto, { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../shared/errors';
import { bytes } from './cades';
import { verifySignatureValue } from './cms-verify';
import { PkiHttpError, pkiRequest } from './pki-http';
import { pkijsCertificate } from './pkijs-certificate';

const OID_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OID_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const OID_SHA1 = '1.3.14.3.2.26';
const OID_CRL_DP = '2.5.29.31';

export interface ValidationData {
  certs: Buffer[];
  /** DER OCSPResponse (the whole response, as PAdES' DSS /OCSPs holds it). */
  ocsps: Buffer[];
  crls: Buffer[];
}

export type RevocationStatus =
  | { status: 'good' | 'unknown'; source: 'ocsp' | 'crl'; at: string }
  | { status: 'revoked'; source: 'ocsp' | 'crl'; at: string; revokedAt: string };

// The same few certificates (a court's signers, their CAs, its TSA) are looked up signature after
// signature; reading one with pkijs costs more than the whole check of an answer about it, so the
// reading is the process's one cache of them.
const pk = (c: X509Certificate): pkijs.Certificate => pkijsCertificate(c.raw);

function ocspUrls(c: X509Certificate): string[] {
  return [...(c.infoAccess ?? '').matchAll(/OCSP - URI:(\S+)/g)].map((m) => m[1]!);
}

function crlUrls(c: X509Certificate): string[] {
  const ext = pk(c).extensions?.find((e) => e.extnID === OID_CRL_DP);
  const parsed = ext?.parsedValue as pkijs.CRLDistributionPoints | undefined;
  const urls: string[] = [];
  for (const dp of parsed?.distributionPoints ?? []) {
    const names = Array.isArray(dp.distributionPoint) ? dp.distributionPoint : [];
    for (const n of names) if (n.type === 6 && typeof n.value === 'string') urls.push(n.value);
  }
  return urls;
}

/** RFC 6960 CertID with SHA-1 (what every responder answers to). */
function certId(cert: pkijs.Certificate, issuer: pkijs.Certificate): pkijs.CertID {
  const sha1 = (b: ArrayBuffer | Uint8Array) => bytes(crypto.createHash('sha1').update(new Uint8Array(b)).digest());
  return new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA1, algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: sha1(issuer.subject.toSchema().toBER()) }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: sha1(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView) }),
    serialNumber: cert.serialNumber,
  });
}

function sameCert(single: pkijs.SingleResponse, cert: pkijs.Certificate, issuer: pkijs.Certificate): boolean {
  const id = single.certID;
  const alg = id.hashAlgorithm.algorithmId === OID_SHA1 ? 'sha1' : id.hashAlgorithm.algorithmId === '2.16.840.1.101.3.4.2.1' ? 'sha256' : null;
  if (!alg || !id.serialNumber.isEqual(cert.serialNumber)) return false;
  const nameHash = crypto.createHash(alg).update(new Uint8Array(issuer.subject.toSchema().toBER())).digest();
  const keyHash = crypto.createHash(alg).update(new Uint8Array(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)).digest();
  return Buffer.from(id.issuerNameHash.valueBlock.valueHexView).equals(nameHash) && Buffer.from(id.issuerKeyHash.valueBlock.valueHexView).equals(keyHash);
}

/** The basic response inside an OCSPResponse, when it is a successful one signed by the issuer or its delegate. */
function trustedBasicResponse(ocsp: Buffer, issuerX509: X509Certificate): pkijs.BasicOCSPResponse | null {
  try {
    const response = pkijs.OCSPResponse.fromBER(bytes(ocsp));
    if (response.responseStatus.valueBlock.valueDec !== 0 || response.responseBytes?.responseType !== OID_OCSP_BASIC) return null;
    const basic = pkijs.BasicOCSPResponse.fromBER(bytes(response.responseBytes.response.valueBlock.valueHexView));
    const tbs = Buffer.from(basic.tbsResponseData.tbsView);
    const signature = Buffer.from(basic.signature.valueBlock.valueHexView);
    const signers: X509Certificate[] = [issuerX509];
    for (const c of basic.certs ?? []) {
      const x = new X509Certificate(Buffer.from(c.toSchema().toBER()));
      if (x.checkIssued(issuerX509) && x.verify(issuerX509.publicKey) && (x.keyUsage ?? []).includes(OID_OCSP_SIGNING)) signers.push(x);
    }
    return signers.some((s) => verifySignatureValue(basic.signatureAlgorithm, s.publicKey, tbs, signature) === true) ? basic : null;
  } catch {
    return null;
  }
}

function ocspStatus(basic: pkijs.BasicOCSPResponse, cert: pkijs.Certificate, issuer: pkijs.Certificate): RevocationStatus | null {
  const single = basic.tbsResponseData.responses.find((r) => sameCert(r, cert, issuer));
  if (!single) return null;
  const at = single.thisUpdate.toISOString();
  const tag = (single.certStatus as asn1js.BaseBlock).idBlock.tagNumber;
  if (tag === 0) return { status: 'good', source: 'ocsp', at };
  if (tag === 1) {
    const inner = (single.certStatus as asn1js.Constructed).valueBlock.value[0];
    const revokedAt = inner instanceof asn1js.GeneralizedTime ? inner.toDate().toISOString() : at;
    return { status: 'revoked', source: 'ocsp', at, revokedAt };
  }
  return { status: 'unknown', source: 'ocsp', at };
}

function trustedCrl(der: Buffer, issuer: pkijs.Certificate, issuerX509: X509Certificate): pkijs.CertificateRevocationList | null {
  try {
    const crl = pkijs.CertificateRevocationList.fromBER(bytes(der));
    if (!crl.issuer.isEqual(issuer.subject)) return null;
    const ok = verifySignatureValue(crl.signatureAlgorithm, issuerX509.publicKey, Buffer.from(crl.tbsView), Buffer.from(crl.signatureValue.valueBlock.valueHexView));
    return ok === true ? crl : null;
  } catch {
    return null;
  }
}

function crlStatus(crl: pkijs.CertificateRevocationList, cert: pkijs.Certificate): RevocationStatus {
  const at = crl.thisUpdate.value.toISOString();
  const entry = (crl.revokedCertificates ?? []).find((r) => r.userCertificate.isEqual(cert.serialNumber));
  return entry ? { status: 'revoked', source: 'crl', at, revokedAt: entry.revocationDate.value.toISOString() } : { status: 'good', source: 'crl', at };
}

/** What the revocation data given says of `cert` (issued by `issuer`); OCSP before CRL; null when nothing speaks of it. */
export function revocationStatus(cert: X509Certificate, issuer: X509Certificate, data: { ocsps: Buffer[]; crls: Buffer[] }): RevocationStatus | null {
  if (data.ocsps.length === 0 && data.crls.length === 0) return null;
  const c = pk(cert);
  const i = pk(issuer);
  for (const o of data.ocsps) {
    const basic = trustedBasicResponse(o, issuer);
    const s = basic && ocspStatus(basic, c, i);
    if (s) return s;
  }
  for (const der of data.crls) {
    const crl = trustedCrl(der, i, issuer);
    if (crl) return crlStatus(crl, c);
  }
  return null;
}

async function fetchOcsp(cert: pkijs.Certificate, issuer: pkijs.Certificate, issuerX509: X509Certificate, url: string): Promise<Buffer> {
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId(cert, issuer) })];
  const answer = await pkiRequest(url, { method: 'POST', contentType: 'application/ocsp-request', body: Buffer.from(request.toSchema(true).toBER()) });
  const basic = trustedBasicResponse(answer, issuerX509);
  if (!basic || !ocspStatus(basic, cert, issuer)) throw new PkiHttpError(`${url} gave no signed answer for this certificate`);
  return answer;
}

async function fetchCrl(issuer: pkijs.Certificate, issuerX509: X509Certificate, url: string): Promise<Buffer> {
  let der = await pkiRequest(url, { method: 'GET' });
  const text = der.subarray(0, 64).toString('latin1');
  if (text.startsWith('-----BEGIN X509 CRL-----')) der = Buffer.from(der.toString('latin1').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  if (!trustedCrl(der, issuer, issuerX509)) throw new PkiHttpError(`${url} is not a CRL signed by the issuer`);
  return der;
}

/**
 * Certificates and revocation data for `path` (leaf first, each issued by the next; the last one's
 * issuer is `top`, the trust anchor). OCSP is tried first, the CRL after; a certificate for which
 * neither answers is REVOCATION_UNAVAILABLE, naming it.
 */
export async function fetchValidationData(path: X509Certificate[], top: X509Certificate): Promise<ValidationData> {
  const out: ValidationData = { certs: [], ocsps: [], crls: [] };
  const chain = [...path, top];
  for (const c of chain) if (!out.certs.some((d) => d.equals(c.raw))) out.certs.push(c.raw);
  for (let k = 0; k < path.length; k++) {
    const cert = path[k]!;
    const issuerX509 = chain[k + 1]!;
    const c = pk(cert);
    const i = pk(issuerX509);
    const reasons: string[] = [];
    let done = false;
    for (const url of ocspUrls(cert)) {
      try {
        out.ocsps.push(await fetchOcsp(c, i, issuerX509, url));
        done = true;
        break;
      } catch (err) {
        reasons.push((err as Error).message);
      }
    }
    for (const url of done ? [] : crlUrls(cert)) {
      try {
        const der = await fetchCrl(i, issuerX509, url);
        if (!out.crls.some((d) => d.equals(der))) out.crls.push(der);
        done = true;
        break;
      } catch (err) {
        reasons.push((err as Error).message);
      }
    }
    if (!done) {
      throw new AppError('REVOCATION_UNAVAILABLE', 'signing.errors.revocationUnavailable', {
        params: { subject: cert.subject.replace(/\n/g, ', '), reason: reasons.join('; ') || 'the certificate names no OCSP responder and no CRL' },
      });
    }
  }
  return out;
}
