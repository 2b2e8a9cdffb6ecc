// Where a file made for the clerk arrives (documents.exportSearchablePdf, a verification report): in the desktop app main
// has already written it where the clerk chose in its save dialog; in the browser shell it is
// fetched as a download from the address main answered (streamed by the shell, never through the
// JSON IPC). Nothing else in the renderer knows which one is in use.
import type { SearchablePdfExport } from '../../shared/schemas/documents';
import type { SavedDocumentSignature } from '../../shared/schemas/document-signatures';
import type { DetachedSignatureExport, VerificationReportExport } from '../../shared/schemas/signing';

/** Starts the browser's download of an export main made for it (a same-origin link with `download`). */
export function receiveExport(result: SearchablePdfExport | VerificationReportExport | DetachedSignatureExport | SavedDocumentSignature): void {
  if (result.outcome !== 'download') return;
  const a = document.createElement('a');
  a.href = result.url;
  a.download = result.fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
