// Where the renderer fetches a page image: binary, so out of band of the JSON IPC — a privileged
// custom scheme in Electron, a GET route of the browser shell — both answered by the app service's
// one pageImage function behind the desk session. One parse for both, total: anything but an id and
// a positive page number is refused before a file is touched.
import { ID_PATTERN } from './ids';

export const PAGE_IMAGE_SCHEME = 'mahkama-page';
export const PAGE_IMAGE_HTTP_PATH = '/page-image';

/** `<documentId>/<page>` (page 1-based), the path under either origin. */
export function pageImagePath(documentId: string, page: number): string {
  return `${encodeURIComponent(documentId)}/${page}`;
}

export function pageImageUrl(transport: 'electron' | 'http', documentId: string, page: number): string {
  return transport === 'electron' ? `${PAGE_IMAGE_SCHEME}://page/${pageImagePath(documentId, page)}` : `${PAGE_IMAGE_HTTP_PATH}/${pageImagePath(documentId, page)}`;
}

/** The document and 0-based page index of a path `/<documentId>/<page>`, or null. */
export function parsePageImagePath(pathname: string): { documentId: string; pageIndex: number } | null {
  const m = /^\/([0-9a-f-]{36})\/([1-9][0-9]{0,4})$/.exec(pathname);
  if (!m || !ID_PATTERN.test(m[1]!)) return null;
  return { documentId: m[1]!, pageIndex: Number(m[2]) - 1 };
}
