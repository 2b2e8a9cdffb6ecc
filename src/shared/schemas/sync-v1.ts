// The sync protocol as the previous release spoke it (version 1), frozen: never edit it. A server
// of this release still accepts these requests and answers in this shape, so a desk one release
// behind keeps working (ARCHITECTURE §4, version skew). A v1 mutation carries no schema version:
// its command's input is version 1's, brought to this release's by upcastMutationArgs. A v1 pull
// answer has no `schemaVersion` on its changes and no `records`: a v1 desk's schemas are strict.
// Parts that did not change between 1 and 2 (ids, HLCs, outcomes, number blocks) are imported;
// a release that changes one of them copies its version-1 form here first.
import { z } from 'zod';
import { numberBlockSchema, SYNCED_COMMAND_NAMES, type SyncedCommandName } from './commands';
import { idSchema } from './common';
import { generatedValuesSchema, HLC_PATTERN } from './mutation';
import { MAX_PULL_CHANGES, MAX_PUSH_MUTATIONS, MAX_SEQ, mutationOutcomeSchema, pullCursorSchema } from './sync';

export const SYNC_PROTOCOL_V1 = 1;

export const pushedMutationV1Schema = z.strictObject({
  mutationId: z.number().int().min(1).max(MAX_SEQ),
  name: z.enum(SYNCED_COMMAND_NAMES as [SyncedCommandName, ...SyncedCommandName[]]),
  args: z.unknown(),
  baseVersions: z.record(idSchema, z.number().int().min(0)),
  hlc: z.string().regex(HLC_PATTERN),
  at: z.iso.datetime({ offset: false, precision: 3 }),
  userId: idSchema,
  generated: generatedValuesSchema,
});
export type PushedMutationV1 = z.infer<typeof pushedMutationV1Schema>;

export const pushRequestV1Schema = z.strictObject({
  protocol: z.literal(SYNC_PROTOCOL_V1),
  mutations: z.array(pushedMutationV1Schema).min(1).max(MAX_PUSH_MUTATIONS),
});
export type PushRequestV1 = z.infer<typeof pushRequestV1Schema>;

export const pushResponseV1Schema = z.strictObject({ outcomes: z.array(mutationOutcomeSchema) });

export const pullRequestV1Schema = z.strictObject({
  protocol: z.literal(SYNC_PROTOCOL_V1),
  cursor: pullCursorSchema,
  limit: z.number().int().min(1).max(MAX_PULL_CHANGES).optional(),
  wantBlocks: z
    .array(z.strictObject({ typeCode: z.string().regex(/^[0-9]{4}$/), year: z.number().int().min(1956).max(2999) }))
    .max(20)
    .optional(),
});
export type PullRequestV1 = z.infer<typeof pullRequestV1Schema>;

export const pulledChangeV1Schema = z.strictObject({
  courtId: idSchema,
  seq: z.number().int().min(1),
  entity: z.string(),
  entityId: z.string(),
  version: z.number().int(),
  hlc: z.string(),
  row: z.record(z.string(), z.unknown()),
});

export const pullResponseV1Schema = z.strictObject({
  changes: z.array(pulledChangeV1Schema),
  cursor: pullCursorSchema,
  more: z.boolean(),
  blocks: z.array(numberBlockSchema),
});
export type PullResponseV1 = z.infer<typeof pullResponseV1Schema>;
