// The workspace's screens as a hash route (`#/case/<id>`), so reload and Back keep the clerk's
// place. Parsing is total: an unknown hash falls back to the registry.
import { ID_PATTERN } from '../../shared/ids';

export type Route =
  | { name: 'registry' }
  | { name: 'register' }
  | { name: 'case'; caseId: string }
  /** A document's page in the viewer (page 1-based); `query` highlights its words on the page. */
  | { name: 'document'; caseId: string; documentId: string; page: number; query?: string }
  | { name: 'hearings' }
  | { name: 'settings' }
  | { name: 'sync' };

function documentRoute(parts: string[], search: string): Route {
  const [, caseId, , documentId, pageText] = parts;
  if (!caseId || !ID_PATTERN.test(caseId)) return { name: 'registry' };
  if (parts[2] !== 'document' || !documentId || !ID_PATTERN.test(documentId) || !pageText || !/^[1-9][0-9]{0,5}$/.test(pageText)) return { name: 'case', caseId };
  const route: Route = { name: 'document', caseId, documentId, page: Number(pageText) };
  const query = new URLSearchParams(search).get('q');
  return query ? { ...route, query } : route;
}

export function parseHash(hash: string): Route {
  const bare = hash.replace(/^#\/?/, '');
  const q = bare.indexOf('?');
  const parts = (q >= 0 ? bare.slice(0, q) : bare).split('/');
  switch (parts[0]) {
    case 'register':
      return { name: 'register' };
    case 'hearings':
      return { name: 'hearings' };
    case 'settings':
      return { name: 'settings' };
    case 'sync':
      return { name: 'sync' };
    case 'case':
      if (parts.length > 2) return documentRoute(parts, q >= 0 ? bare.slice(q + 1) : '');
      return parts[1] && ID_PATTERN.test(parts[1]) ? { name: 'case', caseId: parts[1] } : { name: 'registry' };
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
