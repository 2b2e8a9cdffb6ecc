// Moving between screens: the current route (from location.hash) and a one-shot notice for the
// next screen (e.g. the number of the case just registered, shown big on its detail page). The
// notice lasts while the clerk stays on that case: leaving it, even by Back, ends it.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { hrefOf, parseHash, type Route } from './routes';

export interface RegisteredNotice {
  caseId: string;
  number: string;
  provisional: boolean;
}

interface NavigationValue {
  route: Route;
  go: (route: Route, notice?: RegisteredNotice) => void;
  notice: RegisteredNotice | null;
  dismissNotice: () => void;
}

const NavigationContext = createContext<NavigationValue | null>(null);

export function NavigationProvider({ children }: { children: ReactNode }) {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  const [notice, setNotice] = useState<RegisteredNotice | null>(null);

  useEffect(() => {
    const onHash = () => {
      const next = parseHash(window.location.hash);
      setRoute(next);
      // go() changes the hash too: its own notice is for the case it goes to, and stays.
      setNotice((n) => (n && next.name === 'case' && next.caseId === n.caseId ? n : null));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const go = useCallback((next: Route, n?: RegisteredNotice) => {
    setNotice(n ?? null);
    const href = hrefOf(next);
    if (window.location.hash !== href) window.location.hash = href;
    setRoute(next);
  }, []);
  const dismissNotice = useCallback(() => setNotice(null), []);

  const value = useMemo(() => ({ route, go, notice, dismissNotice }), [route, go, notice, dismissNotice]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): NavigationValue {
  const v = useContext(NavigationContext);
  if (!v) throw new Error('useNavigation outside NavigationProvider');
  return v;
}
