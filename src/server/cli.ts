// The server's admin CLI (`npm run server -- <command>`), for the person who runs the server:
//   create-court          a court, its chambers and its first administrator
//   create-chamber        a chamber added to a court
//   create-user           a user of a court, with roles
//   issue-enrolment-code  a one-time code a workstation enrols with (shown once)
//   list-devices          enrolled workstations
//   revoke-device         a device's credential and sessions stop at once
//   audit-verify          each court's audit chain holds (exit 1 when one does not)
//   list-conflicts        the conflicts waiting for a person
//   report-blocks         blocks of serials granted to devices, used and unused
//   backup                an online copy of the SQLite database, checked before it is kept
// Courts and users are domain commands through the one write path (runCommand with the court
// journal), run with no user (OPERATOR_COMMANDS): the audit names the operator by the device id the
// CLI runs as, `cli:<operating-system account>`. A password is never an argument: it comes from
// MAHKAMA_NEW_PASSWORD or is typed at the terminal (not echoed). Output is in MAHKAMA_LANG (ar, fr,
// en; default en like the server's console); every problem is listed at once. Exit codes: 0 done,
// 1 refused or could not run (each problem printed), 2 usage.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { checkCourtRegisters, courtJournal, runCommand, type CommandEnv, type Db } from '../domain';
import { LANGUAGES, ROLES, type Language } from '../shared/enums';
import { AppError, toAppError, type FieldIssue } from '../shared/errors';
import { HlcClock } from '../shared/hlc';
import { ID_PATTERN, newId } from '../shared/ids';
import { catalogueMessage } from '../shared/i18n/message';
import { commandSchemas } from '../shared/schemas/commands';
import { LIMITS, newPasswordSchema, text } from '../shared/schemas/common';
import { formatEnrolmentCode } from '../shared/schemas/server-auth';
import type { ConflictField } from '../shared/schemas/sync';
import { configProblemLines, loadServerConfig } from './config';
import { DEFAULT_ENROLMENT_CODE_TTL_HOURS, issueEnrolmentCode, listDevices, MAX_ENROLMENT_CODE_TTL_HOURS, revokeDevice } from './auth/devices';
import { hashPassword } from './auth/passwords';
import { courtsOf, deviceBlockUse, openConflicts, verifyCourtChains, type CourtRef } from './reports/operator-reports';
import { extensionJobsDone, extensionJobsNotDone, retryExtensionJob } from './ltv/extension-jobs';
import { signerTrustedBy } from '../signatures/cms-verify';
import { readTrustAnchorsDir } from '../signatures/trust-anchors';
import { openServerStore, type ServerStore } from './store';

export const ADMIN_COMMANDS = [
  'create-court',
  'create-user',
  'issue-enrolment-code',
  'list-devices',
  'revoke-device',
  'audit-verify',
  'list-conflicts',
  'resolve-conflict',
  'report-blocks',
  'create-chamber',
  'backup',
  'list-extension-jobs',
  'retry-extension-job',
] as const;
type AdminCommand = (typeof ADMIN_COMMANDS)[number];

export const PASSWORD_ENV = 'MAHKAMA_NEW_PASSWORD';

export interface AdminIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Reads a password typed at the terminal without echo; null when there is no terminal. */
  readPassword(prompt: string): Promise<string | null>;
  now?: () => Date;
  /** The folder a relative --out is taken from (the process's own by default). */
  cwd?: string;
}

/** A problem to print: where (an option, or nothing) and the catalogue message. */
interface Problem {
  option?: string;
  key: string;
  params?: Record<string, string | number>;
}

class Refused extends Error {
  constructor(readonly problems: Problem[]) {
    super('refused');
  }
}

/** The operator as the audit names them: the CLI's device id. */
export function operatorId(): string {
  let account = 'operator';
  try {
    account = os.userInfo().username;
  } catch {
    // No account name (a container's numeric user): the generic name still says it was the CLI.
  }
  return `cli:${account.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || 'operator'}`;
}

