// The sync protocol (ARCHITECTURE §4), version 2: what a workstation pushes and pulls and what the
// server answers. Both sides derive their types from these schemas; the server checks every
// request with them and the client every answer. The previous release's protocol is frozen in
// sync-v1.ts: a server serves it too, so a desk one release behind keeps working.
import { z } from 'zod';
import { appErrorSchema } from '../errors';
import { numberBlockSchema, SYNCED_COMMAND_NAMES, type SyncedCommandName } from './commands';
import { idSchema } from './common';
import { generatedValuesSchema, HLC_PATTERN } from './mutation';

/**
 * This release's version of the sync protocol: of its requests and answers, of the commands'
 * inputs a mutation carries and of the records a pull brings. A mutation carries the version it
 * was recorded under (an outbox row keeps it), a pulled record the version it is written in.
 */
export const SYNC_PROTOCOL_VERSION = 2;
/** The oldest version a server of this release serves (the previous release's); older ones are told to update. */
export const OLDEST_SYNC_PROTOCOL = 1;
/** A sync version as the wire may carry it: judged against what the receiver serves, not refused as malformed. */
export const syncVersionSchema = z.number().int().min(1).max(1000);
/** At most this many mutations per push, and changes per pull page: bounds a request's work. */
export const MAX_PUSH_MUTATIONS = 500;
export const MAX_PULL_CHANGES = 2000;
/** At most this many records asked for again in one pull. */
export const MAX_REFETCH = 500;

/**
 * Mutation ids and change numbers fit a 32-bit integer: the server's PostgreSQL columns are
 * `integer` (two billion mutations per device, or changes per court, is beyond any court).
 */
export const MAX_SEQ = 2_147_483_647;
const mutationIdSchema = z.number().int().min(1).max(MAX_SEQ);

/** One outbox row as the desk pushes it. */
export const pushedMutationSchema = z.strictObject({
  mutationId: mutationIdSchema,
  name: z.enum(SYNCED_COMMAND_NAMES as [SyncedCommandName, ...SyncedCommandName[]]),
  /** Checked against the command's own schema when it is re-run. */
  args: z.unknown(),
  baseVersions: z.record(idSchema, z.number().int().min(0)),
  hlc: z.string().regex(HLC_PATTERN),
  at: z.iso.datetime({ offset: false, precision: 3 }),
  userId: idSchema,
  generated: generatedValuesSchema,
});
export type PushedMutation = z.infer<typeof pushedMutationSchema>;

/** A mutation on the wire: with the sync version its command's input was recorded under. */
export const wireMutationSchema = pushedMutationSchema.extend({ schemaVersion: syncVersionSchema });
export type WireMutation = z.infer<typeof wireMutationSchema>;

export const pushRequestSchema = z.strictObject({
  protocol: z.literal(SYNC_PROTOCOL_VERSION),
  mutations: z.array(wireMutationSchema).min(1).max(MAX_PUSH_MUTATIONS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** A field that the mutation and someone else both changed since the mutation's base. */
export const conflictFieldSchema = z.strictObject({
  field: z.string(),
  base: z.unknown(),
  mine: z.unknown(),
  theirs: z.unknown(),
});
export type ConflictField = z.infer<typeof conflictFieldSchema>;

export const conflictSchema = z.strictObject({
  id: idSchema,
  entity: z.string(),
  entityId: idSchema,
  baseVersion: z.number().int(),
  serverVersion: z.number().int(),
  fields: z.array(conflictFieldSchema),
});
export type Conflict = z.infer<typeof conflictSchema>;

export const mutationOutcomeSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ mutationId: mutationIdSchema, outcome: z.literal('applied'), result: z.unknown() }),
  z.strictObject({ mutationId: mutationIdSchema, outcome: z.literal('rejected'), error: appErrorSchema }),
  z.strictObject({ mutationId: mutationIdSchema, outcome: z.literal('conflict'), conflict: conflictSchema }),
]);
export type MutationOutcome = z.infer<typeof mutationOutcomeSchema>;

export const pushResponseSchema = z.strictObject({ outcomes: z.array(mutationOutcomeSchema) });
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** Per court: the last change seq the device has applied. */
export const pullCursorSchema = z.record(idSchema, z.number().int().min(0).max(MAX_SEQ));
export type PullCursor = z.infer<typeof pullCursorSchema>;

export const pullRequestSchema = z.strictObject({
  protocol: z.literal(SYNC_PROTOCOL_VERSION),
  cursor: pullCursorSchema,
  limit: z.number().int().min(1).max(MAX_PULL_CHANGES).optional(),
  /** Types and years the desk is running low on serials for (ARCHITECTURE §4, number blocks). */
  wantBlocks: z
    .array(z.strictObject({ typeCode: z.string().regex(/^[0-9]{4}$/), year: z.number().int().min(1956).max(2999) }))
    .max(20)
    .optional(),
  /**
   * Records to send back as the server holds them now: those a refused mutation (rejected or in
   * conflict) changed on the desk, which must come back to the server's state.
   */
  refetch: z.array(z.strictObject({ entity: z.string().max(40), id: idSchema })).max(MAX_REFETCH).optional(),
  /**
   * Conflicts the server answered this device with that are still open on the desk: the server
   * says which of them were resolved meanwhile (by its operator, or by another answer), so the
   * desk stops offering them.
   */
  openConflicts: z.array(idSchema).max(MAX_REFETCH).optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const pulledChangeSchema = z.strictObject({
  courtId: idSchema,
  seq: z.number().int().min(1),
  entity: z.string(),
  entityId: z.string(),
  version: z.number().int(),
  hlc: z.string(),
  row: z.record(z.string(), z.unknown()),
  /** The sync version the row is written in: a desk refuses a page with one newer than its own. */
  schemaVersion: syncVersionSchema,
});
export type PulledChange = z.infer<typeof pulledChangeSchema>;

/** A record asked for again, as the server holds it now; `row: null` when the server has no such record in the court. */
export const refetchedRecordSchema = z.strictObject({
  entity: z.string(),
  entityId: idSchema,
  row: z.record(z.string(), z.unknown()).nullable(),
  schemaVersion: syncVersionSchema,
});
export type RefetchedRecord = z.infer<typeof refetchedRecordSchema>;

export const pullResponseSchema = z.strictObject({
  changes: z.array(pulledChangeSchema),
  cursor: pullCursorSchema,
  /** More changes wait after this page. */
  more: z.boolean(),
  /** Every open block of serials the server has granted to this device. */
  blocks: z.array(numberBlockSchema),
  /** The records the request asked for again (`refetch`), in its order. */
  records: z.array(refetchedRecordSchema),
  /** Of the request's `openConflicts`, those the server holds resolved (each this device's). */
  resolvedConflicts: z.array(idSchema),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
