// The signed daily register on the server: a desk pushes its day and then the chief clerk's
// register (signed with a SoftHSM2 card); the server re-runs recordDailyRegister (signature and
// record checked there too) and keeps it; `audit-verify` says the register holds against the
// court's chain. A court_audit entry of that day rewritten behind the server's back (another
// command name, hashes recomputed so the chain alone holds) is named with the register's day. With
// the court's trust anchors the register's signer must chain to them; without, the CLI says so.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/shared/canonical-json';
import { courtJournal, courtLocalNow, runCommand, serverNumberAuthority, storedEntryHash, type CommandEnv } from '../../../src/domain';
import { hashPassword } from '../../../src/main/services/auth';
import { signCadesDetached } from '../../../src/signatures/cades';
import type { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { openSigner } from '../../../src/main/services/signing/token-signer';
import { openServerStore } from '../../../src/server/store';
import { applyPush } from '../../../src/server/sync/apply-push';
import { HlcClock, encodeHlc } from '../../../src/shared/hlc';
import { newId } from '../../../src/shared/ids';
import { DAILY_REGISTER_FORMAT } from '../../../src/shared/schemas/daily-register';
import { serverDatabaseEnv, serverStoreConfig } from '../../helpers/server-database';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { startTokenService } from '../signing/helpers';
import { operatorEnv, runAdminCommand } from '../../../src/server/cli';
import { PASSWORD, prepareServerCourt, type ServerCourt } from '../sync/http-stage';

let dataDir: string;
let court: ServerCourt;
let hsm: SoftHsm;
let client: TokenServiceClient;
const today = courtLocalNow(new Date()).date;

async function cliWith(extra: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: { MAHKAMA_SERVER_DATA_DIR: dataDir, MAHKAMA_LANG: 'en', ...(await serverDatabaseEnv(dataDir)), ...extra }, readPassword: async () => null });
  return { code, out, err };
}
const cli = (...args: string[]) => cliWith({}, ...args);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-register-'));
  court = await prepareServerCourt(dataDir, 0);
  hsm = makeSoftHsm([{ label: 'chief', pin: '2468', keys: [{ type: 'RSA', commonName: 'Samira Alaoui' }] }]);
  client = startTokenService(hsm.env);
  const store = await openServerStore(await serverStoreConfig(dataDir));
  try {
    const env: CommandEnv = { deviceId: 'server', deviceTag: 'SERVER', courtId: court.courtId, clock: new HlcClock('server'), now: () => new Date(), numbering: 'server', journal: courtJournal(), numbers: serverNumberAuthority };
    const chief = await runCommand(store.db, operatorEnv(court.courtId), null, 'createCourtUser', { username: 'samira.chef', displayName: 'سميرة العلوي', roles: ['chief_clerk'], passwordHash: await hashPassword(PASSWORD) });
    const wallMs = Date.now();
    const hlc = (n: number) => encodeHlc({ wallMs, counter: n, node: 'dev-a' });
    // The register the chief clerk signed on the desk, listing two entries of the desk's chain (hashes the desk's, not the server's).
    const entries = [
      { seq: 1, hlc: hlc(1), wallTime: new Date().toISOString(), userId: court.clerk.id, command: 'createChamber', hash: 'a'.repeat(64) },
      { seq: 2, hlc: hlc(2), wallTime: new Date().toISOString(), userId: chief.userId, command: 'recordDailyRegister', hash: 'b'.repeat(64) },
    ];
    const register = { format: DAILY_REGISTER_FORMAT, courtId: court.courtId, courtDate: today, deviceId: 'dev-a', head: { seq: 2, hash: 'b'.repeat(64) }, entries };
    const json = canonicalJson(register);
    const signer = await openSigner(client, { module: { path: SOFTHSM_MODULE, osLocking: true }, token: { label: 'chief' }, pin: '2468' });
    const cms = await signCadesDetached(crypto.createHash('sha256').update(json).digest(), signer);
    const outcomes = await applyPush({ db: store.db, env, deviceId: 'dev-a' }, [
      { mutationId: 1, name: 'recordDailyRegister', args: { courtDate: today, registerJson: json, signature: cms.toString('base64') }, baseVersions: {}, hlc: hlc(2), at: new Date().toISOString(), userId: chief.userId, generated: { ids: { daily_register: [newId()] }, numbers: [] } },
      // The same day again (another desk of the court): refused, recorded as such.
      { mutationId: 2, name: 'recordDailyRegister', args: { courtDate: today, registerJson: json, signature: cms.toString('base64') }, baseVersions: {}, hlc: hlc(3), at: new Date().toISOString(), userId: chief.userId, generated: { ids: { daily_register: [newId()] }, numbers: [] } },
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'rejected']);
  } finally {
    await store.close();
  }
}, 120_000);

