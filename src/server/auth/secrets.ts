// Random secrets the server hands out once (device secrets, refresh tokens, enrolment codes) and
// the one way it keeps them: SHA-256. They carry 80 to 256 random bits, so a fast hash is enough
// (a slow one is for what people choose); a stolen table gives nothing that can be presented.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { ENROLMENT_CODE_ALPHABET, ENROLMENT_CODE_LENGTH } from '../../shared/schemas/server-auth';

/** 32 random bytes as base64url (43 characters): device secrets and refresh tokens. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function matchesHash(secret: string, storedHex: string): boolean {
  const given = Buffer.from(sha256Hex(secret), 'hex');
  const stored = Buffer.from(storedHex, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** A new enrolment code, normalized (16 of Crockford's base32: 80 bits). */
export function randomEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLMENT_CODE_LENGTH; i++) code += ENROLMENT_CODE_ALPHABET[randomInt(ENROLMENT_CODE_ALPHABET.length)];
  return code;
}

const TAG_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const DEVICE_TAG_LENGTH = 6;
/** A device tag for provisional case numbers: 6 of [A-Z0-9] (checked unique by the caller). */
export function randomDeviceTag(): string {
  let tag = '';
  for (let i = 0; i < DEVICE_TAG_LENGTH; i++) tag += TAG_ALPHABET[randomInt(TAG_ALPHABET.length)];
  return tag;
}
