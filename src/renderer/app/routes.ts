// The workspace's screens as a hash route (`#/case/<id>`), so reload and Back keep the clerk's
// place. Parsing is total: an unknown hash falls back to the registry.
import { ID_PATTERN } from '../../shared/ids';

export type Route =
  | { name: 'registry' }
  | { name: 'register' }
  | { name: 'case'; caseId: string }
  | { name: 'hearings' }
  | { name: 'settings' }
  | { name: 'sync' };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
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
      return parts[1] && ID_PATTERN.test(parts[1]) ? { name: 'case', caseId: parts[1] } : { name: 'registry' };
    default:
      return { name: 'registry' };
  }
}

export function hrefOf(route: Route): string {
  return route.name === 'case' ? `#/case/${route.caseId}` : `#/${route.name}`;
}