/** Where the operator's commands run: the court's journal, the CLI as the device. */
export function operatorEnv(courtId: string, now: () => Date = () => new Date()): CommandEnv {
  const operator = operatorId();
  return {
    deviceId: operator,
    deviceTag: 'ADMIN',
    courtId,
    clock: new HlcClock(operator, () => now().getTime()),
    now,
    numbering: 'server',
    journal: courtJournal(),
  };
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  code: { type: 'string' },
  'name-ar': { type: 'string' },
  'name-fr': { type: 'string' },
  chamber: { type: 'string', multiple: true },
  'admin-username': { type: 'string' },
  'admin-name': { type: 'string' },
  court: { type: 'string' },
  username: { type: 'string' },
  name: { type: 'string' },
  roles: { type: 'string' },
  'device-name': { type: 'string' },
  'ttl-hours': { type: 'string' },
  device: { type: 'string' },
  conflict: { type: 'string' },
  keep: { type: 'string', multiple: true },
  out: { type: 'string' },
  file: { type: 'string' },
} as const;
type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const REQUIRED: Record<AdminCommand, (keyof typeof OPTIONS)[]> = {
  'create-court': ['code', 'name-ar', 'name-fr', 'chamber', 'admin-username', 'admin-name'],
  'create-chamber': ['court', 'code', 'name-ar', 'name-fr'],
  'create-user': ['court', 'username', 'name', 'roles'],
  'issue-enrolment-code': ['court', 'device-name'],
  'list-devices': [],
  'revoke-device': ['device'],
  'audit-verify': [],
  'list-conflicts': [],
  'resolve-conflict': ['conflict', 'keep'],
  'report-blocks': [],
  backup: ['out'],
  'list-extension-jobs': [],
  'retry-extension-job': ['file'],
};
const ALLOWED: Record<AdminCommand, (keyof typeof OPTIONS)[]> = {
  ...REQUIRED,
  'issue-enrolment-code': ['court', 'device-name', 'ttl-hours'],
  'list-devices': ['court'],
  'audit-verify': ['court'],
  'list-conflicts': ['court'],
  'report-blocks': ['court'],
  'list-extension-jobs': ['court'],
};

/** The option a field of a command's arguments came from, for the problem's line. */
function optionOfPath(command: AdminCommand, path: readonly (string | number)[]): string | undefined {
  const p = path.join('.');
  if (command === 'create-court') {
    if (path[0] === 'chambers') return typeof path[1] === 'number' ? `--chamber #${path[1] + 1}` : '--chamber';
    const map: Record<string, string> = {
      'court.code': '--code',
      'court.nameAr': '--name-ar',
      'court.nameFr': '--name-fr',
      'admin.username': '--admin-username',
      'admin.displayName': '--admin-name',
      'admin.passwordHash': PASSWORD_ENV,
    };
    return map[p];
  }
  if (command === 'create-chamber') return ({ code: '--code', nameAr: '--name-ar', nameFr: '--name-fr' } as Record<string, string>)[p];
  const map: Record<string, string> = { username: '--username', displayName: '--name', roles: '--roles', passwordHash: PASSWORD_ENV };
  return map[p.split('.')[0] ?? ''];
}

function fieldProblems(command: AdminCommand, fields: readonly FieldIssue[] | undefined): Problem[] {
  return (fields ?? []).map((f) => ({
    ...(optionOfPath(command, f.path) ? { option: optionOfPath(command, f.path)! } : {}),
    key: f.i18nKey,
    ...(f.params ? { params: f.params } : {}),
  }));
}

/** A chamber as typed: CODE:Arabic name:French name (names hold no colon). */
function parseChamber(s: string): { code: string; nameAr: string; nameFr: string } | null {
  const parts = s.split(':');
  return parts.length === 3 ? { code: parts[0]!.trim(), nameAr: parts[1]!, nameFr: parts[2]! } : null;
}

