// The browser shell over real HTTP on 127.0.0.1: a one-time token opens one session cookie, every
// other request without it is turned away, only our own origin may call the IPC methods, and the
// same security headers as Electron's are on every answer.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserShell, type BrowserShell } from '../../../src/main/shell/start';
import { contentSecurityPolicy } from '../../../src/main/services/csp';
import { tempDir, testConfig } from './helpers';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; rawPath?: string } = {}): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: opts.rawPath ?? `${u.pathname}${u.search}`, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

let shell: BrowserShell;
let cookie: string;

function ipc(method: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return request(`${shell.origin}/ipc/${method}`, {
    method: 'POST',
    headers: { Origin: shell.origin, 'Content-Type': 'application/json', Cookie: cookie, ...headers },
    body: text,
  });
}

beforeAll(async () => {
  const dataDir = tempDir();
  const outDir = tempDir('mahkama-out-');
  const rendererDir = path.join(outDir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(outDir, 'secret.txt'), 'not for the browser');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Mahkama</title><div id="root"></div>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("mahkama")');
  shell = await startBrowserShell({ dataDir, port: 0, rendererDir, config: testConfig(dataDir), service: { dailySnapshots: false } });
});
afterAll(async () => {
  await shell.close();
});

describe('the browser shell', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying a 32-byte random token', () => {
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(shell.origin).toBe(`http://127.0.0.1:${shell.port}`);
  });

  it('turns away every request before the token was used', async () => {
    expect((await request(`${shell.origin}/`)).status).toBe(401);
    const r = await request(`${shell.origin}/ipc/app.status`, { method: 'POST', headers: { Origin: shell.origin, 'Content-Type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ ok: false, error: { code: 'NOT_AUTHENTICATED', i18nKey: 'errors.http.notSignedIn' } });
  });

  it('the token works once: it sets an HttpOnly SameSite=Strict cookie and redirects to /, a second use is refused', async () => {
    const wrong = await request(`${shell.origin}/?token=${'A'.repeat(43)}`);
    expect(wrong.status).toBe(401);
    const first = await request(shell.url);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const setCookie = first.headers['set-cookie']![0]!;
    expect(setCookie).toMatch(/^mahkama_shell=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    cookie = setCookie.split(';')[0]!;
    const again = await request(shell.url);
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('with the cookie it serves the UI with the same strict CSP as Electron and the security headers', async () => {
    const page = await request(`${shell.origin}/`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy());
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    const js = await request(`${shell.origin}/assets/app.js`, { headers: { Cookie: cookie } });
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    // A screen path of the single-page app gets the page; a missing asset does not.
    expect((await request(`${shell.origin}/registry`, { headers: { Cookie: cookie } })).body).toContain('<div id="root">');
    expect((await request(`${shell.origin}/assets/missing.js`, { headers: { Cookie: cookie } })).status).toBe(404);
  });

  it('a wrong cookie is as good as none', async () => {
    expect((await request(`${shell.origin}/`, { headers: { Cookie: `mahkama_shell=${'x'.repeat(43)}` } })).status).toBe(401);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const rawPath of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await request(shell.origin, { rawPath, headers: { Cookie: cookie } });
      expect(r.body).not.toContain('not for the browser');
    }
  });

  it('answers IPC calls with the Result JSON of the app service', async () => {
    const r = await ipc('app.status', {});
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body.ok).toBe(true);
    expect(body.value).toMatchObject({ setUp: false, language: 'ar', startupError: null });
    const bad = JSON.parse((await ipc('session.login', { username: 42 })).body);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses calls from another origin or with no origin (403)', async () => {
    const evil = await ipc('app.status', {}, { Origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body)).toEqual({ ok: false, error: { code: 'FORBIDDEN', i18nKey: 'errors.http.badOrigin' } });
    const other = await ipc('app.status', {}, { Origin: 'http://localhost:' + shell.port });
    expect(other.status).toBe(403);
    const none = await request(`${shell.origin}/ipc/app.status`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: '{}' });
    expect(none.status).toBe(403);
  });

  it('refuses a foreign Host name (DNS rebinding) even with the cookie', async () => {
    const r = await request(`${shell.origin}/`, { headers: { Cookie: cookie, Host: `mahkama.attacker.example:${shell.port}` } });
    expect(r.status).toBe(403);
  });

  it('an unknown method is 404 with a typed error', async () => {
    const r = await ipc('cases.deleteEverything', {});
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toEqual({ ok: false, error: { code: 'NOT_FOUND', i18nKey: 'errors.unknownMethod', params: { method: 'cases.deleteEverything' } } });
  });

  it('a body over 1 MiB is 413, and the service never sees it', async () => {
    const huge = JSON.stringify({ username: 'a'.repeat(1024 * 1024 + 10), password: 'x' });
    const r = await ipc('session.login', huge);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toEqual({ code: 'VALIDATION_FAILED', i18nKey: 'errors.http.tooLarge' });
  });

  it('insists on JSON: another content type is 415, broken JSON is 400', async () => {
    expect((await ipc('app.status', '{}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await ipc('app.status', '{not json')).status).toBe(400);
    expect((await request(`${shell.origin}/ipc/app.status`, { headers: { Origin: shell.origin, Cookie: cookie } })).status).toBe(405);
  });

  it('keeps one desk session across requests: set up, then signed in', async () => {
    const setup = JSON.parse(
      (
        await ipc('setup.initialize', {
          language: 'fr',
          court: { code: 'TPI-FES', nameAr: 'المحكمة الابتدائية بفاس', nameFr: 'Tribunal de première instance de Fès' },
          chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
          user: { username: 'youssef.tazi', displayName: 'Youssef Tazi', password: 'Fes-greffe-2026!' },
        })
      ).body,
    );
    expect(setup.ok).toBe(true);
    const ref = JSON.parse((await ipc('reference.get', {})).body);
    expect(ref.ok).toBe(true);
    expect(ref.value.court.code).toBe('TPI-FES');
  });
});
