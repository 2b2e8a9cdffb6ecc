// The one error type of Mahkama: every failure a person or a peer can see carries a stable
// code, an i18n key and, for bad input, the field paths. Never throw a bare string or Error
// across a boundary (IPC, HTTP, CLI); wrap it here first.
import { z } from 'zod';

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'STALE_VERSION',
  'FORBIDDEN',
  'NOT_AUTHENTICATED',
  'LOCKED',
  'RULE_VIOLATION',
  'CONFLICT',
  /** A re-run mutation asks for values its device did not draw: nothing of it is applied. */
  'MUTATION_MISMATCH',
  'DB_CORRUPT',
  'DB_FOREIGN',
  'DB_TOO_NEW',
  'DB_UNAVAILABLE',
  'ALREADY_SET_UP',
  'NOT_SET_UP',
  'BAD_CREDENTIALS',
  'CONFIRMATION_REQUIRED',
  'CONFIG_INVALID',
  'SNAPSHOT_INVALID',
  'PRINT_UNAVAILABLE',
  // A document that cannot be read (params.reason: empty, truncated, encrypted, too large, …).
  'DOCUMENT_UNREADABLE',
  // Blobs: a chunk or a completion that does not start where the server's upload stands (its
  // params carry expectedOffset, so the client resumes from there); content that does not match
  // its declared SHA-256 (the upload is discarded); a device with too many uploads open.
  'UPLOAD_OFFSET_MISMATCH',
  'BLOB_HASH_MISMATCH',
  'TOO_MANY_UPLOADS',
  // HTTP (the server): a body over the limit, a request that is not well formed before any field
  // can be judged (bad JSON, wrong media type), and a server that cannot serve now (not ready,
  // shutting down) — each tells a client something different to do (split, fix, retry later).
  'TOO_LARGE',
  'MALFORMED_REQUEST',
  'SERVICE_UNAVAILABLE',
  // Too many attempts (sign-in): params.seconds says when to try again.
  'TOO_MANY_REQUESTS',
  // Sync: the other side speaks a version of the protocol this one does not serve (params:
  // version, oldest, current). The desk pauses its sync, keeping every mutation, until updated.
  'UPDATE_REQUIRED',
  // Signing (§6): a wrong PIN (params.pinState: ok, countLow or finalTry, read from the token after
  // the failure), a locked PIN, a PIN needed but not given; the PKCS#11 module, token, key or token
  // service not usable (the i18n key says which); the token refused to sign; a PDF we will not sign
  // or cannot read (encrypted, certified, broken xref, not a PDF).
  'PIN_INCORRECT',
  'PIN_LOCKED',
  'PIN_REQUIRED',
  'TOKEN_UNAVAILABLE',
  'SIGNING_FAILED',
  'PDF_UNSUPPORTED',
  // A software token (SoftHSM and the like) asked to sign in a production build (§6).
  'SOFTWARE_TOKEN_REFUSED',
  // Long-term validation (§6): the timestamp authority is unreachable, refuses, or answers
  // something that is not a valid token for our request (nothing is written); the OCSP responder
  // or CRL of a certificate cannot be had (the extension is not written).
  'TIMESTAMP_FAILED',
  'REVOCATION_UNAVAILABLE',
  // The disk this program writes to is full (or the account's quota): the person can act on it
  // (free space, call the court's IT), and what failed wrote nothing. Never sent over HTTP: the
  // server answers its own full disk as SERVICE_UNAVAILABLE, which every desk version retries.
  'DISK_FULL',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const fieldIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  i18nKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  i18nKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  fields: z.array(fieldIssueSchema).optional(),
});
export type AppErrorData = z.infer<typeof appErrorSchema>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly i18nKey: string;
  readonly params: Record<string, string | number> | undefined;
  readonly fields: FieldIssue[] | undefined;

  constructor(
    code: ErrorCode,
    i18nKey: string,
    opts: { params?: Record<string, string | number>; fields?: FieldIssue[]; cause?: unknown } = {},
  ) {
    super(`${code}: ${i18nKey}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.i18nKey = i18nKey;
    this.params = opts.params;
    this.fields = opts.fields;
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, i18nKey: this.i18nKey };
    if (this.params) data.params = this.params;
    if (this.fields) data.fields = this.fields;
    return data;
  }

  static fromData(data: AppErrorData): AppError {
    return new AppError(data.code, data.i18nKey, {
      ...(data.params ? { params: data.params } : {}),
      ...(data.fields ? { fields: data.fields } : {}),
    });
  }
}

/** A rule of the court was broken: the key names which rule (`errors.rule.*`). */
export function ruleViolation(rule: string, params?: Record<string, string | number>, path?: (string | number)[]): AppError {
  const i18nKey = `errors.rule.${rule}`;
  return new AppError('RULE_VIOLATION', i18nKey, {
    ...(params ? { params } : {}),
    ...(path ? { fields: [{ path, i18nKey, ...(params ? { params } : {}) }] } : {}),
  });
}

export function notFound(entity: string, id: string): AppError {
  return new AppError('NOT_FOUND', 'errors.notFound', { params: { entity, id } });
}

export function staleVersion(entity: string, id: string, expected: number, actual: number): AppError {
  return new AppError('STALE_VERSION', 'errors.staleVersion', { params: { entity, id, expected, actual } });
}

export function forbidden(action: string): AppError {
  return new AppError('FORBIDDEN', 'errors.forbidden', { params: { action } });
}

/** True for what a person sees as an empty field. */
function isBlank(input: unknown): boolean {
  return input === undefined || input === null || (typeof input === 'string' && input.trim() === '');
}

/** Maps a zod issue to the catalogue key (and its parameters) a person reads for that field. */
function issueKey(issue: z.core.$ZodIssue): { key: string; params?: Record<string, string | number> } {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'too_big': {
      // A number too high and a list too long read differently from a text too long.
      const max = Number(issue.maximum);
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint' || issue.origin === 'date') return { key: 'errors.field.tooHigh', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'errors.field.tooMany', params: { max } };
      return { key: 'errors.field.tooLong', params: { max } };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      // A field left empty is "required", whatever length it asks for (a password of 10 or more).
      if (issue.origin === 'string' && (min <= 1 || isBlank(input))) return { key: 'errors.field.required' };
      if (issue.origin === 'array' && isBlankArray(input)) return { key: 'errors.field.required' };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint' || issue.origin === 'date') return { key: 'errors.field.tooLow', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'errors.field.tooFew', params: { min } };
      return { key: 'errors.field.tooShort', params: { min } };
    }
    case 'invalid_type':
      return input === undefined ? { key: 'errors.field.required' } : { key: 'errors.field.wrongType' };
    case 'invalid_value':
      return isBlank(input) ? { key: 'errors.field.required' } : { key: 'errors.field.unknownValue' };
    case 'invalid_format':
      return isBlank(input) ? { key: 'errors.field.required' } : { key: 'errors.field.badFormat' };
    case 'unrecognized_keys':
      return { key: 'errors.field.unknownField' };
    case 'custom': {
      const p = issue.params as { i18nKey?: string; params?: Record<string, string | number> } | undefined;
      // A field left empty is "required", whatever rule its value would have broken.
      if (typeof input === 'string' && input.trim() === '') return { key: 'errors.field.required' };
      return p?.params ? { key: p.i18nKey ?? 'errors.field.invalid', params: p.params } : { key: p?.i18nKey ?? 'errors.field.invalid' };
    }
    default:
      return { key: 'errors.field.invalid' };
  }
}

function isBlankArray(input: unknown): boolean {
  return Array.isArray(input) && input.length === 0;
}

/** zod's own bound on integers (the safe range), said beside the schema's own bound for the same field. */
function isSafeIntegerBound(issue: z.core.$ZodIssue, all: readonly z.core.$ZodIssue[]): boolean {
  if ((issue.code !== 'too_big' && issue.code !== 'too_small') || issue.origin !== 'int') return false;
  const at = JSON.stringify(issue.path);
  return all.some((other) => other !== issue && JSON.stringify(other.path) === at);
}

export function validationError(error: z.ZodError): AppError {
  const issues = error.issues.filter((issue) => !isSafeIntegerBound(issue, error.issues));
  const fields: FieldIssue[] = issues.map((issue) => {
    const { key, params } = issueKey(issue);
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    return params ? { path, i18nKey: key, params } : { path, i18nKey: key };
  });
  return new AppError('VALIDATION_FAILED', 'errors.validationFailed', { fields });
}

/** Parses with a zod schema and turns failure into a typed validation error. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  // reportInput lets the error tell a missing field (required) from a wrong one (wrongType).
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** Anything thrown that is not an AppError becomes INTERNAL; the original stays as `cause` for logs. */
/** The system's, SQLite's and PostgreSQL's words for "no space left" (ENOSPC, EDQUOT, SQLITE_FULL, 53100 disk_full). */
const OUT_OF_SPACE = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']);

/** Whether `err`, or an error it was caused by, is a disk (or quota) that is full. */
export function isOutOfSpace(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && OUT_OF_SPACE.has(code)) return true;
  }
  return false;
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return validationError(err);
  if (isOutOfSpace(err)) return new AppError('DISK_FULL', 'errors.disk.full', { cause: err });
  return new AppError('INTERNAL', 'errors.internal', { cause: err });
}

/** What crosses IPC and HTTP: a value or a typed error, never a thrown exception. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };
