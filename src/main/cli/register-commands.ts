// The signed daily register on the command line (ARCHITECTURE §6):
//   close-day [--date YYYY-MM-DD] --user NAME --token LABEL [--module LIB.so] [--serial S] [--key-id ID] [--pss] [--db PATH]
//       the chief clerk signs the day's register with the card; the user's password comes from
//       MAHKAMA_PASSWORD or the terminal, the PIN from MAHKAMA_PIN or the terminal, never arguments.
//       The app must be closed (the data folder's lock says so).
//   audit-verify [--db PATH]
//       the chain (as `audit verify`) and, beyond it, the chain against every register this desk
//       signed: an entry rewritten before a signed head, even with every later hash recomputed, is
//       named with the day whose register it contradicts. Exit 0 intact, 1 broken.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkChainAgainstRegisters, COURT_ID_SETTING, verifyAuditChain, type Actor, type CommandEnv, type RegisterCheck } from '../../domain';
import { rolesOf } from '../../domain/users';
import { AppError } from '../../shared/errors';
import type { Language } from '../../shared/enums';
import { HlcClock } from '../../shared/hlc';
import { signerTrustedBy } from '../../signatures/cms-verify';
import { readTrustAnchorsDir } from '../../signatures/trust-anchors';
import { openDatabase, requireDatabaseFile } from '../../store/sqlite/open-database';
import { DB_FILE_NAME } from '../services/app-service';
import { verifyPassword } from '../services/auth';
import { loadConfig } from '../services/config';
import { acquireLock, lockFileFor } from '../services/lock';
import { closeCourtDay } from '../services/registers/close-day';
import { loadDeskSettings } from '../services/settings';
import { startTokenServiceClient } from '../services/signing/token-service-entry';
import { catalogueMessage } from './messages';
import { openCliSigner, SigningUsageError, type SigningCliIo } from './signing-commands';

export const REGISTER_USAGE = `  mahkama close-day [--date YYYY-MM-DD] --user NAME --token LABEL [--module LIB.so] [--serial SERIAL] [--key-id ID] [--pss] [--db PATH]
  mahkama audit-verify [--db PATH]
The password comes from MAHKAMA_PASSWORD or is asked on the terminal.`;

export function isRegisterCommand(argv: string[]): boolean {
  return argv[0] === 'close-day' || argv[0] === 'audit-verify';
}

function dbFileOf(values: { db?: string | undefined }, io: SigningCliIo): string {
  return path.resolve(values.db ?? path.join(loadConfig(io.env).dataDir, DB_FILE_NAME));
}

async function closeDay(argv: string[], io: SigningCliIo, lang: Language): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        date: { type: 'string' },
        user: { type: 'string' },
        token: { type: 'string' },
        module: { type: 'string' },
        serial: { type: 'string' },
        'key-id': { type: 'string' },
        pss: { type: 'boolean' },
        db: { type: 'string' },
        pin: { type: 'string' },
        password: { type: 'string' },
      },
    });
  } catch (err) {
    throw new SigningUsageError((err as Error).message);
  }
  const { values } = parsed;
  if (values.pin !== undefined || values.password !== undefined) throw new SigningUsageError('close-day: a PIN or password is never an argument: set MAHKAMA_PIN / MAHKAMA_PASSWORD or type them when asked');
  if (values.user === undefined || values.token === undefined) throw new SigningUsageError('close-day: expected --user NAME and --token LABEL');
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new SigningUsageError('close-day: --date is YYYY-MM-DD');
  const dbFile = dbFileOf(values, io);
  requireDatabaseFile(dbFile);
  const lock = acquireLock(lockFileFor(dbFile));
  try {
    const opened = await openDatabase(dbFile);
    try {
      const db = opened.db;
      const { settings } = await loadDeskSettings(db);
      const courtId = (await db.selectFrom('settings').select('value').where('key', '=', COURT_ID_SETTING).executeTakeFirst())?.value;
      if (!courtId) throw new AppError('NOT_SET_UP', 'errors.setup.notDone');
      const user = await db.selectFrom('users').selectAll().where('username', '=', values.user).where('court_id', '=', courtId).executeTakeFirst();
      const password = io.env.MAHKAMA_PASSWORD || (await io.askSecret?.(catalogueMessage(lang, 'signing.cli.passwordPrompt', { user: values.user }))) || '';
      if (!user || user.active !== 1 || !(await verifyPassword(user.password_hash, password))) throw new AppError('BAD_CREDENTIALS', 'errors.auth.badCredentials');
      const actor: Actor = { userId: user.id, roles: rolesOf(user) };
      const last = await db.selectFrom('audit').select('hlc').orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const now = () => new Date();
      const env: CommandEnv = {
        deviceId: settings.deviceId,
        deviceTag: settings.deviceTag,
        courtId,
        clock: new HlcClock(settings.deviceId, () => now().getTime(), last?.hlc),
        now,
        numbering: settings.numberingMode,
      };
      const client = io.tokenService ?? startTokenServiceClient(io.env, loadConfig(io.env));
      try {
        const signer = await openCliSigner(client, io, lang, { module: values.module, token: values.token, serial: values.serial, keyId: values['key-id'], pss: values.pss === true });
        const closed = await closeCourtDay({ db, env, actor, signer, ...(values.date !== undefined ? { courtDate: values.date } : {}) });
        io.out(catalogueMessage(lang, 'signing.cli.dayClosed', { date: closed.courtDate, count: closed.entryCount, seq: closed.headSeq, hash: closed.headHash, subject: closed.signerSubject }));
        return 0;
      } finally {
        if (!io.tokenService) await client.close();
      }
    } finally {
      await opened.close();
    }
  } finally {
    lock.release();
  }
}