/** A well-formed hash standing in for the password while the other fields are checked. */
const PLACEHOLDER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$cGxhY2Vob2xkZXI$cGxhY2Vob2xkZXJwbGFjZWhvbGRlcg';

async function newPassword(io: AdminIo, username: string, problems: Problem[]): Promise<string | null> {
  let password = io.env[PASSWORD_ENV];
  if (password === undefined || password === '') {
    const first = await io.readPassword(catalogueMessage(langOf(io), 'server.cli.passwordPrompt', { username }));
    if (first === null) {
      problems.push({ option: PASSWORD_ENV, key: 'server.cli.passwordMissing' });
      return null;
    }
    const again = await io.readPassword(catalogueMessage(langOf(io), 'server.cli.passwordAgain'));
    if (again !== first) {
      problems.push({ option: PASSWORD_ENV, key: 'server.cli.passwordMismatch' });
      return null;
    }
    password = first;
  }
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) {
    problems.push({ option: PASSWORD_ENV, key: 'errors.field.tooShort', params: { min: LIMITS.password.min } });
    if (password.length > LIMITS.password.max) problems.splice(-1, 1, { option: PASSWORD_ENV, key: 'errors.field.tooLong', params: { max: LIMITS.password.max } });
    return null;
  }
  return password;
}

function langOf(io: AdminIo): Language {
  const l = io.env.MAHKAMA_LANG?.trim();
  return (LANGUAGES as readonly string[]).includes(l ?? '') ? (l as Language) : 'en';
}

async function courtByCode(db: Db, code: string | undefined, problems: Problem[]): Promise<{ id: string; code: string } | null> {
  if (code === undefined) return null;
  const court = await db.selectFrom('courts').select(['id', 'code']).where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
  if (!court) problems.push({ option: '--court', key: 'server.cli.noSuchCourt', params: { code } });
  return court ?? null;
}

function rolesOf(s: string | undefined): string[] {
  return (s ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
}

async function createCourt(db: Db, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const chambers = (v.chamber ?? []).map((c, i) => {
    const parsed = parseChamber(c);
    if (!parsed) problems.push({ option: `--chamber #${i + 1}`, key: 'server.cli.chamberFormat' });
    // A well-formed stand-in, so the unreadable chamber is reported once, by its format.
    return parsed ?? { code: `X${i}`, nameAr: 'غرفة', nameFr: 'Chambre' };
  });
  const args = {
    court: { code: v.code ?? '', nameAr: v['name-ar'] ?? '', nameFr: v['name-fr'] ?? '' },
    chambers,
    admin: { username: v['admin-username'] ?? '', displayName: v['admin-name'] ?? '', passwordHash: PLACEHOLDER_HASH },
  };
  const checked = commandSchemas.createCourt.args.safeParse(args, { reportInput: true });
  if (!checked.success) problems.push(...fieldProblems('create-court', toAppError(checked.error).fields));
  const password = await newPassword(io, args.admin.username, problems);
  if (problems.length > 0 || password === null) throw new Refused(problems);
  const now = io.now ?? (() => new Date());
  const courtId = newId();
  const result = await runCommand(db, operatorEnv(courtId, now), null, 'createCourt', { ...args, admin: { ...args.admin, passwordHash: await hashPassword(password) } });
  return [catalogueMessage(langOf(io), 'server.cli.courtCreated', { code: args.court.code, courtId: result.courtId, username: args.admin.username })];
}

async function createUser(db: Db, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const court = await courtByCode(db, v.court, problems);
  const args = { username: v.username ?? '', displayName: v.name ?? '', roles: rolesOf(v.roles), passwordHash: PLACEHOLDER_HASH };
  const checked = commandSchemas.createCourtUser.args.safeParse(args, { reportInput: true });
  if (!checked.success) problems.push(...fieldProblems('create-user', toAppError(checked.error).fields));
  const password = await newPassword(io, args.username, problems);
  if (problems.length > 0 || password === null || !court) throw new Refused(problems);
  const now = io.now ?? (() => new Date());
  const result = await runCommand(db, operatorEnv(court.id, now), null, 'createCourtUser', { ...args, passwordHash: await hashPassword(password) });
  return [catalogueMessage(langOf(io), 'server.cli.userCreated', { username: args.username, court: court.code, userId: result.userId, roles: args.roles.join(', ') })];
}

async function createChamber(db: Db, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const court = await courtByCode(db, v.court, problems);
  const args = { code: (v.code ?? '').trim(), nameAr: v['name-ar'] ?? '', nameFr: v['name-fr'] ?? '' };
  const checked = commandSchemas.createChamber.args.safeParse(args, { reportInput: true });
  if (!checked.success) problems.push(...fieldProblems('create-chamber', toAppError(checked.error).fields));
  if (problems.length > 0 || !court) throw new Refused(problems);
  const now = io.now ?? (() => new Date());
  const result = await runCommand(db, operatorEnv(court.id, now), null, 'createChamber', args);
  return [catalogueMessage(langOf(io), 'server.cli.chamberCreated', { code: args.code, court: court.code, chamberId: result.chamberId })];
}

/** The backup's file: new, in a folder that exists (checked again, without a race, when it is kept). */
function backupTarget(v: Values, io: AdminIo, problems: Problem[]): string {
  const file = path.resolve(io.cwd ?? process.cwd(), v.out ?? '');
  const folder = path.dirname(file);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) problems.push({ option: '--out', key: 'server.cli.backupFolderMissing', params: { folder } });
  else if (fs.existsSync(file)) problems.push({ option: '--out', key: 'server.cli.backupExists', params: { file } });
  return file;
}

