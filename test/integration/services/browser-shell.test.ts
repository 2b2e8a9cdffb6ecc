// The browser shell over real HTTP on 127.0.0.1: a one-time token opens one session cookie (named
// for the port, kept for a working day) and is replaced by a fresh address for the console; every
// other request without a session is turned away with a page in the desk's language; only our own
// origin may call the IPC methods, and the same security headers as Electron's are on every answer.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserShell, type BrowserShell } from '../../../src/main/shell/start';
import { MAX_SESSIONS, SESSION_MAX_AGE_S } from '../../../src/main/shell/server';
import { catalogueMessage } from '../../../src/main/cli/messages';
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
const printed: string[] = [];

function ipc(method: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return request(`${shell.origin}/ipc/${method}`, {
    method: 'POST',
    headers: { Origin: shell.origin, 'Content-Type': 'application/json', Cookie: cookie, ...headers },
    body: text,
  });
}

let rendererDir: string;
beforeAll(async () => {
  const dataDir = tempDir();
  const outDir = tempDir('mahkama-out-');
  rendererDir = path.join(outDir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(outDir, 'secret.txt'), 'not for the browser');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Mahkama</title><div id="root"></div>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("mahkama")');
  shell = await startBrowserShell({
    dataDir,
    port: 0,
    rendererDir,
    config: testConfig(dataDir),
    service: { dailySnapshots: false },
    onNewAddress: (url) => printed.push(url),
  });
});

