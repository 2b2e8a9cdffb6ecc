// A CAdES detached signature of any file (a scanned report, an image, a JSON export, a PDF one wants
// signed without touching it): its SHA-256 streamed from disk, a CMS with signing-time among the
// signed attributes (cades.ts), B-T when a TSA is given, written as DER to a temporary file beside
// the target, synced and renamed over it. It never leaves a partial .p7s: a refused PIN, a token or
// TSA failure removes the temporary file, and the target is never touched before the rename.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { signCadesDetached, type CmsSigner } from '../../../signatures/cades';
import { fileUnreadable, notAFileError } from '../../../signatures/file-problems';
import { sha256OfFile } from '../../../signatures/file-digest';
import { writeWhole } from '../write-whole';

export interface DetachedSignOptions {
  /** The signing-time signed attribute (default: now). */
  signingTime?: Date;
  /** Completes the CMS before it is written (B-T: `addSignatureTimestamp`, timestamp-client.ts). */
  completeCms?: (cms: Buffer) => Promise<Buffer>;
}

export interface DetachedSignature {
  /** The signed file's SHA-256 (hex) and size, as hashed. */
  sha256: string;
  size: number;
  signingTime: Date;
  /** The DER written to the target. */
  cms: Buffer;
}

/** The detached CMS over `input`'s content, SHA-256 streamed: the file is never held whole in memory. */
export async function signFileDetachedCms(input: string, signer: CmsSigner, options: DetachedSignOptions = {}): Promise<DetachedSignature> {
  let digest: Buffer;
  let size: number;
  try {
    const stat = await fs.promises.stat(input);
    if (!stat.isFile()) throw notAFileError(input, stat);
    size = stat.size;
    digest = await sha256OfFile(input);
  } catch (err) {
    throw fileUnreadable(input, err);
  }
  const signingTime = options.signingTime ?? new Date();
  const signed = await signCadesDetached(digest, signer, { signingTime });
  const cms = options.completeCms ? await options.completeCms(signed) : signed;
  return { sha256: digest.toString('hex'), size, signingTime, cms };
}

/** Signs `input` detached and writes the DER CMS to `output` whole (write-whole.ts: a temporary name, synced, renamed). */
export async function signFileDetached(input: string, output: string, signer: CmsSigner, options: DetachedSignOptions = {}): Promise<DetachedSignature> {
  if (path.resolve(input) === path.resolve(output)) throw new AppError('VALIDATION_FAILED', 'signing.errors.signatureOverDocument', { params: { file: input } });
  const signature = await signFileDetachedCms(input, signer, options);
  await writeWhole(output, signature.cms);
  return signature;
}
