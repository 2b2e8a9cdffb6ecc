// The signed daily register on a real workstation database and a SoftHSM2 card: the chief clerk
// closes the day from the command line (`close-day`), `audit-verify` finds the chain as signed;
// someone with the database file rewrites an entry and recomputes every later hash — the chain
// alone says OK, the register names the day (provable tampering). A second close of the same day,
// a clerk without the role, a register of another day and a forged signature are refused with
// typed errors and nothing written. With the court's trust anchors, a register re-signed with a key
// of the attacker's own (the chain rewritten to match) is named untrusted.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/index';
import { buildDailyRegister, courtLocalNow, dailyRegisterBytes, runCommand, storedEntryHash, verifyAuditChain, type CommandEnv } from '../../../src/domain';
import { persistAll } from '../../../src/main/services/settings';
import { signCadesDetached } from '../../../src/signatures/cades';
import type { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { openSigner } from '../../../src/main/services/signing/token-signer';
import { AppError } from '../../../src/shared/errors';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { commandEnv, PASSWORD, passwordHash, rowCount, tempDir } from '../services/helpers';
import { startTokenService } from './helpers';

const module = { path: SOFTHSM_MODULE, osLocking: true };

/** A set-up desk (settings persisted as the app does), its chief clerk (the first user) and a clerk. */
async function deskWithADay(): Promise<{ dbFile: string; dataDir: string; env: CommandEnv; chiefId: string; clerkId: string }> {
  const dataDir = tempDir();
  const dbFile = path.join(dataDir, 'mahkama.db');
  const opened = await openDatabase(dbFile);
  try {
    const env = commandEnv();
    const setup = await runCommand(opened.db, env, null, 'initializeWorkstation', {
      court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
      chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
      user: { username: 'greffier.chef', displayName: 'Samira Alaoui', passwordHash: await passwordHash() },
    });
    const courtEnv = { ...env, courtId: setup.courtId };
    await persistAll(opened.db, { language: 'ar', deviceId: env.deviceId, deviceTag: env.deviceTag, numberingMode: 'standalone' });
    const admin = { userId: setup.userId, roles: ['chief_clerk', 'admin'] as const };
    const clerk = await runCommand(opened.db, courtEnv, { ...admin, roles: [...admin.roles] }, 'createUser', { username: 'hicham.clerk', displayName: 'Hicham Berrada', roles: ['clerk'], passwordHash: await passwordHash() });
    await runCommand(opened.db, courtEnv, { ...admin, roles: [...admin.roles] }, 'createUser', { username: 'nadia.clerk', displayName: 'Nadia Tazi', roles: ['clerk'], passwordHash: await passwordHash() });
    return { dbFile, dataDir, env: courtEnv, chiefId: setup.userId, clerkId: clerk.userId };
  } finally {
    await opened.close();
  }
}

/** What someone holding the file does: entry #2 (the clerk's name) rewritten, every later hash recomputed so the chain alone holds. */
function rewriteEntryTwo(dbFile: string): void {
  const attacker = new BetterSqlite3(dbFile);
  attacker.exec('DROP TRIGGER audit_no_update');
  attacker.prepare("UPDATE audit SET changes = replace(changes, 'Hicham Berrada', 'Hamid Berrada') WHERE seq = 2").run();
  const rows = attacker.prepare('SELECT * FROM audit ORDER BY seq').all() as { seq: number; device_id: string; hlc: string; wall_time: string; recorded_at: string | null; user_id: string | null; command: string; changes: string; prev_hash: string; hash: string }[];
  let prev = rows[0]!.hash;
  for (const r of rows.slice(1)) {
    const hash = storedEntryHash(prev, r);
    attacker.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
    prev = hash;
  }
  attacker.close();
}

describe('the signed daily register', { timeout: 120_000 }, () => {
  let hsm: SoftHsm;
  let client: TokenServiceClient;

  beforeAll(() => {
    hsm = makeSoftHsm([{ label: 'chief', pin: '2468', keys: [{ type: 'EC', commonName: 'سميرة العلوي Samira Alaoui' }] }]);
    client = startTokenService(hsm.env);
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    hsm?.cleanup();
  });

  function cli(args: string[], env: Record<string, string> = {}) {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: { MAHKAMA_LANG: 'en', MAHKAMA_PKCS11_MODULE: SOFTHSM_MODULE, MAHKAMA_PIN: '2468', MAHKAMA_PASSWORD: PASSWORD, ...env }, tokenService: client };
    return runCli(args, io).then((code) => ({ code, out: lines.join('\n') }));
  }

  it('the chief clerk closes the day with the card; audit-verify finds the chain as signed; a rewrite with every hash recomputed is named with its day', async () => {
    const desk = await deskWithADay();
    const today = courtLocalNow(new Date()).date;
    const closed = await cli(['close-day', '--db', desk.dbFile, '--user', 'greffier.chef', '--token', 'chief']);
    expect(closed.out).toContain(`Register of ${today} signed by`);
    expect(closed.out).toContain('Samira Alaoui');
    expect(closed.code).toBe(0);
    expect(rowCount(desk.dbFile, 'daily_registers')).toBe(1);

    // The register as stored: canonical JSON, its CMS checked by openssl over exactly those bytes, its head the chain's entry.
    const raw = new BetterSqlite3(desk.dbFile, { readonly: true });
    const row = raw.prepare('SELECT * FROM daily_registers').get() as Record<string, string | number>;
    const head = raw.prepare('SELECT seq, hash FROM audit WHERE seq = ?').get(row.head_seq) as { seq: number; hash: string };
    raw.close();
    const register = JSON.parse(row.register_json as string) as { entries: { command: string }[]; head: { seq: number; hash: string }; courtDate: string };
    expect(register.courtDate).toBe(today);
    expect(register.head).toEqual({ seq: head.seq, hash: head.hash });
    expect(register.entries.map((e) => e.command)).toEqual(['initializeWorkstation', 'createUser', 'createUser']);
    const jsonFile = path.join(desk.dataDir, 'register.json');
    const sigFile = path.join(desk.dataDir, 'register.p7s');
    fs.writeFileSync(jsonFile, row.register_json as string);
    fs.writeFileSync(sigFile, Buffer.from(row.signature as string, 'base64'));
    const openssl = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigFile, '-content', jsonFile, '-CAfile', hsm.ca.rootFile, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    expect(openssl.stderr).toContain('Verification successful');
    fs.appendFileSync(jsonFile, ' ');
    expect(spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigFile, '-content', jsonFile, '-CAfile', hsm.ca.rootFile, '-purpose', 'any', '-out', '/dev/null']).status).not.toBe(0);

    const ok = await cli(['audit-verify', '--db', desk.dbFile]);
    expect(ok.out).toContain('audit chain OK');
    expect(ok.out).toContain(`Register of ${today}: the chain matches what was signed (head #${head.seq}`);
    expect(ok.code).toBe(0);
    // `audit verify` (the older spelling) checks the registers too.
    expect((await cli(['audit', 'verify', '--db', desk.dbFile])).code).toBe(0);

    // Whoever holds the file rewrites entry #2 (the clerk's name) and recomputes every hash after it: the chain alone holds.
    rewriteEntryTwo(desk.dbFile);
    const reopened = await openDatabase(desk.dbFile, { readonly: true });
    expect((await verifyAuditChain(reopened.db)).ok).toBe(true);
    await reopened.close();

    const caught = await cli(['audit-verify', '--db', desk.dbFile]);
    expect(caught.out).toContain('audit chain OK');
    expect(caught.out).toContain(`PROVABLE TAMPERING: entry #2 differs from what the register of ${today} signed.`);
    expect(caught.code).toBe(1);
  });

  it('with trust anchors, a register re-signed by whoever holds the file (their own key, the chain rewritten to match) is named untrusted; without anchors audit-verify says the signers went unchecked', async () => {
    const desk = await deskWithADay();
    const today = courtLocalNow(new Date()).date;
    expect((await cli(['close-day', '--db', desk.dbFile, '--user', 'greffier.chef', '--token', 'chief'])).code).toBe(0);
    const anchors = path.join(desk.dataDir, 'anchors');
    fs.mkdirSync(anchors);
    fs.copyFileSync(hsm.ca.rootFile, path.join(anchors, 'court-root.pem'));
    const trusted = await cli(['audit-verify', '--db', desk.dbFile], { MAHKAMA_TRUST_ANCHORS: anchors });
    expect(trusted.out.split('\n')).toEqual(['audit chain OK: 4 entries', expect.stringMatching(new RegExp(`^Register of ${today}: the chain matches what was signed`))]);
    expect(trusted.code).toBe(0);
    // An anchor of another court does not vouch for the chief clerk's card.
    const otherCa = path.join(desk.dataDir, 'other');
    fs.mkdirSync(otherCa);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(otherCa, 'k.pem'), '-out', path.join(otherCa, 'root.pem'), '-days', '30', '-subj', '/CN=Other Root', '-addext', 'basicConstraints=critical,CA:TRUE'], { stdio: 'pipe' });
    fs.rmSync(path.join(otherCa, 'k.pem'));
    const foreign = await cli(['audit-verify', '--db', desk.dbFile], { MAHKAMA_TRUST_ANCHORS: otherCa });
    expect(foreign.out).toContain(`The register of ${today} is signed by a certificate that does not chain to the trust anchors: it proves nothing.`);
    expect(foreign.code).toBe(1);

    // Whoever holds the file rewrites entry #2, recomputes the chain, builds the day's register again and signs it with a key of their own.
    rewriteEntryTwo(desk.dbFile);
    const ownKey = path.join(desk.dataDir, 'own.key');
    const ownCert = path.join(desk.dataDir, 'own.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', ownKey, '-out', ownCert, '-days', '30', '-subj', '/CN=Samira Alaoui', '-addext', 'keyUsage=critical,nonRepudiation,digitalSignature'], { stdio: 'pipe' });
    const key = crypto.createPrivateKey(fs.readFileSync(ownKey));
    const certificate = new crypto.X509Certificate(fs.readFileSync(ownCert)).raw;
    // A software signer: PKCS#1 v1.5 over the SHA-256 DigestInfo, as a card would.
    const ownSigner = { certificate, chain: [], algorithm: 'RSA_PKCS1_SHA256' as const, signDigest: async (digest: Buffer) => crypto.privateEncrypt({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), digest])) };
    const opened = await openDatabase(desk.dbFile);
    try {
      const row = await opened.db.selectFrom('daily_registers').selectAll().executeTakeFirstOrThrow();
      const register = await buildDailyRegister(opened.db, { courtId: row.court_id, courtDate: row.court_date, deviceId: row.device_id });
      const bytes = dailyRegisterBytes(register);
      const cms = (await signCadesDetached(crypto.createHash('sha256').update(bytes).digest(), ownSigner)).toString('base64');
      await opened.db.updateTable('daily_registers').set({ register_json: bytes.toString('utf8'), signature: cms, head_seq: register.head.seq, head_hash: register.head.hash }).where('id', '=', row.id).execute();
    } finally {
      await opened.close();
    }
    // Without anchors the forgery holds together (the signature is sound, the chain matches it), and the CLI says what it could not check.
    const unchecked = await cli(['audit-verify', '--db', desk.dbFile]);
    expect(unchecked.out).toContain("The registers' signers were not checked against trust anchors (set MAHKAMA_TRUST_ANCHORS)");
    // With the court's anchors it is caught, in the operator's language.
    const caught = await cli(['audit-verify', '--db', desk.dbFile], { MAHKAMA_TRUST_ANCHORS: anchors });
    expect(caught.out).toContain('audit chain OK');
    expect(caught.out).toContain(`The register of ${today} is signed by a certificate that does not chain to the trust anchors: it proves nothing.`);
    expect(caught.code).toBe(1);
    const inArabic = await cli(['audit-verify', '--db', desk.dbFile], { MAHKAMA_TRUST_ANCHORS: anchors, MAHKAMA_LANG: 'ar' });
    expect(inArabic.out).toContain(`سجل يوم ${today} موقع بشهادة لا تنتهي إلى أي مرجع ثقة`);
    expect(inArabic.out).toContain('سلسلة التدقيق سليمة: 4 قيدًا');
  });

  it('refused with a typed reason and nothing written: a second close of the day, a clerk, a register of another day, a forged signature', async () => {
    const desk = await deskWithADay();
    const today = courtLocalNow(new Date()).date;
    expect((await cli(['close-day', '--db', desk.dbFile, '--user', 'greffier.chef', '--token', 'chief'])).code).toBe(0);
    const again = await cli(['close-day', '--db', desk.dbFile, '--user', 'greffier.chef', '--token', 'chief', '--date', today]);
    expect(again.code).toBe(2);
    expect(again.out).toContain('RULE_VIOLATION');
    expect(again.out).toContain(`The register of ${today} is already signed`);
    const byClerk = await cli(['close-day', '--db', desk.dbFile, '--user', 'hicham.clerk', '--token', 'chief', '--date', '2026-01-05']);
    expect(byClerk.code).toBe(2);
    expect(byClerk.out).toContain('FORBIDDEN');
    const badPassword = await cli(['close-day', '--db', desk.dbFile, '--user', 'greffier.chef', '--token', 'chief', '--date', '2026-01-05'], { MAHKAMA_PASSWORD: 'wrong' });
    expect(badPassword.code).toBe(2);
    expect(badPassword.out).toContain('BAD_CREDENTIALS');
    expect(rowCount(desk.dbFile, 'daily_registers')).toBe(1);
    // A mistyped --db makes nothing there: no database, no folder, no lock.
    const typo = path.join(path.dirname(desk.dbFile), 'no-such-folder', 'mahkama.db');
    const mistyped = await cli(['close-day', '--db', typo, '--user', 'greffier.chef', '--token', 'chief']);
    expect(mistyped.code).toBe(2);
    expect(mistyped.out).toContain(`DB_UNAVAILABLE: There is no database file at ${typo}`);
    expect(fs.existsSync(path.dirname(typo))).toBe(false);

    // Straight through the command: what it is given is checked, not trusted.
    const opened = await openDatabase(desk.dbFile);
    try {
      const signer = await openSigner(client, { module, token: { label: 'chief' }, pin: '2468' });
      const chief = { userId: desk.chiefId, roles: ['chief_clerk' as const] };
      const env = { ...desk.env, clock: desk.env.clock };
      const past = '2026-01-05';
      const register = await buildDailyRegister(opened.db, { courtId: env.courtId, courtDate: past, deviceId: env.deviceId });
      const bytes = dailyRegisterBytes(register);
      const cms = (await signCadesDetached(crypto.createHash('sha256').update(bytes).digest(), signer)).toString('base64');
      const run = (args: unknown) => runCommand(opened.db, env, chief, 'recordDailyRegister', args).catch((e: unknown) => e as AppError);
      // The register is of another day than the one named.
      expect(await run({ courtDate: '2026-01-06', registerJson: bytes.toString('utf8'), signature: cms })).toMatchObject({ code: 'RULE_VIOLATION', i18nKey: 'errors.rule.dailyRegisterMismatch' });
      // One byte of the JSON changed after signing (still canonical): the signature no longer covers it.
      const forged = bytes.toString('utf8').replace(`"courtDate":"${past}"`, '"courtDate":"2026-01-07"');
      expect(await run({ courtDate: '2026-01-07', registerJson: forged, signature: cms })).toMatchObject({ code: 'RULE_VIOLATION', i18nKey: 'errors.rule.dailyRegisterSignatureInvalid' });
      // Not JSON of a register at all, and a day not come yet.
      expect(await run({ courtDate: past, registerJson: '{"a":1}', signature: cms })).toMatchObject({ i18nKey: 'errors.rule.dailyRegisterMismatch' });
      expect(await run({ courtDate: '2999-01-01', registerJson: bytes.toString('utf8'), signature: cms })).toMatchObject({ i18nKey: 'errors.rule.dailyRegisterInFuture' });
      // Bad input: the schema says which field.
      expect(await run({ courtDate: past, registerJson: bytes.toString('utf8'), signature: 'not base64!' })).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(rowCount(desk.dbFile, 'daily_registers')).toBe(1);
      // The genuine one, for a past day, is kept.
      const kept = await runCommand(opened.db, env, chief, 'recordDailyRegister', { courtDate: past, registerJson: bytes.toString('utf8'), signature: cms });
      expect(kept.entryCount).toBe(0);
    } finally {
      await opened.close();
    }
    expect(rowCount(desk.dbFile, 'daily_registers')).toBe(2);
  });
});