/** What a page of the shell's own says: its language, direction and message key, and its text. */
function pageOf(r: Reply): { lang: string; dir: string; key: string; text: string } {
  expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(r.headers['content-security-policy']).toBe(contentSecurityPolicy());
  // Nothing remote, nothing to load at all: no src, no href, no script.
  expect(r.body).not.toMatch(/\s(src|href)=|<script/i);
  const m = /<html lang="([a-z]+)" dir="(rtl|ltr)">[\s\S]*<p data-message="([a-zA-Z.]+)">([^<]*)<\/p>/.exec(r.body);
  if (!m) throw new Error(`not a shell page: ${r.body.slice(0, 200)}`);
  const text = m[4]!.replace(/&#([0-9]+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  return { lang: m[1]!, dir: m[2]!, key: m[3]!, text };
}
afterAll(async () => {
  await shell.close();
});

describe('the browser shell', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying a 32-byte random token', () => {
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(shell.origin).toBe(`http://127.0.0.1:${shell.port}`);
  });

  it('turns away every request before the token was used, with a page in the desk’s language (Arabic by default)', async () => {
    const home = await request(`${shell.origin}/`);
    expect(home.status).toBe(401);
    expect(pageOf(home)).toEqual({ lang: 'ar', dir: 'rtl', key: 'errors.http.notSignedIn', text: catalogueMessage('ar', 'errors.http.notSignedIn') });
    const r = await request(`${shell.origin}/ipc/app.status`, { method: 'POST', headers: { Origin: shell.origin, 'Content-Type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ ok: false, error: { code: 'NOT_AUTHENTICATED', i18nKey: 'errors.http.notSignedIn' } });
  });

  it('the token works once: a port-named HttpOnly SameSite=Strict cookie kept for a working day, a redirect to /, and a fresh address on the console', async () => {
    const wrong = await request(`${shell.origin}/?token=${'A'.repeat(43)}`);
    expect(wrong.status).toBe(401);
    const used = shell.url;
    const first = await request(used);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const setCookie = first.headers['set-cookie']![0]!;
    expect(shell.cookieName).toBe(`mahkama_shell_${shell.port}`);
    expect(setCookie).toMatch(new RegExp(`^mahkama_shell_${shell.port}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_MAX_AGE_S}$`));
    expect(SESSION_MAX_AGE_S).toBe(12 * 3600);
    cookie = setCookie.split(';')[0]!;
    // The console now holds the next address; the used one is refused with a page that says why.
    expect(printed).toEqual([shell.url]);
    expect(shell.url).not.toBe(used);
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+\/\?token=[A-Za-z0-9_-]{43}$/);
    const again = await request(used);
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(pageOf(again)).toEqual({ lang: 'ar', dir: 'rtl', key: 'errors.http.addressUsed', text: catalogueMessage('ar', 'errors.http.addressUsed') });
    // Never the next address in a page: only the console shows it.
    expect(again.body).not.toContain(shell.url.split('token=')[1]);
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

  it('a wrong cookie is as good as none, and so is the right secret under another port’s name', async () => {
    expect((await request(`${shell.origin}/`, { headers: { Cookie: `${shell.cookieName}=${'x'.repeat(43)}` } })).status).toBe(401);
    const secret = cookie.split('=')[1]!;
    expect((await request(`${shell.origin}/`, { headers: { Cookie: `mahkama_shell=${secret}` } })).status).toBe(401);
    expect((await request(`${shell.origin}/`, { headers: { Cookie: `mahkama_shell_${shell.port + 1}=${secret}` } })).status).toBe(401);
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
    // The event stream, page images and downloads too, for a page of another port of this machine
    // (same site, so the SameSite cookie comes along).
    for (const p of ['/events', '/page-image/01900000-0000-7000-8000-000000000001/0', '/download/01900000-0000-7000-8000-000000000001']) {
      const foreign = await request(`${shell.origin}${p}`, { headers: { Origin: 'http://127.0.0.1:1', Cookie: cookie } });
      expect(foreign.status, p).toBe(403);
    }
  });

  it('refuses a foreign Host name (DNS rebinding) even with the cookie or a token', async () => {
    const r = await request(`${shell.origin}/`, { headers: { Cookie: cookie, Host: `mahkama.attacker.example:${shell.port}` } });
    expect(r.status).toBe(403);
    expect(pageOf(r).key).toBe('errors.http.badOrigin');
    const before = shell.url;
    const withToken = await request(shell.url, { headers: { Host: `localhost:${shell.port}` } });
    expect(withToken.status).toBe(403);
    expect(withToken.headers['set-cookie']).toBeUndefined();
    // The address was not spent by the refused request.
    expect(shell.url).toBe(before);
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
    // Bytes that are not UTF-8 (a lone surrogate as CESU-8) inside a string: refused, never stored as U+FFFD.
    const notUtf8 = Buffer.concat([Buffer.from('{"x":"abc'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('def"}')]);
    const refused = await request(`${shell.origin}/ipc/app.status`, { method: 'POST', headers: { Origin: shell.origin, 'Content-Type': 'application/json', Cookie: cookie }, body: notUtf8 });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', i18nKey: 'errors.http.notJson' } });
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

  it('its pages follow the desk’s language: French now that the desk was set up in French', async () => {
    const used = await request(`${shell.origin}/?token=${'B'.repeat(43)}`);
    expect(pageOf(used)).toEqual({ lang: 'fr', dir: 'ltr', key: 'errors.http.addressUsed', text: catalogueMessage('fr', 'errors.http.addressUsed') });
    expect(pageOf(await request(`${shell.origin}/`)).lang).toBe('fr');
  });

  it('a new address used in another browser: a second session, and the desk locks until the password is given there', async () => {
    const next = await request(shell.url);
    expect(next.status).toBe(302);
    const other = next.headers['set-cookie']![0]!.split(';')[0]!;
    expect(other).not.toBe(cookie);
    const status = JSON.parse((await ipc('app.status', {}, { Cookie: other })).body);
    expect(status.value).toMatchObject({ locked: true, user: { username: 'youssef.tazi' } });
    expect(JSON.parse((await ipc('reference.get', {}, { Cookie: other })).body)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(JSON.parse((await ipc('session.unlock', { password: 'Fes-greffe-2026!' }, { Cookie: other })).body).ok).toBe(true);
    // The first browser's session still holds.
    expect(JSON.parse((await ipc('reference.get', {})).body).ok).toBe(true);
  });

  it('the same address sent twenty times at once opens one session only', async () => {
    const url = shell.url;
    const replies = await Promise.all(Array.from({ length: 20 }, () => request(url)));
    expect(replies.filter((r) => r.status === 302)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 401)).toHaveLength(19);
  });
});

describe('browser sessions over time and across shells', () => {
  const shells: BrowserShell[] = [];
  afterAll(async () => {
    for (const s of shells) await s.close();
  });
  async function newShell(now?: () => number): Promise<BrowserShell> {
    const dataDir = tempDir();
    const s = await startBrowserShell({ dataDir, port: 0, rendererDir, config: testConfig(dataDir), service: { dailySnapshots: false }, ...(now ? { now } : {}) });
    shells.push(s);
    return s;
  }
  async function sessionCookie(s: BrowserShell): Promise<string> {
    const r = await request(s.url);
    expect(r.status).toBe(302);
    return r.headers['set-cookie']![0]!.split(';')[0]!;
  }

  it('a session expires after a working day; the console’s current address opens a new one', async () => {
    let t = Date.parse('2026-03-02T08:00:00Z');
    const s = await newShell(() => t);
    const c = await sessionCookie(s);
    t += (SESSION_MAX_AGE_S - 60) * 1000;
    expect((await request(`${s.origin}/`, { headers: { Cookie: c } })).status).toBe(200);
    t += 61_000;
    const expired = await request(`${s.origin}/`, { headers: { Cookie: c } });
    expect(expired.status).toBe(401);
    expect(pageOf(expired).key).toBe('errors.http.notSignedIn');
    const fresh = await sessionCookie(s);
    expect((await request(`${s.origin}/`, { headers: { Cookie: fresh } })).status).toBe(200);
  });

  it(`at most ${MAX_SESSIONS} sessions are kept: the oldest goes first`, async () => {
    const s = await newShell();
    const cookies: string[] = [];
    for (let i = 0; i < MAX_SESSIONS + 1; i++) cookies.push(await sessionCookie(s));
    expect((await request(`${s.origin}/`, { headers: { Cookie: cookies[0]! } })).status).toBe(401);
    for (const c of cookies.slice(1)) expect((await request(`${s.origin}/`, { headers: { Cookie: c } })).status).toBe(200);
  });

  it('two shells on one host: each answers its own cookie, and one browser keeps both (cookies are per host, not per port)', async () => {
    const a = await newShell();
    const b = await newShell();
    expect(a.cookieName).not.toBe(b.cookieName);
    const ca = await sessionCookie(a);
    const cb = await sessionCookie(b);
    // A browser sends every 127.0.0.1 cookie to both ports.
    const jar = `${ca}; ${cb}`;
    expect((await request(`${a.origin}/`, { headers: { Cookie: jar } })).status).toBe(200);
    expect((await request(`${b.origin}/`, { headers: { Cookie: jar } })).status).toBe(200);
    // Each secret is good only at its own shell.
    expect((await request(`${a.origin}/`, { headers: { Cookie: `${a.cookieName}=${cb.split('=')[1]}` } })).status).toBe(401);
  });

  it('a port another program holds is refused with a typed reason naming the port, and the desk it opened is closed again', async () => {
    const taken = await newShell();
    const dataDir = tempDir();
    const refused = await startBrowserShell({ dataDir, port: taken.port, rendererDir, config: testConfig(dataDir), service: { dailySnapshots: false } }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', i18nKey: 'errors.shell.portInUse', params: { port: taken.port } });
    // Its desk was closed: the data folder is free for the next start.
    const next = await startBrowserShell({ dataDir, port: 0, rendererDir, config: testConfig(dataDir), service: { dailySnapshots: false } });
    await next.close();
  });
});