async function backup(store: ServerStore, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const file = backupTarget(v, io, problems);
  if (!store.backup) problems.push({ key: 'server.cli.backupPostgres' });
  if (problems.length > 0 || !store.backup) throw new Refused(problems);
  const done = await store.backup(file);
  return [catalogueMessage(langOf(io), 'server.cli.backupDone', { file: done.file, size: done.sizeBytes })];
}

const ttlSchema = z.coerce.number().int().min(1).max(MAX_ENROLMENT_CODE_TTL_HOURS);

async function issueCode(db: Db, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const court = await courtByCode(db, v.court, problems);
  const name = text(LIMITS.name).safeParse(v['device-name'] ?? '', { reportInput: true });
  if (!name.success) problems.push(...(toAppError(name.error).fields ?? []).map((f) => ({ option: '--device-name', key: f.i18nKey, ...(f.params ? { params: f.params } : {}) })));
  const ttl = ttlSchema.safeParse(v['ttl-hours'] ?? DEFAULT_ENROLMENT_CODE_TTL_HOURS);
  if (!ttl.success) problems.push({ option: '--ttl-hours', key: 'server.cli.ttlRange', params: { max: MAX_ENROLMENT_CODE_TTL_HOURS } });
  if (problems.length > 0 || !court || !name.success || !ttl.success) throw new Refused(problems);
  const now = (io.now ?? (() => new Date()))();
  const issued = await issueEnrolmentCode(db, { courtId: court.id, deviceName: name.data, createdBy: operatorId(), ttlHours: ttl.data, now });
  return [
    catalogueMessage(langOf(io), 'server.cli.codeIssued', { device: name.data, court: court.code, expiresAt: issued.expiresAt }),
    formatEnrolmentCode(issued.code),
  ];
}

