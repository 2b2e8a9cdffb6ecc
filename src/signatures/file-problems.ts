// Why a file cannot be read, in words a person reads (the `signing.reasons.*` catalogue nested in
// the message) rather than an errno: the errno stays in the error's cause and its `detail`
// parameter, for logs and --json. The key's parameter is `why`, not `reason`: the renderer wraps a
// `reason` in bidi isolates (foreign text), which would break the nested key.
import { AppError } from '../shared/errors';

export type FileReason = 'fileMissing' | 'fileDenied' | 'fileIsFolder' | 'fileNotRegular' | 'fileIoError';

/** The reason of a failed file system call, read from its errno. */
export function fileReason(err: unknown): FileReason {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'fileMissing';
  if (code === 'EACCES' || code === 'EPERM') return 'fileDenied';
  if (code === 'EISDIR') return 'fileIsFolder';
  if (code === NOT_REGULAR) return 'fileNotRegular';
  return 'fileIoError';
}

/** The errno or message of a failure, kept beside the translated reason. */
export function technicalDetail(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? (err instanceof Error ? err.message : String(err));
}

/** Not an errno: a device or a pipe given where a file is expected. */
const NOT_REGULAR = 'ENOTREGULAR';

/** A folder (or device, pipe) given where a file is expected, as an error classified like any other. */
export function notAFileError(file: string, stat: { isDirectory(): boolean }): NodeJS.ErrnoException {
  return stat.isDirectory() ? Object.assign(new Error(`${file} is a folder`), { code: 'EISDIR' }) : Object.assign(new Error(`${file} is not a regular file`), { code: NOT_REGULAR });
}

/** A file that cannot be read to be signed or checked: a typed error naming it and why. */
export function fileUnreadable(file: string, err: unknown): AppError {
  return new AppError('DOCUMENT_UNREADABLE', 'signing.errors.fileUnreadable', { params: { file, why: fileReason(err), detail: technicalDetail(err) }, cause: err });
}
