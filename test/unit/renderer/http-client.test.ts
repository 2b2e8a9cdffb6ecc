// The browser-shell transport speaks the IPC contract over HTTP and never throws: a dead server,
// a foreign answer or a typed error all come back as Result values the UI can show.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_METHODS } from '../../../src/shared/ipc/contract';
import { BAD_RESPONSE, CONNECTION_LOST, createHttpClient } from '../../../src/renderer/api/http-client';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  body: string;
}

let server: http.Server;
let base = '';
const seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], body });
      if (req.url === '/ipc/app.status') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ ok: true, value: { setUp: false } }));
      } else if (req.url === '/ipc/cases.getDetail') {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', i18nKey: 'errors.notFound', params: { entity: 'case', id: 'x' } } }));
      } else if (req.url === '/ipc/users.list') {
        res.writeHead(502, { 'Content-Type': 'text/html' });
        res.end('<html>proxy error</html>');
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ hello: 'not a result' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = () => createHttpClient((url, init) => fetch(base + url, init));

describe('the browser-shell HTTP client', () => {
  it('offers exactly the methods of the IPC contract', () => {
    expect(Object.keys(client()).sort()).toEqual([...IPC_METHODS].sort());
  });

  it('POSTs the input as JSON to the method path and returns the Result as sent', async () => {
    const r = await client()['app.status']({});
    expect(r).toEqual({ ok: true, value: { setUp: false } });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', url: '/ipc/app.status', contentType: 'application/json', body: '{}' });
  });

  it('passes a typed error through with its code, key and params whatever the HTTP status', async () => {
    const r = await client()['cases.getDetail']({ caseId: '0190a0b0-0000-7000-8000-000000000000' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', i18nKey: 'errors.notFound', params: { entity: 'case', id: 'x' } } });
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ caseId: '0190a0b0-0000-7000-8000-000000000000' });
  });

  it('turns an answer that is not JSON into a typed error, not an exception', async () => {
    await expect(client()['users.list']({})).resolves.toEqual({ ok: false, error: BAD_RESPONSE });
  });

  it('turns JSON that is not a Result into a typed error', async () => {
    await expect(client()['reference.get']({})).resolves.toEqual({ ok: false, error: BAD_RESPONSE });
  });

  it('turns a server that is gone into a typed "connection lost" error', async () => {
    const dead = createHttpClient((url, init) => fetch(`http://127.0.0.1:1${url}`, init));
    await expect(dead['app.status']({})).resolves.toEqual({ ok: false, error: CONNECTION_LOST });
  });
});