async function listAll(db: Db, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const court = v.court === undefined ? null : await courtByCode(db, v.court, problems);
  if (problems.length > 0) throw new Refused(problems);
  const devices = await listDevices(db, court?.id);
  const lang = langOf(io);
  if (devices.length === 0) return [catalogueMessage(lang, 'server.cli.noDevices')];
  return devices.map((d) =>
    catalogueMessage(lang, d.revokedAt ? 'server.cli.deviceLineRevoked' : 'server.cli.deviceLine', {
      tag: d.tag,
      id: d.id,
      court: d.courtCode,
      name: d.name,
      enrolledAt: d.enrolledAt,
      lastSeenAt: d.lastSeenAt ?? '-',
      revokedAt: d.revokedAt ?? '',
    }),
  );
}

/** The court --court names, or every court; a code that names none is a problem. */
async function courtsNamed(db: Db, v: Values, problems: Problem[]): Promise<CourtRef[]> {
  const court = v.court === undefined ? null : await courtByCode(db, v.court, problems);
  if (problems.length > 0) throw new Refused(problems);
  return courtsOf(db, court?.id);
}

/** Lines and whether every chain holds (exit 1 otherwise: a broken chain is not a success). */
async function auditVerify(db: Db, v: Values, io: AdminIo, problems: Problem[], trustAnchorsDir: string | null): Promise<{ lines: string[]; ok: boolean }> {
  const lang = langOf(io);
  const courts = await courtsNamed(db, v, problems);
  const verdicts = await verifyCourtChains(db, courts);
  const lines = verdicts.map(({ court, verdict }) =>
    verdict.ok
      ? catalogueMessage(lang, 'server.cli.auditOk', { court: court.code, checked: verdict.checked })
      : catalogueMessage(lang, 'server.cli.auditBroken', { court: court.code, seq: verdict.firstBroken.seq, reason: verdict.firstBroken.reason }),
  );
  // The chief clerks' signed registers of each court (§6): their signatures, and the court's chain against what they signed.
  let registersHold = true;
  const anchors = readTrustAnchorsDir(trustAnchorsDir);
  const trust = anchors.length > 0 ? signerTrustedBy(anchors) : undefined;
  let registers = 0;
  for (const court of courts) {
    for (const c of await checkCourtRegisters(db, court.id, trust)) {
      registers++;
      if (c.broken) registersHold = false;
      lines.push(
        c.broken?.kind === 'signerUntrusted'
          ? catalogueMessage(lang, `server.cli.registerSigner.${c.broken.reason}`, { court: court.code, date: c.courtDate })
          : c.broken
          ? catalogueMessage(lang, 'server.cli.registerBroken', { court: court.code, date: c.courtDate, reason: c.broken.kind === 'entryRewritten' || c.broken.kind === 'entryMissing' ? `${c.broken.kind} #${c.broken.seq}` : `${c.broken.kind}: ${c.broken.reason}` })
          : catalogueMessage(lang, 'server.cli.registerOk', { court: court.code, date: c.courtDate, checked: c.checked }),
      );
    }
  }
  if (registers > 0 && !trust) lines.push(catalogueMessage(lang, 'server.cli.registerSignersUnchecked'));
  return { ok: registersHold && verdicts.every((x) => x.verdict.ok), lines };
}

async function listConflicts(db: Db, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const courts = await courtsNamed(db, v, problems);
  const lang = langOf(io);
  const conflicts = await openConflicts(db, v.court === undefined ? undefined : courts[0]?.id);
  if (conflicts.length === 0) return [catalogueMessage(lang, 'server.cli.noConflicts')];
  return conflicts.map((c) =>
    catalogueMessage(lang, 'server.cli.conflictLine', { id: c.id, createdAt: c.createdAt, court: c.courtCode, name: c.name, entity: c.entity, entityId: c.entityId, fields: c.fields.join(', '), device: c.deviceId, mutation: c.mutationId }),
  );
}

const CHOICES = ['base', 'mine', 'theirs'] as const;

/**
 * resolve-conflict --conflict ID --keep mine|theirs|base (every field), or --keep FIELD=CHOICE per
 * field: the same resolveConflict command a clerk's desk runs, with the operator as its author.
 */
