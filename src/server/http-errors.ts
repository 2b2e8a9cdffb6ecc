// From whatever a request met to the one error body of the server ({ error: AppErrorData }) and its
// HTTP status. Only what was chosen to be said leaves: an unexpected failure is INTERNAL with no
// message and no stack (those go to the log, under the request id).
import type { FastifyError } from 'fastify';
import { AppError, isOutOfSpace, type AppErrorData, type ErrorCode } from '../shared/errors';

/** Every code has its status: adding a code to ERROR_CODES makes this fail to compile until decided. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  NOT_AUTHENTICATED: 401,
  BAD_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  STALE_VERSION: 409,
  CONFLICT: 409,
  CONFIRMATION_REQUIRED: 409,
  ALREADY_SET_UP: 409,
  NOT_SET_UP: 409,
  TOO_LARGE: 413,
  RULE_VIOLATION: 422,
  MUTATION_MISMATCH: 422,
  SNAPSHOT_INVALID: 422,
  DOCUMENT_UNREADABLE: 422,
  LOCKED: 423,
  TOO_MANY_REQUESTS: 429,
  UPDATE_REQUIRED: 426,
  UPLOAD_OFFSET_MISMATCH: 409,
  BLOB_HASH_MISMATCH: 422,
  TOO_MANY_UPLOADS: 429,
  SERVICE_UNAVAILABLE: 503,
  DB_UNAVAILABLE: 503,
  PRINT_UNAVAILABLE: 503,
  DB_CORRUPT: 500,
  DB_FOREIGN: 500,
  DB_TOO_NEW: 500,
  CONFIG_INVALID: 500,
  PIN_INCORRECT: 422,
  PIN_LOCKED: 423,
  PIN_REQUIRED: 422,
  TOKEN_UNAVAILABLE: 503,
  SIGNING_FAILED: 500,
  PDF_UNSUPPORTED: 422,
  SOFTWARE_TOKEN_REFUSED: 403,
  TIMESTAMP_FAILED: 502,
  REVOCATION_UNAVAILABLE: 502,
  // Answered as SERVICE_UNAVAILABLE (toHttpError): the desk retries, the operator reads the log.
  DISK_FULL: 503,
  INTERNAL: 500,
};

export interface HttpError {
  status: number;
  body: { error: AppErrorData };
  /** What the log keeps besides the code: the original error for a 5xx, nothing for a 4xx. */
  logCause: unknown;
}

function httpError(status: number, error: AppError, logCause: unknown = undefined): HttpError {
  return { status, body: { error: error.toData() }, logCause };
}

/** Fastify's own refusals of a request, by code: each becomes a typed 4xx. */
function fromFastify(err: FastifyError, bodyLimit: number): HttpError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return httpError(413, new AppError('TOO_LARGE', 'errors.server.tooLarge', { params: { limit: bodyLimit } }));
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return httpError(400, new AppError('MALFORMED_REQUEST', 'errors.server.malformedJson'));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return httpError(415, new AppError('MALFORMED_REQUEST', 'errors.server.unsupportedMediaType'));
    case 'FST_ERR_VALIDATION':
      return httpError(400, new AppError('VALIDATION_FAILED', 'errors.validationFailed'));
    default:
      break;
  }
  const status = err.statusCode ?? 500;
  if (status === 404) return httpError(404, new AppError('NOT_FOUND', 'errors.server.routeNotFound'));
  if (status === 413) return httpError(413, new AppError('TOO_LARGE', 'errors.server.tooLarge', { params: { limit: bodyLimit } }));
  if (status >= 400 && status < 500) return httpError(status, new AppError('MALFORMED_REQUEST', 'errors.server.badRequest'));
  return null;
}

/** A body of a type the route does not take (415), with the route's own words for what it takes. */
export class MediaTypeRefused extends Error {
  constructor(readonly error: AppError) {
    super(error.i18nKey);
  }
}

/**
 * The answer to an error thrown or passed anywhere in a request. A validation error made by our
 * validator compiler is an AppError with Fastify's `validationContext` ('body', 'querystring'…),
 * which prefixes its field paths so a client knows which part of the request was wrong.
 */
export function toHttpError(err: unknown, bodyLimit: number): HttpError {
  if (err instanceof MediaTypeRefused) return httpError(415, err.error);
  if (err instanceof AppError) {
    const context = (err as AppError & { validationContext?: string }).validationContext;
    if (err.code === 'VALIDATION_FAILED' && context && err.fields) {
      const fields = err.fields.map((f) => ({ ...f, path: [context, ...f.path] }));
      return httpError(400, new AppError(err.code, err.i18nKey, { ...(err.params ? { params: err.params } : {}), fields }));
    }
    if (err.code === 'DISK_FULL') return httpError(503, new AppError('SERVICE_UNAVAILABLE', 'errors.server.diskFull'), err);
    const status = HTTP_STATUS[err.code];
    if (status < 500 || err.code === 'SERVICE_UNAVAILABLE') return httpError(status, err);
    // A server-side failure's params may name files or hosts: a dependency that is down keeps its
    // code and key (the client retries later), anything else is INTERNAL; the log keeps it whole.
    if (status === 503) return httpError(503, new AppError(err.code, err.i18nKey), err);
    return httpError(500, new AppError('INTERNAL', 'errors.internal'), err);
  }
  if (isOutOfSpace(err)) return httpError(503, new AppError('SERVICE_UNAVAILABLE', 'errors.server.diskFull'), err);
  if (err && typeof err === 'object' && 'code' in err && typeof (err as FastifyError).code === 'string') {
    const known = fromFastify(err as FastifyError, bodyLimit);
    if (known) return known;
  }
  return httpError(500, new AppError('INTERNAL', 'errors.internal'), err);
}

/** The raw body for a connection Node's HTTP parser refused before Fastify saw a request. */
export function clientErrorResponse(status: 400 | 408 | 431): string {
  const body = JSON.stringify({ error: new AppError('MALFORMED_REQUEST', 'errors.server.badRequest').toData() });
  const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
