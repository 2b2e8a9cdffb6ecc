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
  | { name: 'document'; caseId: string; documentId: string; page: number; query?: string }
  | { name: 'hearings' }
  | { name: 'search' }
  | { name: 'settings' }
  | { name: 'sync' };

const PAGE_NUMBER = /^[1-9][0-9]{0,5}$/;

function queryOf(search: string | undefined): string | undefined {
  if (!search) return undefined;
  const q = new URLSearchParams(search).get('q');
  return q ? q : undefined;
}

function caseRoute(parts: string[], search: string | undefined): Route {
  const [, caseId, sub, documentId, page] = parts;
  if (!caseId || !ID_PATTERN.test(caseId)) return { name: 'registry' };
  if (sub === undefined) return { name: 'case', caseId };
  if (sub === 'document' && documentId && ID_PATTERN.test(documentId) && page && PAGE_NUMBER.test(page) && parts.length === 5) {
    const query = queryOf(search);
    return { name: 'document', caseId, documentId, page: Number(page), ...(query ? { query } : {}) };
  }
  return { name: 'registry' };
}

export function parseHash(hash: string): Route {
  const [path, search] = hash.replace(/^#\/?/, '').split('?', 2) as [string, string | undefined];
  const parts = path.split('/');
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
    case 'case':
      return caseRoute(parts, search);
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
