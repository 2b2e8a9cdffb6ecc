// A document's detached signature recorded on one desk reaches the court's other desks (ARCHITECTURE
// §6, "Detached signatures of any file"; §5, "Files between desks"): a real server process (SQLite or
// PostgreSQL, as the run's engine), two desks of the court and one of another court, each its own
// SQLite file, SoftHSM2 cards. The clerk files a scan and signs it detached on the first desk; after
// the rounds, the second desk lists the signature and checks its .p7s — fetched from the server —
// against the document's file, and saves it again; the record is the same on both desks and the
// server, and the server keeps the .p7s as that court's blob alone. The desk of the other court
// pulls neither the record nor the file, and finds neither the document's list nor the signature.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppService } from '../../../src/main/services/app-service';
import { DocumentFileStore } from '../../../src/main/services/documents/file-store';
import { openServerStore } from '../../../src/server/store';
import { serverStoreConfig } from '../../helpers/server-database';
import { makeSoftHsm, type SoftHsm } from '../../helpers/softhsm-tokens';
import { verifyDetached } from '../../../src/signatures/cades-verify';
import { deskOk, openEnrolledSigningDesk } from './signing-desk';
import { PASSWORD, freePort, killServer, prepareServerCourt, startServer, type ServerCourt, type ServerProcess } from './http-stage';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/documents');

let serverDir: string;
let server: ServerProcess;
let court: ServerCourt;
let otherCourt: ServerCourt;
let hsm: SoftHsm;
const desks: { service: AppService; dataDir: string }[] = [];

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signInAs(desk: AppService, username: string): Promise<void> {
  if ((await deskOk(desk, 'app.status', {})).user) await deskOk(desk, 'session.logout', {});
  await deskOk(desk, 'session.login', { username, password: PASSWORD });
}

async function enrolledDesk(code: string): Promise<{ service: AppService; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-docsig-desk-'));
  const trust = path.join(dataDir, 'trust');
  fs.mkdirSync(trust);
  fs.writeFileSync(path.join(trust, 'court-root.pem'), hsm.ca.rootPem);
  const service = await openEnrolledSigningDesk({ dataDir, serverUrl: server.url, code, hsmEnv: hsm.env, config: { trustAnchorsDir: trust } });
  const desk = { service, dataDir };
  desks.push(desk);
  return desk;
}

/** Every row of the table, in id order, as canonical text: what "the same on every copy" compares. */
function rowsHash(rows: readonly Record<string, unknown>[]): string {
  const canonical = rows.map((r) => Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]])));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function deskRows(desk: AppService): Record<string, unknown>[] {
  const raw = new BetterSqlite3(desk.dbFile, { readonly: true });
  try {
    return raw.prepare('SELECT * FROM document_signatures ORDER BY id').all() as Record<string, unknown>[];
  } finally {
    raw.close();
  }
}

const fileOn = (desk: { dataDir: string }, sha256: string) => new DocumentFileStore(desk.dataDir).pathOf(sha256);

beforeAll(async () => {
  hsm = makeSoftHsm([{ label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] }]);
  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-docsig-server-'));
  court = await prepareServerCourt(serverDir, 2);
  otherCourt = await prepareServerCourt(serverDir, 1, { code: 'TPI-FES', suffix: '.fes' });
  server = await startServer(serverDir, await freePort());
  await enrolledDesk(court.codes[0]!);
  await enrolledDesk(court.codes[1]!);
  await enrolledDesk(otherCourt.codes[0]!);
}, 240_000);

