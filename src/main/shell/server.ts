// The browser shell's HTTP server: the same app service as Electron, spoken over HTTP on
// 127.0.0.1 only. node:http rather than Fastify: five routes, and every header and check written
// out here where a reviewer sees them, with no plugin defaults to audit. It must never listen on
// another interface, never answer without a session cookie, never serve outside rendererDir, and
// never send a one-time address over HTTP (only the shell's own console shows them).
// Sessions: a one-time address opens one browser session — a cookie named for this port (two
// shells on one host keep theirs apart) that outlives the browser for SESSION_MAX_AGE_S — and is
// replaced by a fresh address, handed to `onNewAddress` for the console, so a clerk who closed the
// browser gets back in with the cookie or with the address the console now shows.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AppError, type AppErrorData } from '../../shared/errors';
import type { Language } from '../../shared/enums';
import { DOWNLOAD_HTTP_PATH, IPC_METHODS, UPLOAD_HTTP_PATH, httpPathOf, type IpcMethod } from '../../shared/ipc/contract';
import { EVENTS_HTTP_PATH } from '../../shared/ipc/push-channel';
import { PAGE_IMAGE_HTTP_PATH, parsePageImagePath } from '../../shared/page-image-address';
import { catalogueMessage } from '../cli/messages';
import type { AppService } from '../services/app-service';
import { securityHeaders } from '../services/csp';
import type { Logger } from '../services/logger';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The session cookie's name carries the port: a cookie belongs to a host, whatever its port. */
export function sessionCookieName(port: number): string {
  return `mahkama_shell_${port}`;
}
/** A session outlives the browser for a working day; after that, the console's current address. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;
/** Sessions kept at once (one per address used); the oldest goes first. */
export const MAX_SESSIONS = 16;
export const MAX_BODY_BYTES = 1024 * 1024;
const HOST = '127.0.0.1';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

const METHOD_BY_PATH = new Map<string, IpcMethod>(IPC_METHODS.map((m) => [httpPathOf(m), m]));

export interface ShellServer {
  server: http.Server;
  port: number;
  origin: string;
  cookieName: string;
  /** The current one-time address, http://127.0.0.1:PORT/?token=… — opens one session; a new one replaces it when used. */
  readonly url: string;
  close(): Promise<void>;
}

