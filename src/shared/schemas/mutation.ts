// What a mutation carries besides its command's arguments (ARCHITECTURE §4): the values its
// command drew on its device — the ids of the records it created, per kind, and the case numbers
// it took — and where and when it ran. The desk writes them with its outbox row; the server's
// re-run reads them back, so it creates the same rows with the same ids and judges the command by
// the rules of the day it ran. Part of the sync protocol: both sides derive their types from here.
import { z } from 'zod';
import { idSchema } from './common';

export const ID_KINDS = ['court', 'chamber', 'user', 'case', 'party', 'case_party', 'hearing', 'judgment', 'number_block', 'document'] as const;
export const idKindSchema = z.enum(ID_KINDS);
export type IdKind = z.infer<typeof idKindSchema>;

/** More than any command draws (a registration with its parties draws a few dozen at most). */
const MAX_DRAWN = 200;

export const generatedValuesSchema = z.strictObject({
  ids: z.partialRecord(idKindSchema, z.array(idSchema).max(MAX_DRAWN)),
  // Formed like a case number; which number is acceptable is the number authority's to judge.
  numbers: z.array(z.string().max(40)).max(MAX_DRAWN),
});
export type GeneratedValues = z.infer<typeof generatedValuesSchema>;

export const HLC_PATTERN = /^[0-9]{15}-[0-9]{5}-[A-Za-z0-9._:-]{1,64}$/;

export const mutationOriginSchema = z.strictObject({
  deviceId: z.string().min(1).max(64),
  /** Its number on its device (the outbox's mutation_id), when it was pushed. */
  mutationId: z.number().int().min(1).max(2_147_483_647).optional(),
  /** ISO-8601 UTC, as the device's command recorded it (`Date.prototype.toISOString`). */
  at: z.iso.datetime({ offset: false, precision: 3 }),
  hlc: z.string().regex(HLC_PATTERN),
  generated: generatedValuesSchema,
});
export type MutationOrigin = z.infer<typeof mutationOriginSchema>;

export function emptyGeneratedValues(): GeneratedValues {
  return { ids: {}, numbers: [] };
}
