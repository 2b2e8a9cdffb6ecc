// The signed daily register (ARCHITECTURE §6, issue 10 item 9): what the chief clerk signs at the
// close of a court day — the day's audit entries of this workstation's chain and the chain's head
// at the close — as canonical JSON, signed CAdES-detached with the clerk's card. The JSON is the
// signed bytes; the record keeps it verbatim beside the CMS.
import { z } from 'zod';
import { idSchema, isoDateSchema } from './common';

export const DAILY_REGISTER_FORMAT = 'mahkama-daily-register/1';

const hashSchema = z.string().regex(/^[0-9a-f]{64}$/);

export const dailyRegisterEntrySchema = z.strictObject({
  seq: z.number().int().min(1),
  hlc: z.string().min(1).max(100),
  wallTime: z.string().min(1).max(40),
  userId: z.string().max(100).nullable(),
  command: z.string().min(1).max(100),
  hash: hashSchema,
});

export const dailyRegisterSchema = z.strictObject({
  format: z.literal(DAILY_REGISTER_FORMAT),
  courtId: idSchema,
  courtDate: isoDateSchema,
  deviceId: z.string().min(1).max(100),
  /** The chain's last entry when the day was closed: everything up to it is anchored. */
  head: z.strictObject({ seq: z.number().int().min(0), hash: hashSchema }),
  /** The entries recorded on that court day, in chain order. */
  entries: z.array(dailyRegisterEntrySchema).max(1_000_000),
});
export type DailyRegister = z.infer<typeof dailyRegisterSchema>;

/** recordDailyRegister's arguments: the signed JSON and its CMS (base64 DER), nothing else to trust. */
export const recordDailyRegisterArgsSchema = z.strictObject({
  courtDate: isoDateSchema,
  registerJson: z.string().min(2).max(64 * 1024 * 1024),
  signature: z.string().min(4).max(256 * 1024).regex(/^[A-Za-z0-9+/]+={0,2}$/),
});