function breakText(lang: Language, c: RegisterCheck): string {
  const b = c.broken!;
  switch (b.kind) {
    case 'entryRewritten':
      return catalogueMessage(lang, 'signing.cli.registerEntryRewritten', { date: c.courtDate, seq: b.seq });
    case 'entryMissing':
      return catalogueMessage(lang, 'signing.cli.registerEntryMissing', { date: c.courtDate, seq: b.seq });
    case 'registerAltered':
      return catalogueMessage(lang, 'signing.cli.registerAltered', { date: c.courtDate, reason: b.reason });
    case 'signatureInvalid':
      return catalogueMessage(lang, 'signing.cli.registerSignatureInvalid', { date: c.courtDate, reason: b.reason });
    case 'signerUntrusted':
      return catalogueMessage(lang, `signing.cli.registerSigner.${b.reason}`, { date: c.courtDate });
  }
}

/**
 * The chain, then the chain against the signed registers; the lines to print and whether all holds.
 * With trust anchors (MAHKAMA_TRUST_ANCHORS) each register's signer must chain to one: a register
 * signed with a key of someone's own proves nothing. Without them the signers are not checked, and
 * a line says so.
 */
export async function auditVerifyWithRegisters(dbFile: string, lang: Language, trustAnchorsDir: string | null): Promise<{ ok: boolean; lines: string[] }> {
  const opened = await openDatabase(dbFile, { readonly: true });
  try {
    const lines: string[] = [];
    const chain = await verifyAuditChain(opened.db);
    let ok = chain.ok;
    if (chain.ok) lines.push(catalogueMessage(lang, 'signing.cli.auditChainOk', { checked: chain.checked }));
    else lines.push(catalogueMessage(lang, 'signing.cli.auditChainBroken', { seq: chain.firstBroken.seq, reason: chain.firstBroken.reason }));
    const device = await opened.db.selectFrom('settings').select('value').where('key', '=', 'device_id').executeTakeFirst();
    const anchors = readTrustAnchorsDir(trustAnchorsDir);
    const checks = device ? await checkChainAgainstRegisters(opened.db, device.value, anchors.length > 0 ? signerTrustedBy(anchors) : undefined) : [];
    if (checks.length > 0 && anchors.length === 0) lines.push(catalogueMessage(lang, 'signing.cli.registerSignersUnchecked'));
    for (const c of checks) {
      if (c.broken) {
        ok = false;
        lines.push(breakText(lang, c));
      } else if (!chain.ok && chain.firstBroken.seq <= c.headSeq) {
        // The chain breaks before a head that still matches: the break is inside the signed span.
        ok = false;
        lines.push(catalogueMessage(lang, 'signing.cli.registerEntryRewritten', { date: c.courtDate, seq: chain.firstBroken.seq }));
      } else lines.push(catalogueMessage(lang, 'signing.cli.registerOk', { date: c.courtDate, seq: c.headSeq, count: c.checked }));
    }
    return { ok, lines };
  } finally {
    await opened.close();
  }
}

async function auditVerify(argv: string[], io: SigningCliIo, lang: Language): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, options: { db: { type: 'string' } } });
  } catch (err) {
    throw new SigningUsageError((err as Error).message);
  }
  const outcome = await auditVerifyWithRegisters(dbFileOf(parsed.values, io), lang, loadConfig(io.env).trustAnchorsDir);
  for (const l of outcome.lines) io.out(l);
  return outcome.ok ? 0 : 1;
}

export async function runRegisterCommand(argv: string[], io: SigningCliIo, lang: Language): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'close-day') return closeDay(rest, io, lang);
  return auditVerify(rest, io, lang);
}