async function resolveOne(db: Db, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const id = (v.conflict ?? '').trim();
  const row = ID_PATTERN.test(id) ? await db.selectFrom('conflicts').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) problems.push({ option: '--conflict', key: 'server.cli.noSuchConflict', params: { id: id.slice(0, 64) } });
  else if (row.status !== 'open') problems.push({ option: '--conflict', key: 'errors.rule.conflictAlreadyResolved' });
  const fields = row ? (JSON.parse(row.fields) as ConflictField[]) : [];
  const chosen = new Map<string, (typeof CHOICES)[number]>();
  for (const keep of v.keep ?? []) {
    const [field, choice] = keep.includes('=') ? [keep.slice(0, keep.indexOf('=')), keep.slice(keep.indexOf('=') + 1)] : [null, keep];
    if (!(CHOICES as readonly string[]).includes(choice)) {
      problems.push({ option: '--keep', key: 'server.cli.badChoice', params: { value: keep.slice(0, 64), choices: CHOICES.join(', ') } });
      continue;
    }
    const c = choice as (typeof CHOICES)[number];
    if (field === null) for (const f of fields) chosen.set(f.field, c);
    else if (row && !fields.some((f) => f.field === field)) problems.push({ option: '--keep', key: 'errors.rule.conflictValueNotOffered', params: { field: field.slice(0, 64) } });
    else chosen.set(field, c);
  }
  for (const f of fields) if (row && !chosen.has(f.field)) problems.push({ option: '--keep', key: 'server.cli.fieldNotChosen', params: { field: f.field } });
  if (problems.length > 0 || !row) throw new Refused(problems);
  const values = Object.fromEntries(fields.map((f) => [f.field, f[chosen.get(f.field)!] ?? null]));
  const now = io.now ?? (() => new Date());
  const result = await runCommand(db, operatorEnv(row.court_id, now), null, 'resolveConflict', {
    conflictId: row.id,
    mutationId: Number(row.mutation_id),
    entity: row.entity,
    entityId: row.entity_id,
    values,
  });
  return [catalogueMessage(langOf(io), 'server.cli.conflictResolved', { id: row.id, entity: row.entity, entityId: row.entity_id, version: result.version, fields: fields.map((f) => `${f.field}=${chosen.get(f.field)}`).join(', ') })];
}

async function reportBlocks(db: Db, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const courts = await courtsNamed(db, v, problems);
  const lang = langOf(io);
  const blocks = await deviceBlockUse(db, v.court === undefined ? undefined : courts[0]?.id);
  if (blocks.length === 0) return [catalogueMessage(lang, 'server.cli.noBlocks')];
  return blocks.map((b) => catalogueMessage(lang, 'server.cli.blockLine', { court: b.courtCode, device: b.device, typeCode: b.typeCode, year: b.year, first: b.first, last: b.last, used: b.used, unused: b.unused }));
}

/** A stored problem's message: its params were not kept with it, so what the case number cannot fill reads as an ellipsis. */
function storedProblem(lang: Language, key: string, caseNumber: string): string {
  return catalogueMessage(lang, key, { number: caseNumber }).replace(/\{\{[^}]*\}\}/g, '…');
}

/** The server's long-term-validation work that is not done: waiting (with its last problem) and refused for good. */
async function listExtensionJobs(db: Db, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const courts = await courtsNamed(db, v, problems);
  const courtId = v.court === undefined ? undefined : courts[0]?.id;
  const lang = langOf(io);
  const rows = await extensionJobsNotDone(db, courtId);
  const lines = rows.map((r) =>
    catalogueMessage(lang, r.state === 'refused' ? 'server.cli.extensionJobRefused' : 'server.cli.extensionJobWaiting', {
      court: r.court_code,
      number: r.case_number,
      judgment: r.judgment_id,
      file: r.from_sha256,
      tries: r.tries,
      nextTryAt: r.next_try_at,
      problem: r.problem_key ? storedProblem(lang, r.problem_key, r.case_number) : '-',
    }),
  );
  lines.push(catalogueMessage(lang, 'server.cli.extensionJobsSummary', { waiting: rows.filter((r) => r.state === 'waiting').length, refused: rows.filter((r) => r.state === 'refused').length, done: await extensionJobsDone(db, courtId) }));
  return lines;
}

