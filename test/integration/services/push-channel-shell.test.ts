// The push channel of the browser shell (ARCHITECTURE §8): server-sent events on GET /events, for a
// browser holding a session cookie only; each event the service emits arrives as one `data:` line
// of {event, payload}; a closed stream leaves no listener behind. The service is a recorder here:
// what is under test is the shell's transport (the real service's events are in the e2e test).
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../../src/main/services/app-service';
import { silentLogger } from '../../../src/main/services/logger';
import { createShellServer, type ShellServer } from '../../../src/main/shell/server';
import { parseIpcEvent, type IpcEventMessage } from '../../../src/shared/ipc/push-channel';
import { tempDir } from './helpers';

const listeners = new Set<(m: IpcEventMessage) => void>();
const service = {
  handle: async () => ({ ok: true, value: null }),
  subscribe(listener: (m: IpcEventMessage) => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  language: () => 'fr',
  startupError: null,
  dbFile: '',
  close: async () => undefined,
} as unknown as AppService;

const STATUS = { state: 'offline', serverUrl: 'https://mahkama.court.ma', pending: 3, conflicts: 0, rejected: 1, filesToUpload: 0, filesToFetch: 0, fileProblems: 0, lastSyncedAt: '2026-12-07 09:30', lastError: null } as const;

let shell: ShellServer;
let cookie = '';

beforeAll(async () => {
  const rendererDir = tempDir('mahkama-push-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Mahkama</title>');
  shell = await createShellServer({ service, rendererDir, port: 0, log: silentLogger() });
  const opened = await fetch(shell.url, { redirect: 'manual' });
  cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
});

afterAll(async () => {
  await shell?.close();
});

describe('GET /events', () => {
  it('needs the session cookie, and only GET', async () => {
    const none = await fetch(`${shell.origin}/events`);
    expect(none.status).toBe(401);
    expect(listeners.size).toBe(0);
    const post = await fetch(`${shell.origin}/events`, { method: 'POST', headers: { cookie } });
    expect(post.status).toBe(405);
    expect(listeners.size).toBe(0);
  });

  it('streams each event as one data line of {event, payload}, and forgets the listener when the stream closes', async () => {
    const got: string[] = [];
    const req = http.get(`${shell.origin}/events`, { headers: { cookie } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toBeTruthy();
    res.setEncoding('utf8');
    res.on('data', (c: string) => got.push(c));
    await expect.poll(() => listeners.size).toBe(1);
    for (const l of listeners) l({ event: 'sync.status', payload: STATUS });
    await expect.poll(() => got.join('')).toContain('data: ');
    const text = got.join('');
    expect(text.startsWith('retry: 2000\n\n')).toBe(true);
    const line = text.split('\n').find((l) => l.startsWith('data: '))!;
    expect(parseIpcEvent(JSON.parse(line.slice('data: '.length)))).toEqual({ event: 'sync.status', payload: STATUS });
    req.destroy();
    await expect.poll(() => listeners.size).toBe(0);
  });
});
