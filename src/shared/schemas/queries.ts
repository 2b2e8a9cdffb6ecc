// Arguments of the named reads (Signal-style: a query is named for what it answers).
import { z } from 'zod';
import { CASE_STATUSES } from '../enums';
import { LIMITS, idSchema, isoDateSchema } from './common';

export const registryFilterSchema = z.strictObject({
  status: z.enum(CASE_STATUSES).optional(),
  caseTypeId: idSchema.optional(),
  year: z.number().int().min(1956).max(2999).optional(),
  chamberId: idSchema.optional(),
});
export type RegistryFilter = z.infer<typeof registryFilterSchema>;

export const querySchemas = {
  listCasesForRegistry: z.strictObject({
    filter: registryFilterSchema,
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(LIMITS.pageSize),
  }),
  quickFind: z.strictObject({ text: z.string().max(LIMITS.quickFind), limit: z.number().int().min(1).max(50) }),
  getCaseDetail: z.strictObject({ caseId: idSchema }),
  listHearingsOfDay: z.strictObject({ date: isoDateSchema, chamberId: idSchema.optional() }),
  getReferenceData: z.strictObject({ onDate: isoDateSchema.optional() }),
} as const;
export type QueryName = keyof typeof querySchemas;
