// The central server's HTTP shapes that are not commands: the one error body of every non-2xx
// answer and the operations routes' answers. Shared so the workstation's sync client parses what
// the server sends with the very schemas the server's OpenAPI document is generated from.
import { z } from 'zod';
import { appErrorSchema } from '../errors';

/** The header carrying a request's id, both ways: a client may choose it, the server echoes it. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A request id a client may send: short, and of characters that cannot forge a log line or a
 * header (no spaces, quotes or control characters). Anything else is replaced by the server's own.
 */
export const requestIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);

/** Every non-2xx answer of the server: the same fields as AppError and the IPC Result's error. */
export const errorResponseSchema = z
  .object({ error: appErrorSchema })
  .describe('Every non-2xx answer: a stable code, a catalogue key, and for bad input the field paths.');
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const liveResponseSchema = z.object({ status: z.literal('live') }).describe('The process answers.');
export type LiveResponse = z.infer<typeof liveResponseSchema>;

/** What the server must reach to serve: each check is named in a 503's fields when it fails. */
export const READINESS_CHECKS = ['database', 'blobStore'] as const;
export type ReadinessCheckName = (typeof READINESS_CHECKS)[number];

export const readyResponseSchema = z
  .object({
    status: z.literal('ready'),
    checks: z.record(z.string(), z.object({ durationMs: z.number().nonnegative() })),
  })
  .describe(
    'Every dependency answered. When one does not, the answer is 503 SERVICE_UNAVAILABLE whose fields name each failed check (path ["checks", name]).',
  );
export type ReadyResponse = z.infer<typeof readyResponseSchema>;
