// The admin's trust anchors for the built-in verifier (MAHKAMA_TRUST_ANCHORS): every certificate in
// the PEM (or DER) files of one folder. Read at each verification, so a root the admin adds or
// removes counts from the next check without a restart. The command line's --trust files are read
// here too, each checked to hold certificates: a typo there must not read as "untrusted".
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors';
import { fileReason, notAFileError, technicalDetail } from './file-problems';

/** The files of a trust anchors' folder that are read: certificates, PEM or DER. */
export const CERTIFICATE_FILES = /\.(pem|crt|cer)$/i;

/** The certificates of one file: each PEM block, or the file itself when it is DER. */
export function certificatesInFile(file: string): Buffer[] {
  const raw = fs.readFileSync(file);
  const text = raw.toString('latin1');
  if (!text.includes('-----BEGIN CERTIFICATE-----')) return [raw];
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[0], 'latin1'));
}

/** The certificate blocks of `file`, each parsed; throws when there is none or one is something else. */
function parsedCertificates(file: string, blocks: Buffer[]): X509Certificate[] {
  const certs = blocks.map((der) => new X509Certificate(der));
  if (certs.length === 0) throw new Error(`${file} holds no complete PEM certificate`);
  return certs;
}

/** The certificates of one file, each parsed; throws when the file cannot be read, holds none, or holds something else. */
export function checkedCertificatesInFile(file: string): X509Certificate[] {
  return parsedCertificates(file, certificatesInFile(file));
}

function notCertificate(file: string, reason: string, err: unknown): AppError {
  return new AppError('VALIDATION_FAILED', 'signing.errors.trustFileNotCertificate', { params: { file, why: reason, detail: technicalDetail(err) }, cause: err });
}

/**
 * The certificates of the files given with --trust, as DER. A file that is missing, a folder, or not
 * a certificate is refused by name (VALIDATION_FAILED), never read as an anchor that trusts nothing.
 */
export function trustAnchorFiles(files: readonly string[]): Buffer[] {
  return files.flatMap((file) => {
    let blocks: Buffer[];
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile()) throw notAFileError(file, stat);
      blocks = certificatesInFile(file);
    } catch (err) {
      throw notCertificate(file, fileReason(err), err);
    }
    try {
      return parsedCertificates(file, blocks).map((c) => c.raw);
    } catch (err) {
      throw notCertificate(file, 'notCertificate', err);
    }
  });
}

/** Every certificate of the folder's .pem/.crt/.cer files; none when the folder is unset or missing. */
export function readTrustAnchorsDir(dir: string | null): Buffer[] {
  if (!dir) return [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => CERTIFICATE_FILES.test(n))
    .sort()
    .flatMap((n) => certificatesInFile(path.join(dir, n)));
}
