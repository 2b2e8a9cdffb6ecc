// The clerk's side of document files on an enrolled desk (its app service, what the header and the
// viewer call), against a real server process: a petition scanned on another desk shows as a file
// to fetch once its record is pulled; opening it before the scanning desk sent the file says "not
// yet available" (a state, not an error); once sent, opening fetches it, and a sync round fetches
// the next ones in the background, the header's counts following.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../../src/main/services/app-service';
import { DocumentFileStore } from '../../../src/main/services/documents/file-store';
import type { SyncStatus } from '../../../src/shared/schemas/desk-sync';
import { testConfig } from '../services/helpers';
import { cleanup, clientOf, deskOf, fileAScan, sync, tempDir, type Desk } from './document-files-stage';
import { PASSWORD, freePort, killServer, prepareServerCourt, startServer, type ServerCourt, type ServerProcess } from './http-stage';

let server: ServerProcess;
let court: ServerCourt;
let scanner: Desk;
let clerkDesk: AppService;
let clerkDataDir: string;

async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const status = (): Promise<SyncStatus> => value(clerkDesk.handle('sync.status', {}));

async function until(what: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const serverDir = tempDir('mahkama-desk-files-server-');
  court = await prepareServerCourt(serverDir, 2);
  server = await startServer(serverDir, await freePort());
  cleanup.push(() => killServer(server));
  scanner = await deskOf(server.url, court, court.codes[0]!, 'greffe-scan');
  await sync(scanner, server.url);

  clerkDataDir = tempDir('mahkama-desk-files-clerk-');
  // No timer rounds: the story decides when the desk syncs.
  clerkDesk = await createAppService({ dataDir: clerkDataDir, config: testConfig(clerkDataDir, { syncIntervalSeconds: 3600 }), dailySnapshots: false });
  cleanup.push(() => clerkDesk.close());
  await value(
    clerkDesk.handle('setup.initialize', {
      language: 'ar',
      court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
      chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
      user: { username: 'admin.local', displayName: 'مسؤول محلي', password: 'local-admin-pass-2026' },
    }),
  );
  await value(clerkDesk.handle('session.login', { username: 'admin.local', password: 'local-admin-pass-2026' }));
  await value(clerkDesk.handle('sync.enrol', { serverUrl: server.url, code: court.codes[1]! }));
  await value(clerkDesk.handle('session.login', { username: court.clerk.username, password: PASSWORD }));
}, 120_000);

afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe("a document scanned on another desk, on the clerk's desk", () => {
  it('is a file to fetch, "not yet available" until sent, then fetched when opened and in the background', async () => {
    const first = await fileAScan(scanner, 120_000);
    await sync(scanner, server.url);

    await value(clerkDesk.handle('sync.now', {}));
    await until(async () => (await status()).filesToFetch === 1);
    expect(await status()).toMatchObject({ filesToUpload: 0, filesToFetch: 1, fileProblems: 0 });
    expect(await value(clerkDesk.handle('sync.documentFile', { documentId: first.documentId }))).toEqual({ state: 'notYetAvailable' });

    // The scanning desk sends it; opening the document now brings it.
    await scanner.files.pass(clientOf(scanner, server.url));
    expect(await value(clerkDesk.handle('sync.documentFile', { documentId: first.documentId }))).toEqual({ state: 'here', fetched: true });
    const store = new DocumentFileStore(clerkDataDir);
    expect(fs.readFileSync(store.pathOf(first.sha)).equals(first.bytes)).toBe(true);
    expect(await status()).toMatchObject({ filesToFetch: 0, fileProblems: 0 });

    // The next one comes down by itself after a round.
    const second = await fileAScan(scanner, 80_000);
    await sync(scanner, server.url);
    await scanner.files.pass(clientOf(scanner, server.url));
    await value(clerkDesk.handle('sync.now', {}));
    await until(async () => fs.existsSync(store.pathOf(second.sha)) && (await status()).filesToFetch === 0);
    expect(fs.readFileSync(store.pathOf(second.sha)).equals(second.bytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(store.pathOf(second.sha))).filter((f) => f.endsWith('.download'))).toEqual([]);

    // Bad input: an id that is no document, and one that is not an id.
    const unknown = await clerkDesk.handle('sync.documentFile', { documentId: '01900000-0000-7000-8000-0000000fffff' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const malformed = await clerkDesk.handle('sync.documentFile', { documentId: '../../etc/passwd' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
