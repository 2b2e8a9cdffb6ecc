// The plain-text formatter of the CLI and the server's console nests `$t(key)` as i18next does, so
// an error's reason parameter reads as words in each language; a reason errno is read into words.
import { describe, expect, it } from 'vitest';
import { isolateForeignParams } from '../../../src/renderer/i18n/isolated-params';
import { catalogueMessage } from '../../../src/shared/i18n/message';
import { fileReason, fileUnreadable } from '../../../src/signatures/file-problems';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('catalogueMessage nesting and file reasons', () => {
  it('puts the nested reason in each language, and leaves an unknown one visible', () => {
    expect(catalogueMessage('en', 'signing.errors.pdfCorrupt', { why: 'pdfCut' })).toBe('This file is not a readable PDF: the file is cut or incomplete.');
    expect(catalogueMessage('fr', 'signing.errors.pdfCorrupt', { why: 'pdfCut' })).toBe("Ce fichier n'est pas un PDF lisible\u00a0: le fichier est coupé ou incomplet.");
    expect(catalogueMessage('ar', 'signing.errors.pdfCorrupt', { why: 'pdfCut' })).toBe('هذا الملف ليس ملف PDF مقروءا: الملف مبتور أو ناقص.');
    expect(catalogueMessage('en', 'signing.errors.pdfCorrupt', { why: 'noSuchReason' })).toBe('This file is not a readable PDF: $t(signing.reasons.noSuchReason).');
  });

  it('keeps the nested key whole when the renderer isolates foreign text (the file is isolated, `why` is not)', () => {
    const params = isolateForeignParams({ file: '/srv/a.pdf', why: 'fileIsFolder', detail: 'EISDIR' }) as Record<string, string>;
    expect(params.why).toBe('fileIsFolder');
    expect(catalogueMessage('ar', 'signing.errors.fileUnreadable', params)).toBe('تعذرت قراءة الملف \u2068/srv/a.pdf\u2069: هذا مجلد وليس ملفا. لم يُوقَّع أو يُتحقق من شيء.');
  });

  it('never reads a parameter\'s own text as a nested key', () => {
    const file = '/tmp/$t(signing.reasons.pdfCut).pdf';
    expect(catalogueMessage('en', 'signing.errors.fileUnreadable', { file, why: 'fileMissing' })).toBe(`The file ${file} cannot be read: the file does not exist. Nothing was signed or checked.`);
  });

  it('reads errno codes into reasons, keeping the errno as the detail', () => {
    expect(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EISDIR', 'EIO'].map((c) => fileReason(errno(c)))).toEqual(['fileMissing', 'fileMissing', 'fileDenied', 'fileDenied', 'fileIsFolder', 'fileIoError']);
    const e = fileUnreadable('/srv/a.pdf', errno('EACCES'));
    expect(e).toMatchObject({ code: 'DOCUMENT_UNREADABLE', params: { file: '/srv/a.pdf', why: 'fileDenied', detail: 'EACCES' } });
    expect(catalogueMessage('fr', e.i18nKey, e.params)).toBe('Le fichier /srv/a.pdf ne peut pas être lu\u00a0: accès refusé. Rien n\'a été signé ni vérifié.');
  });
});
