// SoftHSM2 cards whose certificates the tests' own PKI answers for: the CA chain made with the
// extensions that point at the local OCSP responder, CRLs and TSA, and those services started on
// that chain. What every long-term-validation test needs before its first signature.
import { createPkiServices, type PkiServices } from './pki-services';
import { makeSoftHsm, type SoftHsm, type TokenSpec } from './softhsm-tokens';

export async function cardsWithPki(tokens: TokenSpec[], opts: { revoked?: (label: string) => boolean; tsaDays?: number } = {}): Promise<{ pki: PkiServices; hsm: SoftHsm }> {
  const pki = await createPkiServices(opts.tsaDays === undefined ? {} : { tsaDays: opts.tsaDays });
  const hsm = makeSoftHsm(tokens, { intermediateExtensions: pki.intermediateExtensions, signerExtensions: pki.signerExtensions });
  await pki.start(
    hsm.ca.dir,
    hsm.tokens.map((t) => ({ certPem: t.keys[0]!.certPem, revoked: opts.revoked?.(t.label) ?? false })),
  );
  return { pki, hsm };
}
