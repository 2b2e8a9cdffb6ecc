// The one Content-Security-Policy of the renderer, used by the Electron session (header), the
// browser shell (header) and the build (meta tag in index.html). Nothing remote, nothing inline
// but styles (Mantine sets CSS variables in style attributes). Loosen it only for the dev server.
import { PAGE_IMAGE_SCHEME } from '../../shared/page-image-address';

export interface CspOptions {
  /** electron-vite dev server: React Refresh needs an inline preamble and a websocket. */
  dev?: boolean;
  /** A <meta> CSP cannot carry frame-ancestors (browsers ignore it there and warn). */
  forMeta?: boolean;
}

export function contentSecurityPolicy(opts: CspOptions = {}): string {
  const directives: string[] = [
    "default-src 'none'",
    opts.dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    // mahkama-page: the viewer's page images in Electron (the browser shell serves them from 'self').
    `img-src 'self' data: blob: ${PAGE_IMAGE_SCHEME}:`,
    "font-src 'self' data:",
    opts.dev ? "connect-src 'self' ws://localhost:* ws://127.0.0.1:*" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (!opts.forMeta) directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}

/** Headers every answer of the browser shell carries (Electron sets the CSP on its session). */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
