// Electron: the viewer's page images at mahkama-page://page/<documentId>/<page>, answered by the app
// service's pageImage (the same function and desk-session check as the browser shell's route).
// Thin on purpose: Electron cannot run on the test machine; everything below it is tested there.
import { session, type CustomScheme } from 'electron';
import { PAGE_IMAGE_SCHEME, parsePageImagePath } from '../shared/page-image-address';
import type { AppService } from './services/app-service';

/** Registered before the app is ready, with the other schemes (index.ts). Not bypassing the CSP: img-src names it (services/csp.ts). */
export const pageImageScheme: CustomScheme = { scheme: PAGE_IMAGE_SCHEME, privileges: { standard: true, secure: true } };

const STATUS: Record<string, number> = { NOT_AUTHENTICATED: 401, LOCKED: 401, FORBIDDEN: 403, NOT_FOUND: 404, RULE_VIOLATION: 404, DOCUMENT_UNREADABLE: 422 };

/** Serves the scheme on the renderer's session; call once the app is ready. */
export function servePageImages(service: () => AppService | null): void {
  session.defaultSession.protocol.handle(PAGE_IMAGE_SCHEME, async (request) => {
    const url = new URL(request.url);
    const target = url.host === 'page' ? parsePageImagePath(url.pathname) : null;
    const current = service();
    if (!target || !current) return new Response('', { status: 404 });
    const result = await current.pageImage(target.documentId, target.pageIndex);
    if (!result.ok) return new Response(JSON.stringify(result), { status: STATUS[result.error.code] ?? 500, headers: { 'Content-Type': 'application/json' } });
    return new Response(Buffer.from(result.value.png), { headers: { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' } });
  });
}
