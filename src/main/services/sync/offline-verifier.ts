// Offline sign-in on an enrolled desk (ARCHITECTURE §7): after each online sign-in the desk keeps an
// argon2id hash of that password (the verifier) with the date until which it may be used, in its
// settings (a fact of this desk, never synced). Without the server, a user signs in against it until
// then; afterwards they must sign in online once more. The server's password stays the truth: a
// password changed elsewhere is learnt at the next online sign-in here.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../domain/db-schema';
import { AppError } from '../../../shared/errors';
import { burnVerifyTime, hashPassword, verifyPassword } from '../auth';

const DAY_MS = 24 * 60 * 60 * 1000;
const storedSchema = z.object({ userId: z.string(), hash: z.string(), validUntil: z.string() });

const keyOf = (username: string) => `offline_verifier:${username.toLowerCase()}`;

export async function saveOfflineVerifier(db: Kysely<Database>, opts: { username: string; userId: string; password: string; days: number; now: Date }): Promise<void> {
  const value = JSON.stringify({
    userId: opts.userId,
    hash: await hashPassword(opts.password),
    validUntil: new Date(opts.now.getTime() + opts.days * DAY_MS).toISOString(),
  });
  await db
    .insertInto('settings')
    .values({ key: keyOf(opts.username), value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

async function stored(db: Kysely<Database>, username: string) {
  const row = await db.selectFrom('settings').select('value').where('key', '=', keyOf(username)).executeTakeFirst();
  if (!row) return null;
  try {
    const parsed = storedSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The user id when `password` matches the verifier kept for `username`, null when it does not.
 * Throws when there is none (never signed in online here) or, unless `ignoreExpiry` (unlocking a
 * session already open), when it has expired — both say what to do.
 */
export async function checkOfflineVerifier(
  db: Kysely<Database>,
  opts: { username: string; password: string; now: Date; ignoreExpiry?: boolean },
): Promise<string | null> {
  const v = await stored(db, opts.username);
  if (!v) {
    // As slow as a wrong password: the answer comes no sooner for a name never signed in here.
    await burnVerifyTime(opts.password);
    throw new AppError('BAD_CREDENTIALS', 'errors.auth.offlineNeverOnline');
  }
  if (!(await verifyPassword(v.hash, opts.password))) return null;
  // Said only after the right password: the expiry tells nothing to someone guessing.
  if (!opts.ignoreExpiry && opts.now.getTime() > Date.parse(v.validUntil)) throw new AppError('BAD_CREDENTIALS', 'errors.auth.offlineExpired');
  return v.userId;
}
