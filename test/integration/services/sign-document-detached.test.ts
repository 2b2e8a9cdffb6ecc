// A document of a case signed detached from the viewer's call (documents.signDetached) through the
// app service, as the browser shell runs it: a real SQLite file, documents imported into the store
// (a scan and a PDF), SoftHSM2 cards (RSA-2048 judge, EC P-256 clerk). The .p7s comes as a download;
// openssl cms and our verifier accept it over the stored file and refuse a tampered copy; a wrong
// PIN, an administrator, an unknown document and a malformed call are refused with nothing staged.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../../src/main/services/app-service';
import { EXPORTS_DIR_NAME } from '../../../src/main/services/documents/export-downloads';
import type { IpcInput, IpcMethod } from '../../../src/shared/ipc/contract';
import { verifyDetached } from '../../../src/signatures/cades-verify';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { startTokenService } from '../signing/helpers';
import { deskWithJudgedCase, failsOn, okOn, tempDir, testConfig } from './helpers';

const PASSWORD = 'Rabat-greffe-2026!';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const FIXTURES = path.resolve(__dirname, '../../fixtures/documents');

let hsm: SoftHsm;
let service: AppService;
let dataDir: string;
const clock = { t: Date.parse('2026-04-06T09:00:00Z') };
const ok = <M extends IpcMethod>(method: M, input: IpcInput<M>) => okOn(service, method, input);
const fails = (method: IpcMethod, input: unknown) => failsOn(service, method, input);
let caseId = '';
const docs = { scan: '', pdf: '' };

async function importFile(file: string, title: string): Promise<string> {
  const types = await ok('documents.types', {});
  const { documentId } = await ok('documents.import', { source: { kind: 'path', path: file }, meta: { caseId, documentTypeId: types.types[0]!.id, language: 'ar', title } });
  return documentId;
}

async function downloaded(r: { outcome: string; url?: string }): Promise<{ file: string; fileName: string }> {
  expect(r.outcome).toBe('download');
  const taken = await service.takeDownload(r.url!.split('/').pop()!);
  if (!taken.ok) throw new Error(JSON.stringify(taken.error));
  return taken.value;
}

function opensslVerify(sig: string, content: string): number | null {
  return spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', content, '-CAfile', hsm.ca.rootFile, '-purpose', 'any', '-out', '/dev/null'], { stdio: 'ignore' }).status;
}

const staged = () => (fs.existsSync(path.join(dataDir, EXPORTS_DIR_NAME)) ? fs.readdirSync(path.join(dataDir, EXPORTS_DIR_NAME)) : []);

beforeAll(async () => {
  hsm = makeSoftHsm([
    { label: 'juge-alaoui', pin: '2468', keys: [{ type: 'RSA', commonName: 'Samira Alaoui' }] },
    { label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] },
  ]);
  dataDir = tempDir('mahkama-sign-detached-');
  service = await createAppService({
    dataDir,
    config: testConfig(dataDir, { pkcs11Module: SOFTHSM_MODULE }),
    now: () => new Date(clock.t),
    dailySnapshots: false,
    tokenService: startTokenService(hsm.env),
  });
  ({ caseId } = await deskWithJudgedCase(service, clock, PASSWORD));
  // The clerk files the documents; the judge signs first.
  await ok('session.logout', {});
  await ok('session.login', { username: 'karim.greffe', password: PASSWORD });
  docs.scan = await importFile(path.join(FIXTURES, 'arabic-clean.png'), 'تقرير الخبرة الممسوح');
  docs.pdf = await importFile(path.join(FIXTURES, 'text-layer-french.pdf'), 'Rapport d’expertise');
  await ok('session.logout', {});
  await ok('session.login', { username: 'samira.juge', password: PASSWORD });
}, 180_000);

afterAll(async () => {
  await service?.close();
  hsm?.cleanup();
});

describe('documents.signDetached (browser shell: a download)', { timeout: 120_000 }, () => {
  it('the judge signs a scan on the RSA card: the .p7s verifies over the stored file by openssl and our verifier; a tampered copy fails both', async () => {
    const r = await ok('documents.signDetached', { documentId: docs.scan, token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468' });
    const { file, fileName } = await downloaded(r);
    expect(fileName).toBe('arabic-clean.png.p7s');
    if (r.outcome !== 'download') throw new Error('expected a download');
    expect(r.level).toBe('B-B');
    const stored = path.join(dataDir, 'documents', r.sha256.slice(0, 2), r.sha256);
    expect(fs.readFileSync(stored).equals(fs.readFileSync(path.join(FIXTURES, 'arabic-clean.png')))).toBe(true);
    expect(fs.statSync(file).size).toBe(r.bytes);
    expect(opensslVerify(file, stored)).toBe(0);
    const ours = await verifyDetached(stored, file, [Buffer.from(hsm.ca.rootPem)]);
    expect(ours).toMatchObject({ valid: true, chain: 'trusted', level: 'B-B', problems: [] });
    expect(ours.signer?.commonNames).toContain('Samira Alaoui');

    const tampered = path.join(dataDir, 'tampered.png');
    const bytes = fs.readFileSync(stored);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 1;
    fs.writeFileSync(tampered, bytes);
    expect(opensslVerify(file, tampered)).not.toBe(0);
    expect((await verifyDetached(tampered, file, [Buffer.from(hsm.ca.rootPem)])).problems).toContain('digestMismatch');
  });

  it('a clerk signs a PDF on the EC card; a wrong PIN is refused with nothing staged and the next signature works', async () => {
    await ok('session.logout', {});
    await ok('session.login', { username: 'karim.greffe', password: PASSWORD });
    const before = staged();
    const wrong = await fails('documents.signDetached', { documentId: docs.pdf, token: { label: 'greffe-karim' }, keyId: '01', pin: '0000' });
    expect(wrong).toMatchObject({ code: 'PIN_INCORRECT' });
    expect(staged()).toEqual(before);

    const r = await ok('documents.signDetached', { documentId: docs.pdf, token: { label: 'greffe-karim' }, keyId: '01', pin: '1357' });
    const { file, fileName } = await downloaded(r);
    expect(fileName).toBe('text-layer-french.pdf.p7s');
    if (r.outcome !== 'download') throw new Error('expected a download');
    const stored = path.join(dataDir, 'documents', r.sha256.slice(0, 2), r.sha256);
    expect(opensslVerify(file, stored)).toBe(0);
    expect((await verifyDetached(stored, file, [Buffer.from(hsm.ca.rootPem)])).valid).toBe(true);
  });

  it('refuses an administrator, an unknown document and a malformed call, before touching the card', async () => {
    await ok('session.logout', {});
    await ok('session.login', { username: 'hassan.chef', password: PASSWORD });
    await ok('users.create', { username: 'nadia.admin', displayName: 'نادية المسؤولة', roles: ['admin'], password: PASSWORD });
    await ok('session.logout', {});
    await ok('session.login', { username: 'nadia.admin', password: PASSWORD });
    const before = staged();
    expect(await fails('documents.signDetached', { documentId: docs.scan, token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468' })).toMatchObject({ code: 'FORBIDDEN' });
    await ok('session.logout', {});
    await ok('session.login', { username: 'samira.juge', password: PASSWORD });
    expect(await fails('documents.signDetached', { documentId: NO_SUCH_ID, token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails('documents.signDetached', { documentId: docs.scan, token: { label: 'juge-alaoui' }, keyId: '01', pin: 2468 })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(staged()).toEqual(before);
  });
});