afterAll(async () => {
  for (const d of desks) await d.service.close();
  if (server) await killServer(server);
  hsm?.cleanup();
  for (const d of [serverDir, ...desks.map((x) => x.dataDir)]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe("a document's detached signature between desks", () => {
  it('signed on one desk of the court, listed and checked on the other after pull with its .p7s; the desk of another court sees nothing', { timeout: 180_000 }, async () => {
    const [first, second, stranger] = desks as [(typeof desks)[0], (typeof desks)[0], (typeof desks)[0]];
    await signInAs(first.service, court.clerk.username);
    const ref = await deskOk(first.service, 'reference.get', {});
    const today = (await deskOk(first.service, 'app.status', {})).courtToday;
    const reg = await deskOk(first.service, 'cases.register', {
      chamberId: ref.chambers.find((c) => c.code === 'CIV')!.id,
      caseTypeId: ref.caseTypes.find((t) => t.code === '1201')!.id,
      filedOn: today,
      subject: 'أداء مبلغ دين تجاري',
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohamed Bennani' } }, role: 'plaintiff' }],
    });
    const types = await deskOk(first.service, 'documents.types', {});
    const { documentId } = await deskOk(first.service, 'documents.import', {
      source: { kind: 'path', path: path.join(FIXTURES, 'arabic-clean.png') },
      meta: { caseId: reg.caseId, documentTypeId: types.types[0]!.id, language: 'ar', title: 'تقرير الخبرة الممسوح' },
    });
    const signed = await deskOk(first.service, 'documents.signDetached', { documentId, token: { label: 'greffe-karim' }, keyId: '01', pin: '1357' });
    if (signed.outcome !== 'download') throw new Error('expected a download');
    const p7s = signed.signatureSha256;
    await deskOk(first.service, 'sync.now', {});
    await until(async () => (await deskOk(first.service, 'sync.status', {})).filesToUpload === 0, 'the files to be sent');

    // The court's other desk: the record by pull, the .p7s and the scan from the server.
    await signInAs(second.service, court.clerk.username);
    await deskOk(second.service, 'sync.now', {});
    const listed = await deskOk(second.service, 'documents.signatures', { documentId });
    expect(listed.signatures).toHaveLength(1);
    expect(listed.signatures[0]).toMatchObject({
      id: signed.signatureId,
      signatureSha256: p7s,
      documentSha256: signed.sha256,
      signerId: court.clerk.id,
      signerDisplayName: 'كريم الكاتب',
      signerRole: 'clerk',
      level: 'B-B',
      check: { outcome: 'checked', valid: true, recordAgrees: true, chain: 'trusted' },
    });
    expect(fs.readFileSync(fileOn(second, p7s)).equals(fs.readFileSync(fileOn(first, p7s)))).toBe(true);
    expect((await verifyDetached(fileOn(second, signed.sha256), fileOn(second, p7s), [Buffer.from(hsm.ca.rootPem)])).valid).toBe(true);
    const again = await deskOk(second.service, 'documents.saveSignature', { signatureId: signed.signatureId });
    if (again.outcome !== 'download') throw new Error('expected a download');
    const taken = await second.service.takeDownload(again.url.split('/').pop()!);
    if (!taken.ok) throw new Error(JSON.stringify(taken.error));
    expect(fs.readFileSync(taken.value.file).equals(fs.readFileSync(fileOn(first, p7s)))).toBe(true);

    // The same record on both desks and on the server, which keeps the .p7s for the court.
    const store = await openServerStore(await serverStoreConfig(serverDir));
    try {
      const serverRows = (await store.db.selectFrom('document_signatures').selectAll().orderBy('id').execute()) as unknown as Record<string, unknown>[];
      expect(serverRows.map((r) => r.court_id)).toEqual([court.courtId]);
      expect(rowsHash(deskRows(first.service))).toBe(rowsHash(serverRows));
      expect(rowsHash(deskRows(second.service))).toBe(rowsHash(serverRows));
      const held = await store.db.selectFrom('blob_courts').select(['sha256', 'court_id']).where('sha256', '=', p7s).execute();
      expect(held).toEqual([{ sha256: p7s, court_id: court.courtId }]);
    } finally {
      await store.close();
    }

    // The other court's desk: nothing of it.
    await signInAs(stranger.service, otherCourt.clerk.username);
    await deskOk(stranger.service, 'sync.now', {});
    expect(deskRows(stranger.service)).toEqual([]);
    expect(fs.existsSync(fileOn(stranger, p7s))).toBe(false);
    expect(await stranger.service.handle('documents.signatures', { documentId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await stranger.service.handle('documents.saveSignature', { signatureId: signed.signatureId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
