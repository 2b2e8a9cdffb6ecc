// The files a signing command reads and writes (`sign`, `sign-detached`, `extend`), checked before
// the card or a TSA is asked for anything: a typo in a path must not cost a PIN try, and a signed
// copy is written beside the original, never over the only copy of it (`extend` alone may write
// in place: it only appends a revision, to a copy renamed over the file once whole).
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { fileReason, fileUnreadable, notAFileError, technicalDetail } from '../../signatures/file-problems';

/** The file to sign is there and readable (DOCUMENT_UNREADABLE naming it otherwise). */
export function assertReadableFile(file: string): void {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw notAFileError(file, stat);
    fs.accessSync(file, fs.constants.R_OK);
  } catch (err) {
    throw fileUnreadable(file, err);
  }
}

function outputUnusable(file: string, reason: string, err: unknown): AppError {
  return new AppError('VALIDATION_FAILED', 'signing.errors.outputUnusable', { params: { file, why: reason, detail: technicalDetail(err) }, cause: err });
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/**
 * `out` (resolved) can take the output of signing `input`: not the input itself (by path, link or
 * hard link), not a folder, in an existing folder this process may write to.
 */
export function assertOutputUsable(input: string, out: string): void {
  if (sameFileAs(input, out)) throw new AppError('VALIDATION_FAILED', 'signing.errors.signatureOverDocument', { params: { file: out } });
  assertOutputPlace(out);
}

/** `a` and `b` name one file: by path, link or hard link. */
export function sameFileAs(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  const sa = statOrNull(a);
  const sb = statOrNull(b);
  return sa !== null && sb !== null && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** The file a path names once links are followed; the path itself when it names nothing yet. */
export function realFileOf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** `out` (resolved) is not a folder and its folder exists and may be written to by this process. */
export function assertOutputPlace(out: string): void {
  const existing = statOrNull(out);
  if (existing && !existing.isFile()) {
    const err = notAFileError(out, existing);
    throw outputUnusable(out, fileReason(err), err);
  }
  const folder = path.dirname(out);
  try {
    const stat = fs.statSync(folder);
    if (!stat.isDirectory()) throw Object.assign(new Error(`${folder} is not a folder`), { code: 'ENOTDIR' });
  } catch (err) {
    throw outputUnusable(out, 'outputFolderMissing', err);
  }
  try {
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    throw outputUnusable(out, 'outputFolderDenied', err);
  }
}
