// The Electron surface without an Electron binary: the preload exposes exactly the contract
// (electron's contextBridge/ipcRenderer are replaced by recorders — no real Electron can run on
// this machine), and IPC answers only frames of our own renderer.
import { describe, expect, it, vi } from 'vitest';
import { IPC_METHODS, channelOf } from '../../../src/shared/ipc/contract';
import { EVENTS_CHANNEL, type MahkamaEvents } from '../../../src/shared/ipc/push-channel';
import { rendererSenderCheck } from '../../../src/main/ipc/sender-check';

const exposed: Record<string, unknown> = {};
const invoked: [string, unknown][] = [];
type OnMessage = (event: unknown, message: unknown) => void;
const listening = new Map<string, Set<OnMessage>>();
vi.mock('electron', () => ({
  webUtils: { getPathForFile: (file: { name: string }) => `/picked/${file.name}` },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => {
      invoked.push([channel, input]);
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string, fn: OnMessage) => {
      if (!listening.has(channel)) listening.set(channel, new Set());
      listening.get(channel)!.add(fn);
    },
    removeListener: (channel: string, fn: OnMessage) => listening.get(channel)?.delete(fn),
  },
}));

const STATUS = { state: 'online', serverUrl: 'https://mahkama.court.ma', pending: 2, conflicts: 1, rejected: 0, filesToUpload: 1, filesToFetch: 0, fileProblems: 0, lastSyncedAt: '2026-12-07 09:30', lastError: null };

describe('the preload', () => {
  it('exposes window.mahkama with exactly one function per contract method, and nothing else', async () => {
    await import('../../../src/preload/index');
    expect(Object.keys(exposed)).toEqual(['mahkama', 'mahkamaFiles', 'mahkamaEvents']);
    const api = exposed.mahkama as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...IPC_METHODS].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const m of IPC_METHODS) {
      expect(typeof api[m]).toBe('function');
      await api[m]!({ probe: m });
    }
    expect(invoked).toEqual(IPC_METHODS.map((m) => [channelOf(m), { probe: m }]));
  });

  it('exposes window.mahkamaFiles: only the path of a picked or dropped file, from Electron', async () => {
    await import('../../../src/preload/index');
    const files = exposed.mahkamaFiles as { pathOf(file: unknown): string };
    expect(Object.keys(files)).toEqual(['pathOf']);
    expect(Object.isFrozen(files)).toBe(true);
    expect(files.pathOf({ name: 'requete.pdf' })).toBe('/picked/requete.pdf');
  });

  it('exposes the push channel as window.mahkamaEvents: subscribe only, each message checked by its schema', async () => {
    await import('../../../src/preload/index');
    const events = exposed.mahkamaEvents as MahkamaEvents;
    expect(Object.keys(events)).toEqual(['subscribe']);
    expect(Object.isFrozen(events)).toBe(true);
    const got: unknown[] = [];
    const unsubscribe = events.subscribe((m) => got.push(m));
    const send = (message: unknown) => {
      for (const fn of listening.get(EVENTS_CHANNEL) ?? []) fn({}, message);
    };
    send({ event: 'sync.status', payload: STATUS });
    // Foreign or malformed messages never reach the page.
    for (const bad of [null, 'x', { event: 'nope', payload: STATUS }, { event: 'sync.status', payload: { ...STATUS, pending: -1 } }, { event: 'sync.status' }, { event: 'sync.status', payload: { ...STATUS, extra: 1 } }]) send(bad);
    expect(got).toEqual([{ event: 'sync.status', payload: STATUS }]);
    unsubscribe();
    send({ event: 'sync.status', payload: STATUS });
    expect(got).toHaveLength(1);
    expect(listening.get(EVENTS_CHANNEL)?.size).toBe(0);
  });
});

describe('which frames may call IPC', () => {
  it('in a packaged app: only our index.html file', () => {
    const ours = rendererSenderCheck('file:///opt/Mahkama/resources/app.asar/out/renderer/index.html');
    expect(ours('file:///opt/Mahkama/resources/app.asar/out/renderer/index.html')).toBe(true);
    expect(ours('file:///opt/Mahkama/resources/app.asar/out/renderer/index.html#/registry')).toBe(true);
    expect(ours('file:///home/greffe/Downloads/evil.html')).toBe(false);
    expect(ours('https://example.com/out/renderer/index.html')).toBe(false);
    expect(ours('not a url')).toBe(false);
  });

  it('in development: only the dev server origin', () => {
    const dev = rendererSenderCheck('http://localhost:5173');
    expect(dev('http://localhost:5173/')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('http://127.0.0.1:5173/')).toBe(false);
  });
});
