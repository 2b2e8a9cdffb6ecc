// What the desk's settings, header and conflicts screen exchange with main about sync (ARCHITECTURE
// §4, §8): enrolment with a server, the sync status, the refused pushes kept for the clerk
// (conflicts with base / mine / theirs per field, rejections with their reason) and the clerk's
// answer to each. The server's own protocol is schemas/sync.ts; this is the desk's side of it.
import { z } from 'zod';
import { appErrorSchema } from '../errors';
import { LIMITS, idSchema } from './common';
import { conflictSchema } from './sync';
import { enrolmentCodeSchema } from './server-auth';

/** An http(s) address with a host and nothing after the path: where the court's server answers. */
export const serverUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.url)
  .refine(
    (u) => {
      // An empty one is the length check's to name.
      if (u === '') return true;
      if (!URL.canParse(u)) return false;
      const url = new URL(u);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
    },
    { params: { i18nKey: 'errors.enrolment.badServerUrl' } },
  );

export const enrolInputSchema = z.strictObject({
  serverUrl: serverUrlSchema,
  code: z.string().min(1).max(64).pipe(enrolmentCodeSchema),
});
export type EnrolInput = z.input<typeof enrolInputSchema>;

/** Connecting the signed-in person's session to the server again (signed in offline earlier): their password. */
export const reconnectInputSchema = z.strictObject({ password: z.string().min(1).max(LIMITS.password.max) });

export const SYNC_STATES = ['standalone', 'signedOut', 'online', 'offline', 'syncing'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export const syncStatusSchema = z.strictObject({
  /**
   * standalone: not enrolled. signedOut: enrolled, but the person at the desk signed in offline (or
   * not at all), so there is no server session to sync with. online: the last round went through.
   * offline: the last round found no server (backing off). syncing: a round is under way.
   */
  state: z.enum(SYNC_STATES),
  serverUrl: z.string().nullable(),
  /** Mutations of this desk not yet answered by the server. */
  pending: z.number().int().nonnegative(),
  /** Conflicts and rejections not yet settled by the clerk. */
  conflicts: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  /** Document files scanned here that the server does not hold yet (sent in the background). */
  filesToUpload: z.number().int().nonnegative(),
  /** Document files pulled as records whose bytes are not on this desk yet (fetched in the background). */
  filesToFetch: z.number().int().nonnegative(),
  /** Document files with a problem the clerk should know of (gone from this desk before upload, refused by the server). */
  fileProblems: z.number().int().nonnegative(),
  /** Court wall-clock reading (YYYY-MM-DD HH:MM) of the last round that went through. */
  lastSyncedAt: z.string().nullable(),
  /** Why the last round did not go through (none after a success). */
  lastError: appErrorSchema.nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/**
 * What went wrong the last time a document file was moved (ARCHITECTURE §5, files between desks).
 * fileMissing: scanned here, then gone from the store before the server had it. fileDamaged: the
 * file in the store no longer matches its SHA-256. notYetAvailable: the server does not hold it yet
 * (the desk that scanned it has not sent it). refused: the server refused it (its error code kept).
 * hashMismatch: what came down did not match the SHA-256 (discarded, fetched again).
 */
export const DOCUMENT_FILE_PROBLEMS = ['fileMissing', 'fileDamaged', 'notYetAvailable', 'refused', 'hashMismatch'] as const;
export type DocumentFileProblem = (typeof DOCUMENT_FILE_PROBLEMS)[number];

export const documentFileInputSchema = z.strictObject({ documentId: idSchema });

/**
 * Where a document's file stands on this desk when it is opened. here: in the store (`fetched`
 * when it came down just now). notYetAvailable: the server does not hold it yet; it comes with a
 * later sync. unreachable: it is not here and the server cannot be asked now (offline, signed in
 * offline, standalone). missing: scanned here and gone from the store before the server had it.
 */
export const documentFileStateSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('here'), fetched: z.boolean() }),
  z.strictObject({ state: z.literal('notYetAvailable') }),
  z.strictObject({ state: z.literal('unreachable'), error: appErrorSchema.nullable() }),
  z.strictObject({ state: z.literal('missing') }),
]);
export type DocumentFileState = z.infer<typeof documentFileStateSchema>;

const problemBase = {
  mutationId: z.number().int().positive(),
  /** The command the clerk ran (its name, translated by the UI). */
  command: z.string(),
  /** Court wall-clock reading of when the server's answer came back. */
  receivedAt: z.string(),
  /** Set once settled (resolved or put aside): still listed, never dropped. */
  settledAt: z.string().nullable(),
  /** What the mutation was about, when it names a case: its number, for the clerk to find it. */
  caseNumber: z.string().nullable(),
};

export const syncProblemsSchema = z.strictObject({
  conflicts: z.array(
    z.strictObject({
      ...problemBase,
      conflict: conflictSchema,
      /** Once resolved on this desk: the values the clerk kept, per field. */
      resolution: z.record(z.string(), z.unknown()).nullable(),
      /**
       * What main reads for the clerk where the renderer cannot: each instant among the values
       * (`*_at`) as a court wall-clock reading, keyed by the instant's text (the renderer never
       * turns an instant into a wall clock itself), and each person named by id (`*_by`) by their
       * display name.
       */
      courtTimes: z.record(z.string(), z.string()),
      people: z.record(z.string(), z.string()),
    }),
  ),
  rejected: z.array(z.strictObject({ ...problemBase, error: appErrorSchema })),
});
export type SyncProblems = z.infer<typeof syncProblemsSchema>;

export const syncProblemsInputSchema = z.strictObject({
  /** Settled ones too (the record of every refusal). */
  includeSettled: z.boolean().default(false),
});

/** The clerk's pick per conflicting field: the value at the base, their own, or the other one. */
export const CONFLICT_CHOICES = ['base', 'mine', 'theirs'] as const;
export const conflictChoicesSchema = z.record(z.string().min(1).max(64), z.enum(CONFLICT_CHOICES));

export const resolveConflictInputSchema = z.strictObject({
  mutationId: z.number().int().positive(),
  conflictId: idSchema,
  choices: conflictChoicesSchema,
});
export type ResolveConflictInput = z.input<typeof resolveConflictInputSchema>;

export const acknowledgeRejectedInputSchema = z.strictObject({ mutationId: z.number().int().positive() });
