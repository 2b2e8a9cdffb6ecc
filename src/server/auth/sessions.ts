// Sign-in, refresh and sign-out (ARCHITECTURE §7). A session is a user on a device: login needs the
// user's password AND the device's credential, and both tokens are bound to that device. Refresh
// tokens rotate: each is exchanged once for the next (same family); presenting a rotated one again
// is taken for theft and revokes the whole family. The user is read again at every refresh (still
// active, roles, court), so a deactivated user or a revoked device gets nothing more.
import { AppError } from '../../shared/errors';
import type { Role } from '../../shared/enums';
import { newId } from '../../shared/ids';
import type { TokenResponse } from '../../shared/schemas/server-auth';
import type { Db } from '../../domain/db-schema';
import type { ServerConfig } from '../config';
import { verifyDeviceCredential, type VerifiedDevice } from './devices';
import { burnVerifyTime, verifyPassword } from './passwords';
import { ipBucket, LOGIN_RATE_LIMIT, reserveAttempt, userBucket, type RateLimit } from './rate-limit';
import { randomSecret, sha256Hex } from './secrets';
import type { AccessTokens } from './tokens';

export interface SessionDeps {
  db: Db;
  tokens: AccessTokens;
  jwt: ServerConfig['jwt'];
  now: () => Date;
  loginLimit?: RateLimit;
}

interface UserRow {
  id: string;
  court_id: string;
  roles: string;
  active: number;
}

function rolesOf(row: UserRow): Role[] {
  return JSON.parse(row.roles) as Role[];
}

/** Why the user may not act from this device (inactive, of another court, no role), or null. */
function mayUse(user: UserRow, device: VerifiedDevice): AppError | null {
  if (user.active !== 1 || rolesOf(user).length === 0) return new AppError('FORBIDDEN', 'errors.auth.accountInactive');
  if (user.court_id !== device.courtId) return new AppError('FORBIDDEN', 'errors.auth.otherCourtDevice');
  return null;
}

async function issueTokens(db: Db, deps: SessionDeps, user: UserRow, device: VerifiedDevice, familyId: string, now: Date): Promise<TokenResponse> {
  const refreshToken = randomSecret();
  const refreshExpiresAt = new Date(now.getTime() + deps.jwt.refreshTokenTtlSeconds * 1000).toISOString();
  await db
    .insertInto('refresh_tokens')
    .values({
      id: newId(),
      family_id: familyId,
      user_id: user.id,
      device_id: device.id,
      token_hash: sha256Hex(refreshToken),
      created_at: now.toISOString(),
      expires_at: refreshExpiresAt,
      rotated_at: null,
      revoked_at: null,
    })
    .execute();
  await db.updateTable('devices').set({ last_seen_at: now.toISOString() }).where('id', '=', device.id).execute();
  const roles = rolesOf(user);
  const access = await deps.tokens.sign({ sub: user.id, court: user.court_id, roles, device: device.id, sid: familyId }, now);
  return {
    tokenType: 'Bearer',
    accessToken: access.token,
    expiresIn: access.expiresIn,
    refreshToken,
    refreshExpiresAt,
    userId: user.id,
    courtId: user.court_id,
    deviceId: device.id,
    roles,
  };
}

export async function login(
  deps: SessionDeps,
  input: { username: string; password: string; device: { id: string; secret: string } },
  clientIp: string,
): Promise<TokenResponse> {
  const now = deps.now();
  // Counted first, before anything slow: parallel guesses meet the same count.
  await reserveAttempt(deps.db, [ipBucket(clientIp), userBucket(input.username)], now.getTime(), deps.loginLimit ?? LOGIN_RATE_LIMIT);
  const device = await verifyDeviceCredential(deps.db, input.device);
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'court_id', 'roles', 'active', 'password_hash'])
    .where('username', '=', input.username.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) {
    await burnVerifyTime(input.password);
    throw new AppError('BAD_CREDENTIALS', 'errors.auth.badCredentials');
  }
  if (!(await verifyPassword(user.password_hash, input.password))) throw new AppError('BAD_CREDENTIALS', 'errors.auth.badCredentials');
  const refusal = mayUse(user, device);
  if (refusal) throw refusal;
  return deps.db.transaction().execute((trx) => issueTokens(trx, deps, user, device, newId(), now));
}

/** Revokes every token of a family still alive. */
async function revokeFamily(db: Db, familyId: string, at: string): Promise<void> {
  await db.updateTable('refresh_tokens').set({ revoked_at: at }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
}

export async function refresh(deps: SessionDeps, input: { refreshToken: string; device: { id: string; secret: string } }): Promise<TokenResponse> {
  const now = deps.now();
  const at = now.toISOString();
  const device = await verifyDeviceCredential(deps.db, input.device);
  // One transaction: the old token is spent and the next one stored together, and a refusal that
  // revokes the family is committed before it is answered.
  const outcome = await deps.db.transaction().execute(async (trx): Promise<{ tokens: TokenResponse } | { refused: AppError }> => {
    const row = await trx
      .selectFrom('refresh_tokens')
      .select(['id', 'family_id', 'user_id', 'device_id', 'expires_at', 'rotated_at', 'revoked_at'])
      .where('token_hash', '=', sha256Hex(input.refreshToken))
      .executeTakeFirst();
    if (!row || row.device_id !== device.id || row.revoked_at !== null) return { refused: new AppError('NOT_AUTHENTICATED', 'errors.auth.refreshInvalid') };
    if (row.expires_at <= at) return { refused: new AppError('NOT_AUTHENTICATED', 'errors.auth.refreshExpired') };
    // Spent by one conditional UPDATE: of two requests presenting the same token, one wins and the
    // other is a reuse — whoever holds a copy loses the whole family.
    const spent =
      row.rotated_at === null
        ? await trx.updateTable('refresh_tokens').set({ rotated_at: at }).where('id', '=', row.id).where('rotated_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst()
        : null;
    if (!spent || Number(spent.numUpdatedRows) !== 1) {
      await revokeFamily(trx, row.family_id, at);
      return { refused: new AppError('NOT_AUTHENTICATED', 'errors.auth.refreshReused') };
    }
    const user = await trx.selectFrom('users').select(['id', 'court_id', 'roles', 'active']).where('id', '=', row.user_id).executeTakeFirst();
    const refusal = user ? mayUse(user, device) : new AppError('NOT_AUTHENTICATED', 'errors.auth.refreshInvalid');
    if (refusal || !user) {
      await revokeFamily(trx, row.family_id, at);
      return { refused: refusal ?? new AppError('NOT_AUTHENTICATED', 'errors.auth.refreshInvalid') };
    }
    return { tokens: await issueTokens(trx, deps, user, device, row.family_id, now) };
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome.tokens;
}

/** Ends the session the refresh token belongs to, if it is this user's on this device; nothing else to say. */
export async function logout(deps: SessionDeps, auth: { userId: string; deviceId: string }, refreshToken: string): Promise<void> {
  const row = await deps.db
    .selectFrom('refresh_tokens')
    .select(['family_id', 'user_id', 'device_id'])
    .where('token_hash', '=', sha256Hex(refreshToken))
    .executeTakeFirst();
  if (row && row.user_id === auth.userId && row.device_id === auth.deviceId) await revokeFamily(deps.db, row.family_id, deps.now().toISOString());
}
