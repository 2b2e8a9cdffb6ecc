// A certificate's pkijs reading, once per process for the same DER. pkijs reads a certificate by
// comparing its schema field by field (a third of signing a CMS, half of verifying a PDF in
// bench:sign), and the same few certificates — a court's signers, their CAs, its TSA — come back
// in every signature, revocation check and CMS signed. One cache serves all three.
import * as pkijs from 'pkijs';
import { boundedMemo } from '../shared/bounded-memo';

/** The certificate `der` read by pkijs; the same object for the same bytes (never to be modified). */
export const pkijsCertificate: (der: Uint8Array) => pkijs.Certificate = boundedMemo(
  256,
  (der: Uint8Array) => pkijs.Certificate.fromBER(new Uint8Array(der)),
  (der) => Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64'),
);
