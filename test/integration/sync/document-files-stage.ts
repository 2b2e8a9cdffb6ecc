// The stage of the document-file tests: desks enrolled with a real server process, each on its own
// SQLite file and data folder, with a DocumentFiles of its own; a case and a scan filed in it the
// way an import leaves them (the file in the desk's store, the record through attachDocument).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../../../src/domain';
import { createBlobClient, type BlobClient, type BlobClientOptions } from '../../../src/main/services/blobs/blob-client';
import { DocumentFiles } from '../../../src/main/services/sync/document-files';
import { httpSyncTransport } from '../../../src/main/services/sync/http-transport';
import { syncOnce } from '../../../src/main/services/sync/sync-once';
import { enrol, openEnrolledDesk, signIn, type EnrolledDesk, type ServerCourt } from './http-stage';

/** Undone in reverse order by the test file's afterAll. */
export const cleanup: (() => Promise<void>)[] = [];

export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(async () => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

const PETITION = '01900000-0000-7000-8000-00000000d001';
const CIVIL_CASE = '01900000-0000-7000-8000-000000001101';

export interface Desk {
  desk: EnrolledDesk;
  dataDir: string;
  token: string;
  clerk: { userId: string; roles: ['clerk'] };
  files: DocumentFiles;
  arrived: string[];
}


/** A PDF-looking file of `size` random bytes (the desk sniffs the header; the blobs never look inside). */
export function scan(size: number): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(size - 9)]);
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

export async function deskOf(serverUrl: string, court: ServerCourt, code: string, name: string): Promise<Desk> {
  const enrolled = await enrol(serverUrl, code, name);
  const dataDir = tempDir('mahkama-files-desk-');
  const desk = await openEnrolledDesk(enrolled, path.join(dataDir, 'mahkama.db'));
  cleanup.push(() => desk.opened.close());
  const arrived: string[] = [];
  const files = new DocumentFiles({ db: desk.db, dataDir, now: () => new Date(), onFileArrived: (sha) => void arrived.push(sha) });
  return { desk, dataDir, token: await signIn(serverUrl, court.clerk.username, enrolled), clerk: { userId: court.clerk.id, roles: ['clerk'] }, files, arrived };
}

export function clientOf(d: Desk, serverUrl: string, extra: Partial<BlobClientOptions> = {}): BlobClient {
  return createBlobClient({ serverUrl, authHeaders: () => ({ authorization: `Bearer ${d.token}` }), retries: 1, retryDelayMs: () => 10, ...extra });
}

export async function sync(d: Desk, serverUrl: string) {
  return syncOnce(d.desk.db, httpSyncTransport({ serverUrl, accessToken: async () => d.token }), { now: () => new Date(), courtId: d.desk.env.courtId, numbering: 'server' });
}

/** A case registered on the desk and a scan of `size` bytes filed in it (the file put in the desk's store as an import does). */
export async function fileAScan(d: Desk, size: number): Promise<{ documentId: string; sha: string; bytes: Buffer }> {
  const chamber = await d.desk.db.selectFrom('chambers').select('id').where('code', '=', 'CIV').executeTakeFirstOrThrow();
  const today = new Date().toISOString().slice(0, 10);
  const { caseId } = await runCommand(d.desk.db, d.desk.env, d.clerk, 'registerCase', {
    chamberId: chamber.id,
    caseTypeId: CIVIL_CASE,
    filedOn: today,
    subject: 'نزاع حول كراء محل تجاري',
    parties: [{ party: { newParty: { kind: 'person', nameAr: 'فاطمة الزهراء بناني', nameLatin: 'Fatima Zahra Bennani' } }, role: 'plaintiff' }],
  });
  const bytes = scan(size);
  const sha = sha256(bytes);
  const file = d.files.store.pathOf(sha);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  const { documentId } = await runCommand(d.desk.db, d.desk.env, d.clerk, 'attachDocument', {
    caseId,
    documentTypeId: PETITION,
    language: 'ar',
    title: 'مقال افتتاحي',
    fileName: 'petition.pdf',
    sha256: sha,
    size,
    mime: 'application/pdf',
    pageCount: 1,
  });
  return { documentId, sha, bytes };
}