export interface ShellServerOptions {
  service: AppService;
  rendererDir: string;
  port: number;
  log: Logger;
  /** Called with the fresh one-time address each time the current one is used (the shell prints it). */
  onNewAddress?: (url: string) => void;
  /** Wall clock of session expiry (tests move it). */
  now?: () => number;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...securityHeaders(), 'Cache-Control': 'no-store', 'Content-Type': type, ...extra });
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, error: AppErrorData): void {
  send(res, status, JSON.stringify({ ok: false, error }), 'application/json; charset=utf-8');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A page of its own for what a browser is told before it has a session (address used, no
 * session, wrong host): in the desk's language and direction, nothing remote, under the same CSP.
 */
function sendPage(res: http.ServerResponse, status: number, lang: Language, messageKey: string): void {
  const title = escapeHtml(catalogueMessage(lang, 'ui.app.name'));
  const message = escapeHtml(catalogueMessage(lang, messageKey));
  const html =
    `<!doctype html>\n<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
    // The system's Noto faces (fonts-noto-core), Arabic first only for Arabic: Latin punctuation
    // taken from the Arabic face looks out of place in French.
    `<style>body{font-family:${lang === 'ar' ? '"Noto Naskh Arabic","Noto Sans"' : '"Noto Sans","Noto Naskh Arabic"'},system-ui,sans-serif;` +
    'font-size:1.125rem;max-width:40rem;margin:4rem auto;padding:0 1.5rem;line-height:1.7;color:#1a1b1e}h1{font-size:1.5rem}</style>' +
    `</head><body><main><h1>${title}</h1><p data-message="${escapeHtml(messageKey)}">${message}</p></main></body></html>\n`;
  send(res, status, html, 'text/html; charset=utf-8');
}

class TooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new TooLarge());
        // Keep reading (and dropping) so the client gets the 413 instead of a reset connection.
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const newSecret = () => randomBytes(32).toString('base64url');

/** Starts listening on 127.0.0.1:port (0 = any free port) in front of `service`. */
export async function createShellServer(opts: ShellServerOptions): Promise<ShellServer> {
  const rendererDir = path.resolve(opts.rendererDir);
  const { service, log } = opts;
  const now = opts.now ?? Date.now;
  let token = newSecret();
  /** Session secret → when it expires (ms). */
  const sessions = new Map<string, number>();
  let origin = '';
  let hostHeader = '';
  let cookieName = '';
  const currentUrl = () => `${origin}/?token=${token}`;

  /** The live session this cookie value names, compared in constant time; expired ones are dropped. */
  function sessionOf(value: string | null): string | null {
    const t = now();
    let found: string | null = null;
    for (const [secret, expires] of sessions) {
      if (expires <= t) sessions.delete(secret);
      else if (value !== null && sameSecret(value, secret)) found = secret;
    }
    return found;
  }

  /** Uses the one-time address: a new session for this browser, a new address for the console. */
  async function openSession(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const previous = sessionOf(cookieValue(req.headers.cookie, cookieName));
    if (previous) sessions.delete(previous);
    const secret = newSecret();
    sessions.set(secret, now() + SESSION_MAX_AGE_S * 1000);
    while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    token = newSecret();
    // A new browser at the desk: whoever is signed in must give their password there.
    await service.handle('session.lock', {});
    log.info('browser shell: a one-time address was used; a new one is on the console');
    opts.onNewAddress?.(currentUrl());
    send(res, 302, '', 'text/plain; charset=utf-8', {
      Location: '/',
      'Set-Cookie': `${cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_MAX_AGE_S}`,
    });
  }

  async function onIpc(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    // A page of another origin can make the browser send our cookie; only our own page may call.
    if (req.headers.origin !== origin) {
      sendError(res, 403, new AppError('FORBIDDEN', 'errors.http.badOrigin').toData());
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, '', 'text/plain; charset=utf-8', { Allow: 'POST' });
      return;
    }
    const method = METHOD_BY_PATH.get(pathname);
    if (!method) {
      const name = pathname.slice('/ipc/'.length);
      sendError(res, 404, new AppError('NOT_FOUND', 'errors.unknownMethod', { params: { method: name.slice(0, 64) } }).toData());
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      sendError(res, 415, new AppError('VALIDATION_FAILED', 'errors.http.notJson').toData());
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      sendError(res, 413, new AppError('VALIDATION_FAILED', 'errors.http.tooLarge').toData());
      req.resume();
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (err) {
      if (err instanceof TooLarge) {
        res.setHeader('Connection', 'close');
        sendError(res, 413, new AppError('VALIDATION_FAILED', 'errors.http.tooLarge').toData());
        return;
      }
      throw err;
    }
    let input: unknown;
    try {
      // Bytes that are not UTF-8 are refused, not read as U+FFFD into a court record.
      input = body.length === 0 ? {} : JSON.parse(STRICT_UTF8.decode(body));
    } catch {
      sendError(res, 400, new AppError('VALIDATION_FAILED', 'errors.http.notJson').toData());
      return;
    }
    // A browser names a file by uploading it: a path of this machine's disk is the desktop app's only.
    if (method === 'documents.import' && (input as { source?: { kind?: unknown } } | null)?.source?.kind === 'path') {
      sendError(res, 403, new AppError('FORBIDDEN', 'errors.documents.badPath').toData());
      return;
    }
    const result = await service.handle(method, input);
    send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8');
  }

  /**
   * A document's bytes (POST, application/octet-stream), streamed to a file of the data folder by
   * the service — never the whole body in memory, capped at the document size limit — answered
   * with a Result holding the upload id that documents.import takes. Same origin check as /ipc.
   */
  async function onUpload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.headers.origin !== origin) {
      sendError(res, 403, new AppError('FORBIDDEN', 'errors.http.badOrigin').toData());
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, '', 'text/plain; charset=utf-8', { Allow: 'POST' });
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/octet-stream') {
      sendError(res, 415, new AppError('VALIDATION_FAILED', 'errors.http.notJson').toData());
      req.resume();
      return;
    }
    const length = req.headers['content-length'];
    const declared = length !== undefined && /^[0-9]+$/.test(length) ? Number(length) : null;
    let ended = false;
    req.once('end', () => {
      ended = true;
    });
    const result = await service.acceptUpload(req, { declaredBytes: declared, complete: () => ended && req.complete });
    if (!result.ok) {
      // The rest of a refused body is not read: close rather than drain up to 512 MB.
      res.setHeader('Connection', 'close');
      const status = result.error.code === 'NOT_AUTHENTICATED' || result.error.code === 'LOCKED' ? 401 : result.error.params?.reason === 'fileTooBig' ? 413 : result.error.code === 'TOO_MANY_REQUESTS' ? 429 : 400;
      sendError(res, status, result.error);
      return;
    }
    send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8');
  }

  /**
   * The push channel (ARCHITECTURE §8) as server-sent events: one long GET per page, each event a
   * `data:` line of {event, payload} already checked by the service. A comment every 25 s keeps
   * idle proxies and the browser from dropping the stream; EventSource reconnects by itself.
   */
  function onEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'GET') {
      send(res, 405, '', 'text/plain; charset=utf-8', { Allow: 'GET' });
      return;
    }
    res.writeHead(200, { ...securityHeaders(), 'Cache-Control': 'no-store', 'Content-Type': 'text/event-stream; charset=utf-8', 'X-Accel-Buffering': 'no' });
    res.write('retry: 2000\n\n');
    const unsubscribe = service.subscribe((message) => {
      res.write(`data: ${JSON.stringify(message)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    keepAlive.unref();
    const end = () => {
      clearInterval(keepAlive);
      unsubscribe();
    };
    req.on('close', end);
    res.on('close', end);
  }

  /** A page image for the viewer (binary, so not through /ipc): the service checks the desk session. */
  async function onPageImage(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET') {
      send(res, 405, '', 'text/plain; charset=utf-8', { Allow: 'GET' });
      return;
    }
    const target = parsePageImagePath(pathname.slice(PAGE_IMAGE_HTTP_PATH.length));
    if (!target) {
      sendError(res, 404, new AppError('NOT_FOUND', 'errors.notFound', { params: { entity: 'page', id: pathname.slice(0, 80) } }).toData());
      return;
    }
    const result = await service.pageImage(target.documentId, target.pageIndex);
    if (result.ok) {
      send(res, 200, Buffer.from(result.value.png.buffer, result.value.png.byteOffset, result.value.png.byteLength), 'image/png');
      return;
    }
    const code = result.error.code;
    const status =
      code === 'NOT_AUTHENTICATED' || code === 'LOCKED' ? 401 : code === 'FORBIDDEN' ? 403 : code === 'NOT_FOUND' || code === 'RULE_VIOLATION' ? 404 : code === 'DOCUMENT_UNREADABLE' ? 422 : 500;
    sendError(res, status, result.error);
  }

  /**
   * A file made for the clerk (documents.exportSearchablePdf, documents.exportVerificationReport in a browser): handed over once by
   * the service (same session check as the method), streamed from disk as an attachment under its
   * name, then removed — never whole in memory, never through the 1 MiB JSON of /ipc.
   */
  async function onDownload(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET') {
      send(res, 405, '', 'text/plain; charset=utf-8', { Allow: 'GET' });
      return;
    }
    const result = await service.takeDownload(pathname.slice(DOWNLOAD_HTTP_PATH.length + 1));
    if (!result.ok) {
      const code = result.error.code;
      sendError(res, code === 'NOT_AUTHENTICATED' || code === 'LOCKED' ? 401 : code === 'FORBIDDEN' ? 403 : 404, result.error);
      return;
    }
    const { file, fileName, size } = result.value;
    const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
    res.writeHead(200, {
      ...securityHeaders(),
      'Cache-Control': 'no-store',
      // A verification report may be the CLI's JSON, a document's detached signature a .p7s (RFC 5751); everything else made for the clerk is a PDF.
      'Content-Type': /\.json$/i.test(fileName) ? 'application/json; charset=utf-8' : /\.p7s$/i.test(fileName) ? 'application/pkcs7-signature' : 'application/pdf',
      'Content-Length': String(size),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    });
    const stream = fs.createReadStream(file);
    const done = () => void fs.promises.rm(file, { force: true });
    stream.on('error', (err) => {
      log.warn({ err }, 'browser shell: a download could not be read');
      res.destroy();
      done();
    });
    res.on('close', done);
    stream.pipe(res);
  }

  function onStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, '', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      sendPage(res, 400, service.language(), 'errors.notFound');
      return;
    }
    let file = path.resolve(rendererDir, `.${path.posix.normalize(rel)}`);
    if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) {
      sendPage(res, 404, service.language(), 'errors.notFound');
      return;
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      // Paths without an extension are screens of the single-page app.
      if (path.extname(rel) === '' || rel.endsWith('/')) file = path.join(rendererDir, 'index.html');
      else {
        sendPage(res, 404, service.language(), 'errors.notFound');
        return;
      }
    }
    if (!fs.existsSync(file)) {
      send(res, 404, 'The user interface is not built (run `npx electron-vite build`).', 'text/plain; charset=utf-8');
      return;
    }
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    send(res, 200, req.method === 'HEAD' ? '' : fs.readFileSync(file), type);
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      // DNS rebinding: a foreign name resolving to 127.0.0.1 must not reach us.
      if (req.headers.host !== hostHeader) {
        sendPage(res, 403, service.language(), 'errors.http.badOrigin');
        return;
      }
      const url = new URL(req.url ?? '/', origin);
      const offered = url.searchParams.get('token');
      if (offered !== null) {
        if (req.method === 'GET' && url.pathname === '/' && sameSecret(offered, token)) {
          await openSession(req, res);
          return;
        }
        log.warn('browser shell: a used or wrong address was offered');
        sendPage(res, 401, service.language(), 'errors.http.addressUsed');
        return;
      }
      if (sessionOf(cookieValue(req.headers.cookie, cookieName)) === null) {
        if (url.pathname.startsWith('/ipc/')) sendError(res, 401, new AppError('NOT_AUTHENTICATED', 'errors.http.notSignedIn').toData());
        else sendPage(res, 401, service.language(), 'errors.http.notSignedIn');
        return;
      }
      // A request that names another origin (a page of another port of this machine, which the
      // SameSite cookie does not keep out) gets nothing; our own page's GETs may name none.
      if (req.headers.origin !== undefined && req.headers.origin !== origin) {
        sendError(res, 403, new AppError('FORBIDDEN', 'errors.http.badOrigin').toData());
        return;
      }
      if (url.pathname.startsWith('/ipc/')) await onIpc(req, res, url.pathname);
      else if (url.pathname === EVENTS_HTTP_PATH) onEvents(req, res);
      else if (url.pathname === UPLOAD_HTTP_PATH) await onUpload(req, res);
      else if (url.pathname.startsWith(`${PAGE_IMAGE_HTTP_PATH}/`)) await onPageImage(req, res, url.pathname);
      else if (url.pathname.startsWith(`${DOWNLOAD_HTTP_PATH}/`)) await onDownload(req, res, url.pathname);
      else onStatic(req, res, url.pathname);
    })().catch((err: unknown) => {
      log.error({ err }, 'browser shell request failed');
      if (!res.headersSent) sendError(res, 500, new AppError('INTERNAL', 'errors.internal').toData());
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    // The port is the one thing a person chose here (MAHKAMA_SHELL_PORT): a refusal names it.
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new AppError('SERVICE_UNAVAILABLE', 'errors.shell.portInUse', { params: { port: opts.port }, cause: err }));
      else if (err.code === 'EACCES') reject(new AppError('SERVICE_UNAVAILABLE', 'errors.shell.portDenied', { params: { port: opts.port }, cause: err }));
      else reject(err);
    });
    server.listen(opts.port, HOST, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  origin = `http://${HOST}:${port}`;
  hostHeader = `${HOST}:${port}`;
  cookieName = sessionCookieName(port);
  return {
    server,
    port,
    origin,
    cookieName,
    get url() {
      return currentUrl();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
