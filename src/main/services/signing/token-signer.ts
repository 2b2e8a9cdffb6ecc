// From a token's certificates to a signer main can use: which certificates are offered (fit to
// sign now), which algorithm a key signs with, and the chain that goes into the CMS (the issuers
// found on the token). The signature itself is made by the token service; an ECDSA result comes
// back as r||s and is DER-encoded here.
import { X509Certificate } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { ModuleRef, SignatureAlgorithm, TokenInfo, TokenRef } from '../../../shared/signing/token-protocol';
import { isFitToSign, summarizeCertificate, type CertificateSummary } from '../../../signatures/cert-info';
import { ecdsaRawToDer } from './ecdsa-der';
import { assertTokenMaySign, signingPolicyFromEnv, type SigningPolicy } from './token-policy';
import type { TokenServiceClient } from './token-client';

export interface OfferedCertificate {
  keyId: string;
  label: string;
  certificate: Buffer;
  summary: CertificateSummary;
  alwaysAuthenticate: boolean;
}

export interface TokenCertificateList {
  token: TokenInfo;
  /** Certificates with a key on the token that may sign now. */
  offered: OfferedCertificate[];
  /** Every certificate on the token (issuers included), to build chains. */
  all: Buffer[];
}

export async function listSigningCertificates(client: TokenServiceClient, module: ModuleRef, token: TokenRef, now = new Date()): Promise<TokenCertificateList> {
  const listed = await client.request({ op: 'listCertificates', module, token });
  const offered: OfferedCertificate[] = [];
  for (const c of listed.certificates) {
    const der = Buffer.from(c.certificate, 'base64');
    let summary: CertificateSummary;
    try {
      summary = summarizeCertificate(der);
    } catch {
      continue; // not an X.509 certificate we can read: not offered
    }
    if (c.hasKey && isFitToSign(summary, now)) offered.push({ keyId: c.keyId, label: c.label, certificate: der, summary, alwaysAuthenticate: c.alwaysAuthenticate });
  }
  return { token: listed.token, offered, all: listed.certificates.map((c) => Buffer.from(c.certificate, 'base64')) };
}

/** Issuers of `leaf` among `pool`, nearest first, stopping at a self-signed one or a missing link. */
export function chainFrom(leaf: Buffer, pool: readonly Buffer[]): Buffer[] {
  const certs = pool.map((der) => ({ der, x509: new X509Certificate(der) }));
  const chain: Buffer[] = [];
  let current = new X509Certificate(leaf);
  for (let depth = 0; depth < 8; depth++) {
    if (current.checkIssued(current)) break;
    const issuer = certs.find((c) => current.checkIssued(c.x509) && current.verify(c.x509.publicKey) && !c.der.equals(current.raw));
    if (!issuer) break;
    chain.push(issuer.der);
    current = issuer.x509;
  }
  return chain;
}

export interface Signer {
  certificate: Buffer;
  chain: Buffer[];
  algorithm: SignatureAlgorithm;
  /** Signs a SHA-256 digest; the result is what goes into CMS (DER for ECDSA). */
  signDigest(digest: Buffer): Promise<Buffer>;
}

export interface SignerChoice {
  module: ModuleRef;
  token: TokenRef;
  /** CKA_ID in hex; when absent the token must offer exactly one certificate fit to sign. */
  keyId?: string;
  /** RSA keys sign PKCS#1 v1.5 unless PSS is asked for. */
  rsaPss?: boolean;
  pin: string | null;
  now?: Date;
  /** Whether software tokens may sign (token-policy.ts); default: from NODE_ENV and MAHKAMA_ALLOW_SOFT_TOKEN. The app passes its config's. */
  policy?: SigningPolicy;
}

export async function openSigner(client: TokenServiceClient, choice: SignerChoice): Promise<Signer> {
  const policy = choice.policy ?? signingPolicyFromEnv();
  // Refused before the token is even asked for its certificates: a software token never signs in production.
  assertTokenMaySign(policy, choice.module.path);
  const list = await listSigningCertificates(client, choice.module, choice.token, choice.now);
  assertTokenMaySign(policy, choice.module.path, list.token);
  const wanted = choice.keyId?.toLowerCase();
  const candidates = wanted === undefined ? list.offered : list.offered.filter((c) => c.keyId === wanted);
  if (candidates.length !== 1) {
    throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.keyNotFound', { params: { keyId: wanted ?? '-' } });
  }
  const chosen = candidates[0]!;
  const algorithm: SignatureAlgorithm = chosen.summary.keyType === 'EC' ? 'ECDSA_SHA256' : choice.rsaPss ? 'RSA_PSS_SHA256' : 'RSA_PKCS1_SHA256';
  return {
    certificate: chosen.certificate,
    chain: chainFrom(chosen.certificate, list.all),
    algorithm,
    async signDigest(digest) {
      const { signature } = await client.request({
        op: 'sign',
        module: choice.module,
        token: choice.token,
        keyId: chosen.keyId,
        algorithm,
        digest: digest.toString('base64'),
        pin: choice.pin,
      });
      const raw = Buffer.from(signature, 'base64');
      return algorithm === 'ECDSA_SHA256' ? ecdsaRawToDer(raw) : raw;
    },
  };
}
