// Which frames may call IPC: only the renderer we loaded — the dev server's origin, or exactly our
// index.html on disk. Kept apart from register-handlers so it can be tested without Electron.
/** True when a frame URL is the renderer we loaded. */
export type SenderCheck = (frameUrl: string) => boolean;

export function rendererSenderCheck(rendererUrl: string): SenderCheck {
  const expected = new URL(rendererUrl);
  return (frameUrl) => {
    let u: URL;
    try {
      u = new URL(frameUrl);
    } catch {
      return false;
    }
    // file:// has no origin worth the name: any local page would pass an origin check.
    if (expected.protocol === 'file:') return u.protocol === 'file:' && u.host === expected.host && u.pathname === expected.pathname;
    return u.origin === expected.origin;
  };
}
