// The error body as the previous release's desk parses it: its codes did not include
// UPDATE_REQUIRED, so such a refusal is, to that desk, a server it cannot understand — which its
// transport treats as "offline, try later" (SERVICE_UNAVAILABLE), keeping its whole outbox.
import { z } from 'zod';
import { appErrorSchema, ERROR_CODES, type ErrorCode } from '../../../../src/shared/errors';

// DISK_FULL came later too (the server never sends it: its own full disk is SERVICE_UNAVAILABLE).
const V1_CODES = ERROR_CODES.filter((c) => c !== 'UPDATE_REQUIRED' && c !== 'DISK_FULL') as [ErrorCode, ...ErrorCode[]];
export const errorResponseV1Schema = z.object({ error: appErrorSchema.extend({ code: z.enum(V1_CODES) }) });
