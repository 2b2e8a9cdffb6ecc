// Passwords on the server: argon2id with the desk's parameters (src/shared/password-policy.ts), so
// a hash made by either verifies on both. Never logged, never kept in clear.
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { ARGON2ID_PARAMETERS } from '../../shared/password-policy';

const OPTIONS = { algorithm: 2 as Algorithm /* Argon2id: a const enum */, ...ARGON2ID_PARAMETERS } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for anything that is not a hash it can read. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** As slow as a real check, so a name that does not exist cannot be told from a wrong password by time. */
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('mahkama-server-no-such-user');
  await verifyPassword(await dummyHash, password);
}
