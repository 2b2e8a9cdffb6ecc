// Enrolled workstations (ARCHITECTURE §7): an operator issues a one-time code for a court; a desk
// presents it once and gets its id, tag and secret (shown once, kept hashed); the device proves
// itself with that secret at every login and refresh; revoking it stops its credential and every
// token bound to it at once. This is the server's own bookkeeping, not a court record: it is not
// written through the command path (no court audit entry), and the CLI logs each action instead.
import { AppError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { DeviceCredential, EnrolResponse } from '../../shared/schemas/server-auth';
import type { Db } from '../../domain/db-schema';
import { matchesHash, randomDeviceTag, randomEnrolmentCode, randomSecret, sha256Hex } from './secrets';
import { isUniqueViolation } from '../../domain/unique-violation';

export const DEFAULT_ENROLMENT_CODE_TTL_HOURS = 24;
export const MAX_ENROLMENT_CODE_TTL_HOURS = 24 * 7;

export interface IssuedCode {
  id: string;
  /** Normalized; shown once, never stored. */
  code: string;
  expiresAt: string;
}

export async function issueEnrolmentCode(
  db: Db,
  opts: { courtId: string; deviceName: string; createdBy: string; ttlHours: number; now: Date },
): Promise<IssuedCode> {
  const court = await db.selectFrom('courts').select('id').where('id', '=', opts.courtId).executeTakeFirst();
  if (!court) throw new AppError('NOT_FOUND', 'errors.notFound', { params: { entity: 'court', id: opts.courtId } });
  const code = randomEnrolmentCode();
  const id = newId();
  const expiresAt = new Date(opts.now.getTime() + opts.ttlHours * 3_600_000).toISOString();
  await db
    .insertInto('enrolment_codes')
    .values({
      id,
      code_hash: sha256Hex(code),
      court_id: opts.courtId,
      device_name: opts.deviceName,
      created_by: opts.createdBy,
      created_at: opts.now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
      used_by_device: null,
    })
    .execute();
  return { id, code, expiresAt };
}

/**
 * Spends the code and enrols a device, in one transaction. The code is claimed by one conditional
 * UPDATE (unused and unexpired), so of attempts racing with it — on one instance or several —
 * exactly one enrols and the others are told it was used.
 */
export async function enrolDevice(db: Db, input: { code: string; deviceName: string }, now: Date): Promise<EnrolResponse> {
  const codeHash = sha256Hex(input.code);
  const at = now.toISOString();
  const secret = randomSecret();
  const deviceId = newId();
  for (let attempt = 0; ; attempt++) {
    const tag = randomDeviceTag();
    try {
      return await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('enrolment_codes')
          .set({ used_at: at })
          .where('code_hash', '=', codeHash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', at)
          .returning(['id', 'court_id', 'created_by'])
          .executeTakeFirst();
        if (!claimed) {
          const known = await trx.selectFrom('enrolment_codes').select(['used_at', 'expires_at']).where('code_hash', '=', codeHash).executeTakeFirst();
          if (!known) throw new AppError('BAD_CREDENTIALS', 'errors.enrolment.codeUnknown');
          if (known.used_at !== null) throw new AppError('BAD_CREDENTIALS', 'errors.enrolment.codeUsed');
          throw new AppError('BAD_CREDENTIALS', 'errors.enrolment.codeExpired');
        }
        await trx
          .insertInto('devices')
          .values({
            id: deviceId,
            court_id: claimed.court_id,
            tag,
            name: input.deviceName,
            credential_hash: sha256Hex(secret),
            enrolled_at: at,
            enrolled_by: claimed.created_by,
            revoked_at: null,
            last_seen_at: null,
          })
          .execute();
        await trx.updateTable('enrolment_codes').set({ used_by_device: deviceId }).where('id', '=', claimed.id).execute();
        const court = await trx.selectFrom('courts').select(['id', 'code', 'name_ar', 'name_fr']).where('id', '=', claimed.court_id).executeTakeFirstOrThrow();
        return {
          deviceId,
          deviceTag: tag,
          deviceSecret: secret,
          courtId: court.id,
          court: { id: court.id, code: court.code, nameAr: court.name_ar, nameFr: court.name_fr },
        };
      });
    } catch (err) {
      // 36^6 tags: a clash is rare, and the whole enrolment (code included) was rolled back.
      if (isUniqueViolation(err) && attempt < 5) continue;
      throw err;
    }
  }
}

export interface VerifiedDevice {
  id: string;
  courtId: string;
  tag: string;
  name: string;
}

/** The device whose credential this is, not revoked; BAD_CREDENTIALS otherwise (never which part was wrong). */
export async function verifyDeviceCredential(db: Db, credential: DeviceCredential): Promise<VerifiedDevice> {
  const row = await db
    .selectFrom('devices')
    .select(['id', 'court_id', 'tag', 'name', 'credential_hash', 'revoked_at'])
    .where('id', '=', credential.id)
    .executeTakeFirst();
  if (!row || !matchesHash(credential.secret, row.credential_hash)) throw new AppError('BAD_CREDENTIALS', 'errors.auth.deviceNotRecognised');
  if (row.revoked_at !== null) throw new AppError('BAD_CREDENTIALS', 'errors.auth.deviceRevoked');
  return { id: row.id, courtId: row.court_id, tag: row.tag, name: row.name };
}

export interface DeviceListing {
  id: string;
  tag: string;
  name: string;
  /** The name the operator gave the enrolment code. */
  intendedName: string | null;
  courtCode: string;
  enrolledAt: string;
  enrolledBy: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

export async function listDevices(db: Db, courtId?: string): Promise<DeviceListing[]> {
  let q = db
    .selectFrom('devices')
    .innerJoin('courts', 'courts.id', 'devices.court_id')
    .leftJoin('enrolment_codes', 'enrolment_codes.used_by_device', 'devices.id')
    .select([
      'devices.id',
      'devices.tag',
      'devices.name',
      'enrolment_codes.device_name as intended_name',
      'courts.code as court_code',
      'devices.enrolled_at',
      'devices.enrolled_by',
      'devices.last_seen_at',
      'devices.revoked_at',
    ])
    .orderBy('courts.code')
    .orderBy('devices.enrolled_at');
  if (courtId) q = q.where('devices.court_id', '=', courtId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    tag: r.tag,
    name: r.name,
    intendedName: r.intended_name,
    courtCode: r.court_code,
    enrolledAt: r.enrolled_at,
    enrolledBy: r.enrolled_by,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
  }));
}

/**
 * Revokes a device (by id or tag) and every refresh token bound to it, in one transaction. Access
 * tokens already handed out stop too: every request checks the device (requireAuth).
 */
export async function revokeDevice(db: Db, idOrTag: string, now: Date): Promise<{ device: DeviceListing; revokedTokens: number; wasRevoked: boolean }> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('devices')
      .select(['id', 'revoked_at'])
      .where((eb) => eb.or([eb('id', '=', idOrTag), eb('tag', '=', idOrTag.toUpperCase())]))
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'errors.devices.unknown', { params: { entity: 'device', id: idOrTag } });
    const wasRevoked = row.revoked_at !== null;
    if (!wasRevoked) await trx.updateTable('devices').set({ revoked_at: at }).where('id', '=', row.id).execute();
    const tokens = await trx
      .updateTable('refresh_tokens')
      .set({ revoked_at: at })
      .where('device_id', '=', row.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const device = (await listDevices(trx)).find((d) => d.id === row.id)!;
    return { device, revokedTokens: Number(tokens.numUpdatedRows), wasRevoked };
  });
}

