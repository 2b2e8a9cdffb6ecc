// Why a document could not be read, as a typed error whose reason the clerk reads in their
// language (errors.documents.<reason>) and a job records as its error code.
import { AppError } from '../../../shared/errors';
import type { DocumentFaultReason } from '../../../shared/schemas/documents';

export function documentFault(reason: DocumentFaultReason, params: Record<string, string | number> = {}, cause?: unknown): AppError {
  return new AppError('DOCUMENT_UNREADABLE', `errors.documents.${reason}`, { params: { reason, ...params }, cause });
}

/** The fault reason an error carries, or null when it is not a document fault. */
export function faultReasonOf(err: unknown): DocumentFaultReason | null {
  if (err instanceof AppError && err.code === 'DOCUMENT_UNREADABLE' && typeof err.params?.reason === 'string') return err.params.reason as DocumentFaultReason;
  return null;
}
