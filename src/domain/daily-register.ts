// The signed daily register (ARCHITECTURE §3 "What the chain proves", §6): at the close of a court
// day the chief clerk signs, with the card, the day's entries of this workstation's audit chain and
// the chain's head. A register is canonical JSON (the signed bytes, kept verbatim) with a
// CAdES-detached CMS over it; it is a synced record, so copies of each signed head live on every
// desk of the court and on the server, outside the file they anchor. Why JSON and not a PDF: what
// is signed must be re-read by a program, byte for byte, to compare with the chain; a canonical
// JSON is that, and `openssl cms -verify -binary -content register.json` checks it without us.
//
// What a register then proves: an entry at or before its head rewritten, removed or reordered —
// even with every later hash recomputed — no longer matches the signed hashes; `audit verify`
// names the day. This file checks signatures with node:crypto over the bytes as received; it never
// signs (the card is the desk's, src/main).
import crypto, { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { canonicalJson } from '../shared/canonical-json';
import { DAILY_REGISTER_FORMAT, dailyRegisterSchema, type DailyRegister } from '../shared/schemas/daily-register';
import { courtLocalNow } from './rules/court-calendar';
import type { Db, Tx } from './db-schema';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_SHA256_RSA = '1.2.840.113549.1.1.11';
const OID_RSA_PSS = '1.2.840.113549.1.1.10';
const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';

/** The register of `courtDate`: the desk chain's entries of that court day, and the head now. */
export async function buildDailyRegister(db: Db | Tx, opts: { courtId: string; courtDate: string; deviceId: string }): Promise<DailyRegister> {
  // wall_time is UTC ISO; the court day (Africa/Casablanca, UTC+0/+1) lies within a day either side.
  const from = new Date(`${opts.courtDate}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - 1);
  const to = new Date(`${opts.courtDate}T00:00:00Z`);
  to.setUTCDate(to.getUTCDate() + 2);
  const rows = await db
    .selectFrom('audit')
    .select(['seq', 'hlc', 'wall_time', 'user_id', 'command', 'hash'])
    .where('wall_time', '>=', from.toISOString())
    .where('wall_time', '<', to.toISOString())
    .orderBy('seq')
    .execute();
  const entries = rows
    .filter((r) => courtLocalNow(new Date(r.wall_time)).date === opts.courtDate)
    .map((r) => ({ seq: Number(r.seq), hlc: r.hlc, wallTime: r.wall_time, userId: r.user_id, command: r.command, hash: r.hash }));
  const tip = await db.selectFrom('audit').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return {
    format: DAILY_REGISTER_FORMAT,
    courtId: opts.courtId,
    courtDate: opts.courtDate,
    deviceId: opts.deviceId,
    head: { seq: tip ? Number(tip.seq) : 0, hash: tip?.hash ?? '0'.repeat(64) },
    entries,
  };
}

/** The bytes that are signed: the register's canonical JSON. */
export function dailyRegisterBytes(register: DailyRegister): Buffer {
  return Buffer.from(canonicalJson(register), 'utf8');
}

export type RegisterReading = { ok: true; register: DailyRegister } | { ok: false; reason: string };

/** Reads a register's JSON: well formed, of our format, and canonical (what was signed is what is stored). */
export function readDailyRegister(json: string): RegisterReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const r = dailyRegisterSchema.safeParse(parsed);
  if (!r.success) return { ok: false, reason: 'not a daily register' };
  if (canonicalJson(r.data) !== json) return { ok: false, reason: 'not canonical JSON' };
  return { ok: true, register: r.data };
}

export type SignatureReading = { ok: true; signerSubject: string; signerCertificate: Buffer; certificates: Buffer[] } | { ok: false; reason: string };

/**
 * Whether a register's signer is one the court trusts: its certificate chained to the admin's trust
 * anchors and valid when it signed. The signature alone proves only that someone holding that key
 * signed; without this, whoever holds the database file could rewrite the chain and sign new
 * registers with a key of their own. Given by the caller (src/signatures reads the anchors); the
 * domain does not read files.
 */
export type RegisterSignerTrust = (signer: { certificate: Buffer; certificates: readonly Buffer[]; signedAt: Date }) => { ok: true } | { ok: false; reason: SignerDistrust };

/** Why a signer is not trusted: no chain to an anchor, or a link of it not valid when the register was signed. */
export type SignerDistrust = 'notChained' | 'notValidWhenSigned';

function bytesOf(b: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(b);
}

/**
 * Checks a CAdES-detached CMS (base64 DER) over `content`: SHA-256 message digest of the content,
 * the signer's signature over the signed attributes as received (RSA PKCS#1 v1.5, RSA-PSS, ECDSA —
 * what the desk's cards make). Names the signer; whether the signer is trusted is the caller's.
 */
export function verifyDetachedSignature(content: Buffer, signatureBase64: string): SignatureReading {
  try {
    const der = Buffer.from(signatureBase64, 'base64');
    const parsed = asn1js.fromBER(bytesOf(der));
    if (parsed.offset === -1) return { ok: false, reason: 'not DER' };
    const ci = new pkijs.ContentInfo({ schema: parsed.result });
    if (ci.contentType !== OID_SIGNED_DATA) return { ok: false, reason: 'not a CMS SignedData' };
    const sd = new pkijs.SignedData({ schema: ci.content });
    const info = sd.signerInfos[0];
    if (!info?.signedAttrs || info.digestAlgorithm.algorithmId !== OID_SHA256) return { ok: false, reason: 'no SHA-256 signed attributes' };
    const md = info.signedAttrs.attributes.find((a) => a.type === OID_MESSAGE_DIGEST)?.values[0];
    if (!(md instanceof asn1js.OctetString) || !Buffer.from(md.valueBlock.valueHexView).equals(crypto.createHash('sha256').update(content).digest())) {
      return { ok: false, reason: 'the signed digest is not that of the register' };
    }
    const certs = (sd.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate);
    const sid = info.sid;
    const signer = sid instanceof pkijs.IssuerAndSerialNumber ? certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) : undefined;
    if (!signer) return { ok: false, reason: 'the signer\'s certificate is missing' };
    const certDer = Buffer.from(signer.toSchema().toBER());
    const x509 = new X509Certificate(certDer);
    const signed = Buffer.from(info.signedAttrs.encodedValue);
    signed[0] = 0x31; // signed as a SET OF, stored as [0] IMPLICIT
    const value = Buffer.from(info.signature.valueBlock.valueHexView);
    const alg = info.signatureAlgorithm.algorithmId;
    let ok: boolean;
    if (alg === OID_RSA || alg === OID_SHA256_RSA) ok = crypto.verify('sha256', signed, { key: x509.publicKey, padding: crypto.constants.RSA_PKCS1_PADDING }, value);
    else if (alg === OID_RSA_PSS) ok = crypto.verify('sha256', signed, { key: x509.publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, value);
    else if (alg === OID_ECDSA_SHA256) ok = crypto.verify('sha256', signed, x509.publicKey, value);
    else return { ok: false, reason: `signature algorithm ${alg} not supported` };
    if (!ok) return { ok: false, reason: 'the signature does not match the signer\'s certificate' };
    return { ok: true, signerSubject: x509.subject.split('\n').join(', '), signerCertificate: certDer, certificates: certs.map((c) => Buffer.from(c.toSchema().toBER())) };
  } catch {
    return { ok: false, reason: 'not a readable CMS' };
  }
}

/** Why a signed register contradicts the chain, or cannot itself be trusted. */
export type RegisterBreak =
  | { kind: 'signatureInvalid'; reason: string }
  | { kind: 'signerUntrusted'; reason: SignerDistrust }
  | { kind: 'registerAltered'; reason: string }
  | { kind: 'entryMissing'; seq: number }
  | { kind: 'entryRewritten'; seq: number };

export interface RegisterCheck {
  courtDate: string;
  headSeq: number;
  /** Entries of the chain the register vouches for (its day's entries and its head). */
  checked: number;
  broken: RegisterBreak | null;
}

/**
 * Every register this desk signed (device `deviceId`), checked against the desk's chain: its
 * signature, its stored columns against the signed JSON, and each hash it signed against the
 * entry at that seq now. A chain whose hashes were all recomputed after an edit still fails here.
 */
export async function checkChainAgainstRegisters(db: Db, deviceId: string, trust?: RegisterSignerTrust): Promise<RegisterCheck[]> {
  const registers = await db.selectFrom('daily_registers').selectAll().where('device_id', '=', deviceId).orderBy('head_seq').orderBy('court_date').execute();
  const out: RegisterCheck[] = [];
  for (const row of registers) {
    const check: RegisterCheck = { courtDate: row.court_date, headSeq: Number(row.head_seq), checked: 0, broken: null };
    out.push(check);
    const itself = registerItself(row, trust);
    if ('broken' in itself) {
      check.broken = itself.broken;
      continue;
    }
    const reg = itself.register;
    const vouched = [...reg.entries.map((e) => ({ seq: e.seq, hash: e.hash })), ...(reg.head.seq > 0 ? [{ seq: reg.head.seq, hash: reg.head.hash }] : [])];
    for (const v of vouched) {
      const entry = await db.selectFrom('audit').select('hash').where('seq', '=', v.seq).executeTakeFirst();
      if (!entry) {
        check.broken = { kind: 'entryMissing', seq: v.seq };
        break;
      }
      if (entry.hash !== v.hash) {
        check.broken = { kind: 'entryRewritten', seq: v.seq };
        break;
      }
      check.checked++;
    }
  }
  return out;
}

/** A register's own soundness: its signature (and its signer, when `trust` is given), and its record against the JSON it signed. */
function registerItself(
  row: { register_json: string; signature: string; court_date: string; head_seq: number; head_hash: string; device_id: string; court_id: string; signed_at: string },
  trust: RegisterSignerTrust | undefined,
): { register: DailyRegister } | { broken: RegisterBreak } {
  const sig = verifyDetachedSignature(Buffer.from(row.register_json, 'utf8'), row.signature);
  if (!sig.ok) return { broken: { kind: 'signatureInvalid', reason: sig.reason } };
  if (trust) {
    const trusted = trust({ certificate: sig.signerCertificate, certificates: sig.certificates, signedAt: new Date(row.signed_at) });
    if (!trusted.ok) return { broken: { kind: 'signerUntrusted', reason: trusted.reason } };
  }
  const reading = readDailyRegister(row.register_json);
  if (!reading.ok) return { broken: { kind: 'registerAltered', reason: reading.reason } };
  const reg = reading.register;
  if (reg.courtDate !== row.court_date || reg.head.seq !== Number(row.head_seq) || reg.head.hash !== row.head_hash || reg.deviceId !== row.device_id || reg.courtId !== row.court_id) {
    return { broken: { kind: 'registerAltered', reason: 'the record differs from what was signed' } };
  }
  return { register: reg };
}

/**
 * The server's check of a court's registers: each one's signature and record, and each entry it
 * signed against the court's chain — the desk's command, re-run here, is recorded with the same
 * device and HLC, so a court_audit row of that device and HLC naming another command or author
 * contradicts the register. (The desk's own hashes are not the server's: the server's chain is the
 * court's, so a register anchors the desk's chain fully and the court's by these facts only. An
 * entry the server rejected or never received has no row and proves nothing either way.)
 */
export async function checkCourtRegisters(db: Db, courtId: string, trust?: RegisterSignerTrust): Promise<RegisterCheck[]> {
  const registers = await db.selectFrom('daily_registers').selectAll().where('court_id', '=', courtId).orderBy('court_date').execute();
  const out: RegisterCheck[] = [];
  for (const row of registers) {
    const check: RegisterCheck = { courtDate: row.court_date, headSeq: Number(row.head_seq), checked: 0, broken: null };
    out.push(check);
    const itself = registerItself(row, trust);
    if ('broken' in itself) {
      check.broken = itself.broken;
      continue;
    }
    for (const e of itself.register.entries) {
      const entry = await db.selectFrom('court_audit').select(['command', 'user_id']).where('court_id', '=', courtId).where('device_id', '=', itself.register.deviceId).where('hlc', '=', e.hlc).executeTakeFirst();
      if (!entry) continue;
      if (entry.command !== e.command || entry.user_id !== e.userId) {
        check.broken = { kind: 'entryRewritten', seq: e.seq };
        break;
      }
      check.checked++;
    }
  }
  return out;
}
