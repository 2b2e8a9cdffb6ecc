// The verifier of a detached CMS signature (a .p7s) over a file, with the PDF verifier's own check
// of the signer (signer-info-check.ts): the file's digest streamed against the message digest, the
// signature over the signed attributes as received, the signature-time-stamp (B-T), and the chain to
// the trust anchors given at the signing-time the signer claims (or the timestamp's time). A CMS
// that carries its content (attached) is not a detached signature of the file and is refused as
// such. Without anchors the chain is not checked (`chain: noTrustAnchors`) and, as for a PDF's
// signatures, the verdict is not valid: a signature that verifies proves only that some key signed,
// and anyone can make a key.
import fs from 'node:fs';
import { digestOfRanges } from './file-digest';
import { fileUnreadable, notAFileError } from './file-problems';
import type { BaselineLevel } from '../shared/schemas/judgment-signing';
import type { ChainVerdict } from './cms-verify';
import type { SignatureProblem } from './pdf-verify';
import { certificateOf, checkSignerInfo } from './signer-info-check';
import type { TimestampVerdict } from './timestamp-token';

/** A .p7s larger than this is no detached signature (certificates and a timestamp are a few KiB). */
export const MAX_DETACHED_SIGNATURE_BYTES = 1 << 20;

export interface DetachedVerification {
  file: string;
  signatureFile: string;
  size: number;
  /** The file's SHA-256 (hex), as hashed for this check. */
  sha256: string;
  signer: { subject: string; commonNames: string[]; issuer: string } | null;
  /** The signing-time signed attribute (the signer's claim), ISO 8601. */
  signingTime: string | null;
  timestamp: Omit<TimestampVerdict, 'problems'> | null;
  /** B-T with a valid signature-time-stamp, else B-B; null when the CMS could not be read. */
  level: Extract<BaselineLevel, 'B-B' | 'B-T'> | null;
  digestMatches: boolean;
  signatureValid: boolean;
  chain: ChainVerdict;
  /** The CMS carries content of its own: not a detached signature. */
  contentAttached: boolean;
  problems: SignatureProblem[];
  /** Digest, signature, timestamp (if any) and, when anchors were given, the chain all good. */
  valid: boolean;
}

async function regularFileSize(file: string): Promise<number> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw notAFileError(file, stat);
    return stat.size;
  } catch (err) {
    throw fileUnreadable(file, err);
  }
}

export interface VerifyDetachedOptions {
  /** The file's digests by algorithm name, shared between calls on one file: several signatures of one document hash it once. */
  digests?: Map<string, Promise<Buffer>>;
}

/** Checks the detached signature `signatureFile` over `file` against the trust anchors (DER or PEM) given. */
export async function verifyDetached(file: string, signatureFile: string, trustAnchors: readonly Buffer[] = [], options: VerifyDetachedOptions = {}): Promise<DetachedVerification> {
  const anchors = trustAnchors.map((a) => certificateOf(Buffer.from(a)).x509);
  const size = await regularFileSize(file);
  const sigSize = await regularFileSize(signatureFile);
  const hashes = options.digests ?? new Map<string, Promise<Buffer>>();
  const digestOf = (alg: string) => {
    let h = hashes.get(alg);
    if (!h) {
      h = digestOfRanges(alg, file, [{ start: 0, length: size }]).catch((err: unknown) => {
        throw fileUnreadable(file, err);
      });
      hashes.set(alg, h);
    }
    return h;
  };
  let cms: Buffer | null = null;
  if (sigSize <= MAX_DETACHED_SIGNATURE_BYTES) {
    try {
      cms = await fs.promises.readFile(signatureFile);
    } catch (err) {
      throw fileUnreadable(signatureFile, err);
    }
  }
  const check = cms
    ? await checkSignerInfo(cms, { digestOf, anchors })
    : null;
  const problems: SignatureProblem[] = check ? [...check.problems] : ['cmsUnreadable'];
  if (check?.contentAttached) problems.push('notDetached');
  const sha256 = (await digestOf('sha256')).toString('hex');
  const readable = check !== null && !problems.includes('cmsUnreadable');
  const timestampOk = check?.timestamp !== null && check?.timestamp !== undefined && !problems.includes('timestampInvalid');
  return {
    file,
    signatureFile,
    size,
    sha256,
    signer: check?.signer ?? null,
    signingTime: check?.signingTimeAttribute?.toISOString() ?? null,
    timestamp: check?.timestamp ?? null,
    level: readable ? (timestampOk ? 'B-T' : 'B-B') : null,
    digestMatches: check?.digestMatches ?? false,
    signatureValid: check?.signatureValid ?? false,
    chain: check?.chain ?? (anchors.length ? 'untrusted' : 'noTrustAnchors'),
    contentAttached: check?.contentAttached ?? false,
    problems,
    valid: problems.length === 0,
  };
}
