// The checks a CMS SignedData needs wherever it appears (a PAdES signature, a signature or
// document timestamp token, an OCSP response, a CRL): a signature value against a public key, a
// certificate chain walked to the trust anchors, and the digest algorithms a signer may name.
// Done with node:crypto over the bytes as received (PKI.js re-encodes: PKI.js#402).
import crypto, { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { OID } from './cades';

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** node:crypto's name of a digest algorithm OID, or null when not one we accept. */
export function digestName(oid: string): string | null {
  return DIGESTS[oid] ?? null;
}

const SIGNATURE_DIGESTS: Record<string, string> = {
  [OID.sha256WithRsa]: 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.113549.1.1.5': 'sha1',
  [OID.ecdsaWithSha256]: 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/**
 * Checks `signature` over `data` with `key` under the algorithm named. `digestOid` is the CMS
 * signer's digest algorithm, used when the algorithm names only the key type (rsaEncryption).
 */
export function verifySignatureValue(alg: pkijs.AlgorithmIdentifier, key: crypto.KeyObject, data: Buffer, signature: Buffer, digestOid: string = OID.sha256): boolean | 'unsupported' {
  try {
    switch (alg.algorithmId) {
      case OID.rsaEncryption: {
        const digest = digestName(digestOid);
        if (!digest) return 'unsupported';
        return crypto.verify(digest, data, { key, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
      }
      case OID.rsaPss: {
        const params = new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams });
        if (params.hashAlgorithm.algorithmId !== OID.sha256) return 'unsupported';
        return crypto.verify('sha256', data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature);
      }
      default: {
        const digest = SIGNATURE_DIGESTS[alg.algorithmId];
        if (!digest) return 'unsupported';
        if (alg.algorithmId.startsWith('1.2.840.10045')) return crypto.verify(digest, data, key, signature);
        return crypto.verify(digest, data, { key, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
      }
    }
  } catch {
    return false;
  }
}

export type ChainVerdict = 'trusted' | 'untrusted' | 'noTrustAnchors';

export interface ChainStatus {
  chain: ChainVerdict;
  validAtSigning: boolean;
  /** The certificates from the signer up to (not including) the anchor, when trusted. */
  path: X509Certificate[];
  anchor: X509Certificate | null;
}

/** Walks from `leaf` up through `pool` to an anchor; every link checked by signature, validity at `at`. */
export function chainStatus(leaf: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date): ChainStatus {
  const validAt = (c: X509Certificate) => new Date(c.validFrom).getTime() <= at.getTime() && at.getTime() <= new Date(c.validTo).getTime();
  let validAtSigning = validAt(leaf);
  if (anchors.length === 0) return { chain: 'noTrustAnchors', validAtSigning, path: [leaf], anchor: null };
  const path: X509Certificate[] = [];
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    const anchor = anchors.find((a) => current.checkIssued(a) && current.verify(a.publicKey));
    const isAnchor = anchors.find((a) => a.raw.equals(current.raw));
    if (isAnchor) return { chain: 'trusted', validAtSigning, path, anchor: isAnchor };
    path.push(current);
    if (anchor) {
      validAtSigning &&= validAt(anchor);
      return { chain: 'trusted', validAtSigning, path, anchor };
    }
    const issuer = pool.find((c) => !c.raw.equals(current.raw) && c.ca && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) break;
    validAtSigning &&= validAt(issuer);
    current = issuer;
  }
  return { chain: 'untrusted', validAtSigning, path, anchor: null };
}

/**
 * A check of a signer against the admin's trust anchors (DER or PEM each), for records signed with
 * the card outside a PDF (the daily register): chained to an anchor through the certificates the
 * signature carries, every link valid at the signing time. Anchors that do not parse are left out
 * (the configuration check names them). With no anchors nothing is trusted: the caller decides
 * whether to check at all.
 */
export function signerTrustedBy(anchorsDer: readonly Buffer[]) {
  const anchors = anchorsDer.flatMap((d) => {
    try {
      return [new X509Certificate(d)];
    } catch {
      return [];
    }
  });
  return (signer: { certificate: Buffer; certificates: readonly Buffer[]; signedAt: Date }): { ok: true } | { ok: false; reason: 'notChained' | 'notValidWhenSigned' } => {
    const leaf = new X509Certificate(signer.certificate);
    const pool = signer.certificates.map((c) => new X509Certificate(c));
    const status = chainStatus(leaf, pool, anchors, signer.signedAt);
    if (status.chain !== 'trusted') return { ok: false, reason: 'notChained' };
    return status.validAtSigning ? { ok: true } : { ok: false, reason: 'notValidWhenSigned' };
  };
}
