// The Electron surface without an Electron binary: the preload exposes exactly the contract
// (electron's contextBridge/ipcRenderer are replaced by recorders — no real Electron can run on
// this machine), and IPC answers only frames of our own renderer.
import { describe, expect, it, vi } from 'vitest';
import { IPC_METHODS, channelOf } from '../../../src/shared/ipc/contract';
import { rendererSenderCheck } from '../../../src/main/ipc/sender-check';

const exposed: Record<string, unknown> = {};
const invoked: [string, unknown][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => {
      invoked.push([channel, input]);
      return Promise.resolve({ ok: true, value: null });
    },
  },
}));

describe('the preload', () => {
  it('exposes window.mahkama with exactly one function per contract method, and nothing else', async () => {
    await import('../../../src/preload/index');
    expect(Object.keys(exposed)).toEqual(['mahkama']);
    const api = exposed.mahkama as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...IPC_METHODS].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const m of IPC_METHODS) {
      expect(typeof api[m]).toBe('function');
      await api[m]!({ probe: m });
    }
    expect(invoked).toEqual(IPC_METHODS.map((m) => [channelOf(m), { probe: m }]));
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
