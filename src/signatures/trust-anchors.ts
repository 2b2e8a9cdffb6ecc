// The admin's trust anchors for the built-in verifier (MAHKAMA_TRUST_ANCHORS): every certificate in
// the PEM (or DER) files of one folder. Read at each verification, so a root the admin adds or
// removes counts from the next check without a restart.
import fs from 'node:fs';
import path from 'node:path';

/** The files of a trust anchors' folder that are read: certificates, PEM or DER. */
export const CERTIFICATE_FILES = /\.(pem|crt|cer)$/i;

/** The certificates of one file: each PEM block, or the file itself when it is DER. */
export function certificatesInFile(file: string): Buffer[] {
  const raw = fs.readFileSync(file);
  const text = raw.toString('latin1');
  if (!text.includes('-----BEGIN CERTIFICATE-----')) return [raw];
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[0], 'latin1'));
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
