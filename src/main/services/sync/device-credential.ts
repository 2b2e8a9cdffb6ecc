// The device credential an enrolment gives this desk (ARCHITECTURE §7): the server's address, the
// device's id, tag and court, and its secret, shown once by the server. No OS keychain is reachable
// from the main process's services here (they run in plain Node too: the browser shell, tests), so
// it is a file in the data folder, created 0600 (owner read/write only) and replaced atomically,
// never in the database (whose copies — snapshots, backups — travel further) and never logged.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { SECRET_TOKEN_PATTERN } from '../../../shared/schemas/server-auth';

export const CREDENTIAL_FILE_NAME = 'device-credential.json';

const credentialSchema = z.strictObject({
  serverUrl: z.string().url(),
  deviceId: z.string().min(1),
  deviceTag: z.string().min(1),
  courtId: z.string().min(1),
  deviceSecret: z.string().regex(SECRET_TOKEN_PATTERN),
  enrolledAt: z.string(),
});
export type DeviceCredentialFile = z.infer<typeof credentialSchema>;

export function credentialFileOf(dataDir: string): string {
  return path.join(dataDir, CREDENTIAL_FILE_NAME);
}

/** The stored credential; null when this desk was never enrolled. A file that does not read back is an error. */
export function readCredential(file: string): DeviceCredentialFile | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('DB_UNAVAILABLE', 'errors.enrolment.credentialUnreadable', { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new AppError('DB_UNAVAILABLE', 'errors.enrolment.credentialUnreadable', { cause: err });
  }
  const checked = credentialSchema.safeParse(parsed);
  if (!checked.success) throw new AppError('DB_UNAVAILABLE', 'errors.enrolment.credentialUnreadable');
  return checked.data;
}

/** Writes the credential 0600 through a temporary file renamed into place (no half-written secret). */
export function writeCredential(file: string, credential: DeviceCredentialFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(credentialSchema.parse(credential), null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // The mode given to open is masked by the umask; say it again.
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function removeCredential(file: string): void {
  fs.rmSync(file, { force: true });
}
