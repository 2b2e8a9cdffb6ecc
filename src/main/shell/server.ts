// The browser shell's HTTP server: the same app service as Electron, spoken over HTTP on
// 127.0.0.1 only. node:http rather than Fastify: five routes, and every header and check written
// out here where a reviewer sees them, with no plugin defaults to audit. It must never listen on
// another interface, never answer without the session cookie, and never serve outside rendererDir.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AppError, type AppErrorData } from '../../shared/errors';
import { IPC_METHODS, httpPathOf, type IpcMethod } from '../../shared/ipc/contract';
import type { AppService } from '../services/app-service';
import { securityHeaders } from '../services/csp';
import type { Logger } from '../services/logger';

export const SESSION_COOKIE = 'mahkama_shell';
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
  /** http://127.0.0.1:PORT/?token=… — opens a session once. */
  url: string;
  close(): Promise<void>;
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

/** Starts listening on 127.0.0.1:port (0 = any free port) in front of `service`. */
export async function createShellServer(opts: { service: AppService; rendererDir: string; port: number; log: Logger }): Promise<ShellServer> {
  const rendererDir = path.resolve(opts.rendererDir);
  const { service, log } = opts;
  let token: string | null = randomBytes(32).toString('base64url');
  const sessionSecret = randomBytes(32).toString('base64url');
  let origin = '';
  let hostHeader = '';

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
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      sendError(res, 400, new AppError('VALIDATION_FAILED', 'errors.http.notJson').toData());
      return;
    }
    const result = await service.handle(method, input);
    send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8');
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
      send(res, 400, 'Bad path', 'text/plain; charset=utf-8');
      return;
    }
    let file = path.resolve(rendererDir, `.${path.posix.normalize(rel)}`);
    if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) {
      send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      return;
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      // Paths without an extension are screens of the single-page app.
      if (path.extname(rel) === '' || rel.endsWith('/')) file = path.join(rendererDir, 'index.html');
      else {
        send(res, 404, 'Not found', 'text/plain; charset=utf-8');
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
        send(res, 403, 'Forbidden', 'text/plain; charset=utf-8');
        return;
      }
      const url = new URL(req.url ?? '/', origin);
      const offered = url.searchParams.get('token');
      if (offered !== null) {
        if (token !== null && req.method === 'GET' && url.pathname === '/' && sameSecret(offered, token)) {
          token = null; // one time only
          send(res, 302, '', 'text/plain; charset=utf-8', {
            Location: '/',
            'Set-Cookie': `${SESSION_COOKIE}=${sessionSecret}; HttpOnly; SameSite=Strict; Path=/`,
          });
          return;
        }
        log.warn('browser shell: a used or wrong token was offered');
        send(res, 401, 'This address was already used. Restart the app to get a new one.', 'text/plain; charset=utf-8');
        return;
      }
      const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
      if (cookie === null || !sameSecret(cookie, sessionSecret)) {
        if (url.pathname.startsWith('/ipc/')) sendError(res, 401, new AppError('NOT_AUTHENTICATED', 'errors.http.notSignedIn').toData());
        else send(res, 401, 'Open the app with the address printed at start-up.', 'text/plain; charset=utf-8');
        return;
      }
      if (url.pathname.startsWith('/ipc/')) await onIpc(req, res, url.pathname);
      else onStatic(req, res, url.pathname);
    })().catch((err: unknown) => {
      log.error({ err }, 'browser shell request failed');
      if (!res.headersSent) sendError(res, 500, new AppError('INTERNAL', 'errors.internal').toData());
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  origin = `http://${HOST}:${port}`;
  hostHeader = `${HOST}:${port}`;
  const url = `${origin}/?token=${token}`;
  return {
    server,
    port,
    origin,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
