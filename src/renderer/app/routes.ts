// The workspace's screens as a hash route (`#/case/<id>`), so reload and Back keep the clerk's
// place. Parsing is total: an unknown hash falls back to the registry.
// The document viewer's route is shared by the viewer (which opens on `page`, 1-based, and marks
// the words of `query`) and search (which links to it): `#/case/<caseId>/document/<documentId>/<page>`
// with `?q=<encodeURIComponent(query)>` appended when a query is given.
import { ID_PATTERN } from '../../shared/ids';

export type Route =
  | { name: 'registry' }
  | { name: 'register' }
  | { name: 'case'; caseId: string }
  /** A document's page in the viewer (page 1-based), the words of `query` highlighted on it. */
  | { name: 'document'; caseId: string; documentId: string; page: number; query?: string }
  | { name: 'hearings' }
  | { name: 'search' }
  | { name: 'settings' }
  | { name: 'sync' };

const PAGE = /^[1-9][0-9]{0,4}$/;

/** `?q=…` after the hash's path: the viewer's query, when there is one. */
function queryOf(search: string): string | undefined {
  if (search === '') return undefined;
  try {
    const q = new URLSearchParams(search).get('q');
    return q !== null && q.trim() !== '' ? q : undefined;
  } catch {
    return undefined;
  }
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const cut = body.indexOf('?');
  const parts = (cut >= 0 ? body.slice(0, cut) : body).split('/');
  switch (parts[0]) {
    case 'register':
      return { name: 'register' };
    case 'hearings':
      return { name: 'hearings' };
    case 'search':
      return { name: 'search' };
    case 'settings':
      return { name: 'settings' };
    case 'sync':
      return { name: 'sync' };
    case 'case': {
      const caseId = parts[1];
      if (!caseId || !ID_PATTERN.test(caseId)) return { name: 'registry' };
      const [, , kind, documentId, page] = parts;
      if (kind === 'document' && documentId && ID_PATTERN.test(documentId) && page && PAGE.test(page)) {
        const query = queryOf(cut >= 0 ? body.slice(cut + 1) : '');
        return { name: 'document', caseId, documentId, page: Number(page), ...(query !== undefined ? { query } : {}) };
      }
      return { name: 'case', caseId };
    }
    default:
      return { name: 'registry' };
  }
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'case':
      return `#/case/${route.caseId}`;
    case 'document':
      return `#/case/${route.caseId}/document/${route.documentId}/${route.page}${route.query ? `?q=${encodeURIComponent(route.query)}` : ''}`;
    default:
      return `#/${route.name}`;
  }
}