async function retryExtension(db: Db, v: Values, io: AdminIo, problems: Problem[]): Promise<string[]> {
  const file = (v.file ?? '').trim().toLowerCase();
  const row = /^[0-9a-f]{64}$/.test(file) ? await retryExtensionJob(db, file, (io.now ?? (() => new Date()))()) : null;
  if (!row) problems.push({ option: '--file', key: 'server.cli.noSuchExtensionJob', params: { file: file.slice(0, 64) } });
  else if (row.state === 'done') problems.push({ option: '--file', key: 'server.cli.extensionJobDone', params: { file } });
  if (problems.length > 0) throw new Refused(problems);
  return [catalogueMessage(langOf(io), 'server.cli.extensionJobRetried', { file })];
}

async function revoke(db: Db, v: Values, io: AdminIo): Promise<string[]> {
  const now = (io.now ?? (() => new Date()))();
  const { device, revokedTokens, wasRevoked } = await revokeDevice(db, (v.device ?? '').trim(), now);
  return [catalogueMessage(langOf(io), wasRevoked ? 'server.cli.deviceAlreadyRevoked' : 'server.cli.deviceRevoked', { tag: device.tag, name: device.name, sessions: revokedTokens })];
}

/** An option reported missing is not reported again as an empty field. */
function withoutEchoes(problems: readonly Problem[]): Problem[] {
  const missing = new Set(problems.filter((p) => p.key === 'server.cli.missingOption').map((p) => p.option));
  return problems.filter((p) => p.key === 'server.cli.missingOption' || !missing.has(p.option?.replace(/ #[0-9]+$/, '')));
}

function problemLine(lang: Language, p: Problem): string {
  const message = catalogueMessage(lang, p.key, p.params);
  return p.option ? `  - ${p.option}: ${message}` : `  - ${message}`;
}

function usage(lang: Language): string {
  return catalogueMessage(lang, 'server.cli.usage', { roles: ROLES.join(','), ttl: DEFAULT_ENROLMENT_CODE_TTL_HOURS });
}

/** Runs one admin command; resolves with the exit code. */
export async function runAdminCommand(argv: string[], io: AdminIo): Promise<number> {
  const lang = langOf(io);
  const rawLang = io.env.MAHKAMA_LANG?.trim();
  if (rawLang && !(LANGUAGES as readonly string[]).includes(rawLang)) {
    io.err(problemLine(lang, { option: 'MAHKAMA_LANG', key: 'server.cli.badLanguage', params: { languages: LANGUAGES.join(', ') } }));
    return 2;
  }
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (err) {
    io.err(catalogueMessage(lang, 'server.cli.badOptions', { problem: (err as Error).message }));
    io.err(usage(lang));
    return 2;
  }
  const [name, ...extra] = positionals;
  if (values.help && name === undefined) {
    io.out(usage(lang));
    return 0;
  }
  if (!name || !(ADMIN_COMMANDS as readonly string[]).includes(name)) {
    io.err(catalogueMessage(lang, 'server.unknownCommand', { command: argv.join(' '), commands: ADMIN_COMMANDS.join(', ') }));
    return 2;
  }
  const command = name as AdminCommand;
  if (values.help) {
    io.out(usage(lang));
    return 0;
  }
  const usageProblems: Problem[] = [];
  for (const extraArg of extra) usageProblems.push({ key: 'server.cli.unexpectedArgument', params: { argument: extraArg } });
  for (const given of Object.keys(values) as (keyof typeof OPTIONS)[]) {
    if (given !== 'help' && !ALLOWED[command].includes(given)) usageProblems.push({ option: `--${given}`, key: 'server.cli.optionNotForCommand', params: { command } });
  }
  const problems: Problem[] = [];
  for (const option of REQUIRED[command]) {
    const v = values[option];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) problems.push({ option: `--${option}`, key: 'server.cli.missingOption' });
  }
  if (usageProblems.length > 0) {
    io.err(catalogueMessage(lang, 'server.cli.refused'));
    for (const p of [...usageProblems, ...problems]) io.err(problemLine(lang, p));
    return 2;
  }

  let store: ServerStore;
  let trustAnchorsDir: string | null;
  try {
    const config = loadServerConfig(io.env);
    trustAnchorsDir = config.ltv.trustAnchorsDir;
    // Said before PostgreSQL is reached: its backup is pg_dump's, whether or not it answers now.
    if (command === 'backup' && config.databaseUrl !== null) {
      io.err(catalogueMessage(lang, 'server.cli.refused'));
      io.err(problemLine(lang, { key: 'server.cli.backupPostgres' }));
      return 1;
    }
    // Only a court's creation may make the store: any other command on a new one reads or changes nothing real.
    store = await openServerStore(config, { mustExist: command !== 'create-court' });
  } catch (err) {
    io.err(catalogueMessage(lang, 'server.cannotStart'));
    if (err instanceof AppError && err.code === 'CONFIG_INVALID') for (const l of configProblemLines(err)) io.err(`  - ${l}`);
    else io.err(problemLine(lang, { key: toAppError(err).i18nKey, ...(toAppError(err).params ? { params: toAppError(err).params! } : {}) }));
    return 1;
  }
  let chainsHold = true;
  try {
    const run = {
      'create-court': () => createCourt(store.db, values, io, problems),
      'create-chamber': () => createChamber(store.db, values, io, problems),
      'create-user': () => createUser(store.db, values, io, problems),
      'issue-enrolment-code': () => issueCode(store.db, values, io, problems),
      'list-devices': () => listAll(store.db, values, io, problems),
      'revoke-device': () => revoke(store.db, values, io),
      'audit-verify': async () => {
        const r = await auditVerify(store.db, values, io, problems, trustAnchorsDir);
        chainsHold = r.ok;
        return r.lines;
      },
      'list-conflicts': () => listConflicts(store.db, values, io, problems),
      'resolve-conflict': () => resolveOne(store.db, values, io, problems),
      'report-blocks': () => reportBlocks(store.db, values, io, problems),
      backup: () => backup(store, values, io, problems),
      'list-extension-jobs': () => listExtensionJobs(store.db, values, io, problems),
      'retry-extension-job': () => retryExtension(store.db, values, io, problems),
    }[command];
    // The other commands check their fields and list these problems with theirs.
    if (problems.length > 0 && (command === 'revoke-device' || command === 'list-devices' || command === 'backup')) throw new Refused(problems);
    for (const line of await run()) io.out(line);
    return chainsHold ? 0 : 1;
  } catch (err) {
    io.err(catalogueMessage(lang, 'server.cli.refused'));
    if (err instanceof Refused) {
      for (const p of withoutEchoes(err.problems)) io.err(problemLine(lang, p));
    } else {
      const e = toAppError(err);
      const fields = fieldProblems(command, e.fields);
      if (fields.length > 0) for (const p of fields) io.err(problemLine(lang, p));
      else io.err(problemLine(lang, { key: e.i18nKey, ...(e.params ? { params: e.params } : {}) }));
      if (e.code === 'INTERNAL') io.err(String((err as Error)?.stack ?? err));
    }
    return 1;
  } finally {
    await store.close();
  }
}

/** Reads a line from the terminal without echoing it; null when stdin is not a terminal. */
export function readHiddenLine(prompt: string): Promise<string | null> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.resolve(null);
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (value: string | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(typed);
        if (ch === '\u0003' || ch === '\u0004') return done(null);
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