afterAll(async () => {
  await client?.close();
  hsm?.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the signed daily register on the server', () => {
  it('is kept, and audit-verify says it holds; a rewritten court_audit entry it signed is named with its day', async () => {
    const ok = await cli('audit-verify');
    expect(ok.code, ok.err.join('\n')).toBe(0);
    expect(ok.out).toContainEqual(expect.stringMatching(new RegExp(`^Court TPI-RABAT: the signed register of ${today} holds \\(1 of its entries`)));
    // Without trust anchors the signer is not checked, and the operator is told so.
    expect(ok.out).toContainEqual(expect.stringMatching(/^The registers' signers were not checked against trust anchors \(set MAHKAMA_SERVER_TRUST_ANCHORS\)/));
    // With the court's anchors the chief clerk's card chains to them; with another root it does not (a key of someone's own proves nothing).
    const anchors = path.join(dataDir, 'anchors');
    fs.mkdirSync(anchors);
    fs.copyFileSync(hsm.ca.rootFile, path.join(anchors, 'court-root.pem'));
    const trusted = await cliWith({ MAHKAMA_SERVER_TRUST_ANCHORS: anchors }, 'audit-verify');
    expect(trusted.code, trusted.err.join('\n')).toBe(0);
    expect(trusted.out.filter((l) => l.includes('not checked'))).toEqual([]);
    const other = path.join(dataDir, 'other');
    fs.mkdirSync(other);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dataDir, 'other.key'), '-out', path.join(other, 'root.pem'), '-days', '30', '-subj', '/CN=Other Root', '-addext', 'basicConstraints=critical,CA:TRUE'], { stdio: 'pipe' });
    const foreign = await cliWith({ MAHKAMA_SERVER_TRUST_ANCHORS: other, MAHKAMA_LANG: 'fr' }, 'audit-verify');
    expect(foreign.out).toContainEqual(`Tribunal TPI-RABAT\u00a0: le registre du ${today} est signé par un certificat qui ne remonte à aucune ancre de confiance\u00a0: il ne prouve rien.`);
    expect(foreign.code).toBe(1);

    // Behind the server's back: the register's own entry renamed, every hash after it recomputed.
    const store = await openServerStore(await serverStoreConfig(dataDir));
    try {
      await sql`DROP TRIGGER IF EXISTS court_audit_no_update ON court_audit`.execute(store.db).catch(() => undefined);
      await sql`DROP TRIGGER IF EXISTS court_audit_no_update`.execute(store.db).catch(() => undefined);
      const rows = await store.db.selectFrom('court_audit').selectAll().where('court_id', '=', court.courtId).orderBy('seq').execute();
      const target = rows.find((r) => r.command === 'recordDailyRegister')!;
      let prev = rows[0]!.prev_hash;
      for (const r of rows) {
        const row = r.seq === target.seq ? { ...r, command: 'createChamber' } : r;
        const hash = storedEntryHash(prev, { ...row, seq: Number(row.seq) });
        await store.db.updateTable('court_audit').set({ command: row.command, prev_hash: prev, hash }).where('court_id', '=', court.courtId).where('seq', '=', r.seq).execute();
        prev = hash;
      }
      await store.db.updateTable('court_heads').set({ audit_hash: prev }).where('court_id', '=', court.courtId).execute();
    } finally {
      await store.close();
    }
    const caught = await cli('audit-verify');
    expect(caught.out).toContainEqual(expect.stringMatching(/^Court TPI-RABAT: audit chain verified/));
    expect(caught.out).toContainEqual(`Court TPI-RABAT: the signed register of ${today} is contradicted (entryRewritten #2): provable tampering.`);
    expect(caught.code).toBe(1);
  });
});
