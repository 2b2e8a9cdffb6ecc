// Asking a timestamp authority for an RFC 3161 token (PKI.js for the request and the answer), and
// B-T: the signature-time-stamp unsigned attribute (id-aa-signatureTimeStampToken, RFC 5126 /
// ETSI EN 319 122) over the SignerInfo's signature value, added to a CMS before it goes into the
// PDF. Every answer is checked before use — granted status, our nonce, our imprint, a valid TSA
// signature — so a TSA that is down or answers garbage is a TIMESTAMP_FAILED error and nothing is
// written; the chain of the TSA is judged by the verifier against the trust anchors, not here.
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../shared/errors';
import { bytes, OID } from './cades';
import { PkiHttpError, pkiRequest } from './pki-http';
import { TSP_OID, verifyTimestampToken } from './timestamp-token';

function failed(i18nKey: string, url: string, reason: string): AppError {
  return new AppError('TIMESTAMP_FAILED', i18nKey, { params: { url, reason } });
}

/** A checked timestamp token (DER ContentInfo) over data whose SHA-256 is `digest`. */
export async function requestTimestamp(tsaUrl: string, digest: Buffer): Promise<Buffer> {
  const nonce = crypto.randomBytes(8);
  // A positive INTEGER with no leading zero byte, so it comes back byte for byte.
  nonce[0] = (nonce[0]! & 0x7f) | 0x01;
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: bytes(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: bytes(nonce) }),
    certReq: true,
  });
  let answer: Buffer;
  try {
    answer = await pkiRequest(tsaUrl, { method: 'POST', contentType: 'application/timestamp-query', body: Buffer.from(request.toSchema().toBER()) });
  } catch (err) {
    if (err instanceof PkiHttpError) throw failed('signing.errors.tsaUnreachable', tsaUrl, err.message);
    throw err;
  }
  let response: pkijs.TimeStampResp;
  try {
    response = pkijs.TimeStampResp.fromBER(bytes(answer));
  } catch {
    throw failed('signing.errors.tsaBadAnswer', tsaUrl, 'not a TimeStampResp');
  }
  const status = response.status.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
    const text = response.status.statusStrings?.map((s) => s.valueBlock.value).join('; ') ?? '';
    throw failed('signing.errors.tsaRefused', tsaUrl, `status ${status}${text ? `: ${text}` : ''}`);
  }
  if (!response.timeStampToken) throw failed('signing.errors.tsaBadAnswer', tsaUrl, 'granted without a token');
  const token = Buffer.from(response.timeStampToken.toSchema().toBER());
  const verdict = await verifyTimestampToken(token, async (alg) => (alg === 'sha256' ? digest : Buffer.alloc(0)), []);
  if (!verdict.parsed) throw failed('signing.errors.tsaBadAnswer', tsaUrl, 'the token is not readable');
  const tokenNonce = verdict.parsed.tstInfo.nonce;
  if (!tokenNonce || !Buffer.from(tokenNonce.valueBlock.valueHexView).equals(nonce)) throw failed('signing.errors.tsaBadAnswer', tsaUrl, 'the nonce is not ours');
  if (!verdict.imprintMatches) throw failed('signing.errors.tsaBadAnswer', tsaUrl, 'the token stamps other data');
  if (!verdict.signatureValid) throw failed('signing.errors.tsaBadAnswer', tsaUrl, 'the token signature does not verify');
  return token;
}

/**
 * B-T: the CMS `cms` (a ContentInfo with one SignerInfo) with a signature-time-stamp from `tsaUrl`
 * added as an unsigned attribute. The signed part is untouched.
 */
export async function addSignatureTimestamp(cms: Buffer, tsaUrl: string): Promise<Buffer> {
  const contentInfo = pkijs.ContentInfo.fromBER(bytes(cms));
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const info = signedData.signerInfos[0];
  if (!info) throw new AppError('SIGNING_FAILED', 'signing.errors.tokenError', { params: { reason: 'no signer in the CMS' } });
  const token = await requestTimestamp(tsaUrl, crypto.createHash('sha256').update(info.signature.valueBlock.valueHexView).digest());
  const attribute = new pkijs.Attribute({ type: TSP_OID.signatureTimeStampToken, values: [asn1js.fromBER(bytes(token)).result] });
  info.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [...(info.unsignedAttrs?.attributes ?? []), attribute] });
  const out = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema() });
  return Buffer.from(out.toSchema().toBER());
}

/** Bytes to reserve for a B-T signature: the CMS plus a TSA's token and its chain (PITFALLS: ≥ 32 KB). */
export const TIMESTAMPED_CONTENTS_BYTES = 32 * 1024;

/** The PAdES options that make a signature B-T with `tsaUrl`'s timestamp. */
export function signatureTimestampOptions(tsaUrl: string): { contentsBytes: number; completeCms: (cms: Buffer) => Promise<Buffer> } {
  return { contentsBytes: TIMESTAMPED_CONTENTS_BYTES, completeCms: (cms) => addSignatureTimestamp(cms, tsaUrl) };
}
