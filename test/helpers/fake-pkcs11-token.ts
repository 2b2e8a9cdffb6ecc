// FakePkcs11Token: a named fake of the PKCS#11 calls the token service makes (`Pkcs11Api`), for
// what SoftHSM2 cannot show: a PIN retry counter that sets CKF_USER_PIN_COUNT_LOW, _FINAL_TRY and
// _LOCKED like a smart card, a pinpad reader (CKF_PROTECTED_AUTHENTICATION_PATH: C_Login without a
// PIN), and a key marked CKA_ALWAYS_AUTHENTICATE (a context-specific login before each C_Sign).
// Keys are real (node:crypto), so what it signs verifies. It records every call for the tests.
// Faults: the card can be pulled from its reader and put back (`pull`, `insert`, or a reader
// file the child process's copy watches, test/integration/signing/workers/fake-token-service.ts):
// the slot list loses the token, and every session opened before answers the driver's removal
// error, then CKR_SESSION_HANDLE_INVALID once the card is back; `before`/`after` hooks run at a
// named call (pull between C_Login and C_Sign, block inside C_Login); C_Initialize records its
// flags and may answer an error; a token may need no login at all (no CKF_LOGIN_REQUIRED).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pkcs11js from 'pkcs11js';
import type { Mechanism } from 'pkcs11js';
import type { Pkcs11Api } from '../../src/main/services/signing/token-core';

export interface FakeTokenOptions {
  label: string;
  serial: string;
  pin: string;
  /** Tries before the PIN locks (cards: 3). */
  maxTries?: number;
  pinpad?: boolean;
  alwaysAuthenticate?: boolean;
  /** The key (RSA or EC P-256) and its certificate's DER under CKA_ID 01. */
  privateKey: crypto.KeyObject;
  certificate: Buffer;
  /** Issuer certificates also on the card (no key), for chains: CKA_ID 10, 11, … */
  issuers?: Buffer[];
  /** false: the token has no CKF_LOGIN_REQUIRED; its key signs without C_Login. Default true. */
  loginRequired?: boolean;
  /** C_Initialize throws this CKR_ name (e.g. CKR_CRYPTOKI_ALREADY_INITIALIZED, CKR_CANT_LOCK). */
  initializeError?: string;
  /** Whether the card is in its reader, asked at each call (the child process's copy: a file exists). Also `pull()`. */
  cardIn?: () => boolean;
}

type Call = { fn: string; userType?: number; pin?: string | undefined; flags?: number | undefined };

/** What a driver answers on a session after its card left the reader. */
export type RemovalError = 'CKR_DEVICE_REMOVED' | 'CKR_TOKEN_NOT_PRESENT' | 'CKR_SESSION_HANDLE_INVALID' | 'CKR_DEVICE_ERROR';

const CKR: Record<string, number> = {
  CKR_DEVICE_REMOVED: 0x32,
  CKR_TOKEN_NOT_PRESENT: 0xe0,
  CKR_SESSION_HANDLE_INVALID: 0xb3,
  CKR_DEVICE_ERROR: 0x30,
  CKR_CRYPTOKI_ALREADY_INITIALIZED: 0x191,
  CKR_CANT_LOCK: 0x0a,
};
/** An error as pkcs11js throws it: "CKR_NAME:number". */
function ckr(name: string): Error {
  return new Error(`${name}:${CKR[name] ?? 0}`);
}

export class FakePkcs11Token implements Pkcs11Api {
  readonly calls: Call[] = [];
  triesLeft: number;
  private readonly maxTries: number;
  private loggedIn = false;
  private contextLogin = false;
  private signKey: 'key' | null = null;
  private found: Buffer[] = [];
  private search: { type: number; value?: unknown }[] = [];
  private readonly slot = Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]);
  private nextSession = 9;
  /** Sessions opened while the card was in: a removal ends them all. */
  private readonly live = new Set<number>();
  private inReader = true;
  private removalError: RemovalError = 'CKR_DEVICE_REMOVED';
  private readonly hooks: { when: 'before' | 'after'; fn: string; action: () => void }[] = [];
  private readonly objects = { cert: Buffer.from([1]), key: Buffer.from([2]) };
  private readonly loginRequired: boolean;

  constructor(private readonly o: FakeTokenOptions) {
    this.maxTries = o.maxTries ?? 3;
    this.triesLeft = this.maxTries;
    this.loginRequired = o.loginRequired ?? true;
  }

  /** Takes the card out of the reader; its open sessions then answer `error`. */
  pull(error: RemovalError = 'CKR_DEVICE_REMOVED'): void {
    this.inReader = false;
    this.removalError = error;
    this.live.clear();
    this.loggedIn = false;
  }
  /** Puts the card back: new sessions work, the old ones stay dead. */
  insert(): void {
    this.inReader = true;
  }
  /** Runs `action` when the named call starts (`before`: e.g. the card pulled during C_Sign) or has returned (`after`). */
  on(when: 'before' | 'after', fn: string, action: () => void): void {
    this.hooks.push({ when, fn, action });
  }

  get present(): boolean {
    const present = this.inReader && (this.o.cardIn?.() ?? true);
    if (!present) {
      this.live.clear();
      this.loggedIn = false;
    }
    return present;
  }

  private run(when: 'before' | 'after', fn: string): void {
    for (const h of this.hooks) if (h.when === when && h.fn === fn) h.action();
  }

  /** A call on a session: hooks first, then the card must still be there and the session alive. */
  private onSession(fn: string, session: Buffer): void {
    this.run('before', fn);
    if (!this.present) throw ckr(this.removalError);
    if (!this.live.has(session.readUInt32LE(0))) throw ckr('CKR_SESSION_HANDLE_INVALID');
  }

  load(): void {
    this.calls.push({ fn: 'load' });
  }
  C_Initialize(options?: { flags?: number }): void {
    this.calls.push({ fn: 'C_Initialize', flags: options?.flags });
    if (this.o.initializeError) throw ckr(this.o.initializeError);
  }
  C_GetSlotList(): Buffer[] {
    this.run('before', 'C_GetSlotList');
    return this.present ? [this.slot] : [];
  }
  C_GetTokenInfo(): { label: string; serialNumber: string; manufacturerID: string; model: string; flags: number } {
    if (!this.present) throw ckr('CKR_TOKEN_NOT_PRESENT');
    let flags = pkcs11js.CKF_USER_PIN_INITIALIZED | pkcs11js.CKF_TOKEN_INITIALIZED;
    if (this.loginRequired) flags |= pkcs11js.CKF_LOGIN_REQUIRED;
    if (this.o.pinpad) flags |= pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH;
    if (this.triesLeft === 0) flags |= pkcs11js.CKF_USER_PIN_LOCKED;
    else if (this.triesLeft === 1) flags |= pkcs11js.CKF_USER_PIN_FINAL_TRY;
    else if (this.triesLeft < this.maxTries) flags |= pkcs11js.CKF_USER_PIN_COUNT_LOW;
    return { label: this.o.label.padEnd(32), serialNumber: this.o.serial.padEnd(16), manufacturerID: 'Fake'.padEnd(32), model: 'FakePkcs11Token'.padEnd(16), flags };
  }
  C_OpenSession(): Buffer {
    this.calls.push({ fn: 'C_OpenSession' });
    if (!this.present) throw ckr('CKR_TOKEN_NOT_PRESENT');
    const handle = Buffer.alloc(8);
    handle.writeUInt32LE(this.nextSession);
    this.live.add(this.nextSession++);
    return handle;
  }
  C_CloseSession(session: Buffer): void {
    this.calls.push({ fn: 'C_CloseSession' });
    this.onSession('C_CloseSession', session);
    this.live.delete(session.readUInt32LE(0));
    this.loggedIn = false;
  }
  C_Login(session: Buffer, userType: number, pin?: string): void {
    this.calls.push({ fn: 'C_Login', userType, pin });
    this.onSession('C_Login', session);
    if (this.triesLeft === 0) throw new Error(`CKR_PIN_LOCKED:${pkcs11js.CKR_PIN_LOCKED}`);
    if (userType === pkcs11js.CKU_USER && this.loggedIn) throw new Error(`CKR_USER_ALREADY_LOGGED_IN:${pkcs11js.CKR_USER_ALREADY_LOGGED_IN}`);
    const ok = this.o.pinpad && pin === undefined ? true : pin === this.o.pin;
    if (!ok) {
      this.triesLeft--;
      throw new Error(`CKR_PIN_INCORRECT:${pkcs11js.CKR_PIN_INCORRECT}`);
    }
    this.triesLeft = this.maxTries;
    if (userType === pkcs11js.CKU_CONTEXT_SPECIFIC) this.contextLogin = true;
    else this.loggedIn = true;
    this.run('after', 'C_Login');
  }
  C_Logout(session: Buffer): void {
    this.calls.push({ fn: 'C_Logout' });
    this.onSession('C_Logout', session);
    this.loggedIn = false;
  }
  C_FindObjectsInit(session: Buffer, template: { type: number; value?: number | boolean | string | Buffer }[]): void {
    this.onSession('C_FindObjectsInit', session);
    this.search = template;
    const cls = template.find((t) => t.type === pkcs11js.CKA_CLASS)?.value;
    const id = template.find((t) => t.type === pkcs11js.CKA_ID)?.value as Buffer | undefined;
    const idOk = id === undefined || id.equals(Buffer.from([1]));
    const issuers = (this.o.issuers ?? []).map((_, i) => Buffer.from([0x10 + i])).filter((h) => id === undefined || id.equals(h));
    if (cls === pkcs11js.CKO_CERTIFICATE) this.found = [...(idOk ? [this.objects.cert] : []), ...issuers];
    else if (cls === pkcs11js.CKO_PRIVATE_KEY && idOk && (this.loggedIn || !this.loginRequired)) this.found = [this.objects.key];
    // The public key stands for the private one before login, as on most cards.
    else if (cls === pkcs11js.CKO_PUBLIC_KEY && idOk) this.found = [Buffer.from([3])];
    else this.found = [];
  }
  C_FindObjects(): Buffer[] {
    const out = this.found;
    this.found = [];
    return out;
  }
  C_FindObjectsFinal(): void {
    this.search = [];
  }
  C_GetAttributeValue(session: Buffer, object: Buffer, template: { type: number }[]): { type: number; value?: Buffer }[] {
    this.onSession('C_GetAttributeValue', session);
    return template.map(({ type }) => {
      const issuer = object[0]! >= 0x10 ? this.o.issuers?.[object[0]! - 0x10] : undefined;
      if (issuer) {
        if (type === pkcs11js.CKA_VALUE) return { type, value: issuer };
        if (type === pkcs11js.CKA_ID) return { type, value: object };
        if (type === pkcs11js.CKA_LABEL) return { type, value: Buffer.from('issuer') };
      }
      if (object.equals(this.objects.cert)) {
        if (type === pkcs11js.CKA_VALUE) return { type, value: this.o.certificate };
        if (type === pkcs11js.CKA_ID) return { type, value: Buffer.from([1]) };
        if (type === pkcs11js.CKA_LABEL) return { type, value: Buffer.from('fake') };
      }
      if (object.equals(this.objects.key) && type === pkcs11js.CKA_ALWAYS_AUTHENTICATE) return { type, value: Buffer.from([this.o.alwaysAuthenticate ? 1 : 0]) };
      return { type };
    });
  }
  C_SignInit(session: Buffer, _mechanism: Mechanism, key: Buffer): void {
    this.calls.push({ fn: 'C_SignInit' });
    this.onSession('C_SignInit', session);
    if (this.loginRequired && !this.loggedIn) throw new Error(`CKR_USER_NOT_LOGGED_IN:${pkcs11js.CKR_USER_NOT_LOGGED_IN}`);
    this.signKey = key.equals(this.objects.key) ? 'key' : null;
    this.contextLogin = false;
  }
  C_Sign(session: Buffer, data: Buffer): Buffer {
    this.calls.push({ fn: 'C_Sign' });
    this.onSession('C_Sign', session);
    if (this.signKey === null) throw new Error(`CKR_KEY_HANDLE_INVALID:${pkcs11js.CKR_KEY_HANDLE_INVALID}`);
    if (this.o.alwaysAuthenticate && !this.contextLogin) throw new Error(`CKR_USER_NOT_LOGGED_IN:${pkcs11js.CKR_USER_NOT_LOGGED_IN}`);
    this.contextLogin = false;
    // CKM_RSA_PKCS over a DigestInfo: private "encryption" with PKCS#1 type 1 padding.
    return crypto.privateEncrypt({ key: this.o.privateKey, padding: crypto.constants.RSA_PKCS1_PADDING }, data);
  }
}

/** A fault the child process's fake runs once, at the call it names (armed by `FakeCardReader.arm`). */
export type ArmedFault = 'pullAfterLogin' | 'pullDuringSign' | 'hangInLogin' | 'hangInSign' | 'hangInListTokens';

interface ReaderToken {
  label: string;
  serial: string;
  pin: string;
  keyPem: string;
  certificate: string;
  issuers: string[];
}

/**
 * The test's side of a fake token in the token service's process: the folder holds the token
 * (token.json), whether the card is in its reader (the file card-in) and the fault armed (the file
 * fault, removed by the child when it fires). The child reads them at every call.
 */
export class FakeCardReader {
  constructor(
    readonly dir: string,
    token: { label: string; serial: string; pin: string; privateKey: crypto.KeyObject; certificate: Buffer; issuers?: Buffer[] },
  ) {
    fs.mkdirSync(dir, { recursive: true });
    const saved: ReaderToken = {
      label: token.label,
      serial: token.serial,
      pin: token.pin,
      keyPem: token.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      certificate: token.certificate.toString('base64'),
      issuers: (token.issuers ?? []).map((c) => c.toString('base64')),
    };
    fs.writeFileSync(path.join(dir, 'token.json'), JSON.stringify(saved));
    this.insert();
  }

  get env(): NodeJS.ProcessEnv {
    return { MAHKAMA_FAKE_TOKEN_DIR: this.dir };
  }
  get cardIn(): boolean {
    return fs.existsSync(path.join(this.dir, 'card-in'));
  }
  insert(): void {
    fs.writeFileSync(path.join(this.dir, 'card-in'), '');
  }
  pull(): void {
    fs.rmSync(path.join(this.dir, 'card-in'), { force: true });
  }
  arm(fault: ArmedFault): void {
    fs.writeFileSync(path.join(this.dir, 'fault'), fault);
  }
  /** The fault armed and not yet fired, if any. */
  get armed(): string | null {
    const file = path.join(this.dir, 'fault');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  }
}

/** Blocks this thread for good, as a driver stuck in a synchronous call does (the event loop never turns again). */
function blockForever(): never {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0);
}

/** The child process's side of `FakeCardReader`: a FakePkcs11Token whose reader and faults are the folder's files. */
export function fakeTokenInReader(dir: string): FakePkcs11Token {
  const t = JSON.parse(fs.readFileSync(path.join(dir, 'token.json'), 'utf8')) as ReaderToken;
  const cardFile = path.join(dir, 'card-in');
  const fake = new FakePkcs11Token({
    label: t.label,
    serial: t.serial,
    pin: t.pin,
    privateKey: crypto.createPrivateKey(t.keyPem),
    certificate: Buffer.from(t.certificate, 'base64'),
    issuers: t.issuers.map((c) => Buffer.from(c, 'base64')),
    cardIn: () => fs.existsSync(cardFile),
  });
  /** Takes the armed fault if it is `fault`: it fires once. */
  const fires = (fault: ArmedFault): boolean => {
    const file = path.join(dir, 'fault');
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== fault) return false;
    fs.rmSync(file);
    return true;
  };
  fake.on('after', 'C_Login', () => {
    if (fires('pullAfterLogin')) fs.rmSync(cardFile, { force: true });
  });
  fake.on('before', 'C_Sign', () => {
    if (fires('pullDuringSign')) fs.rmSync(cardFile, { force: true });
    if (fires('hangInSign')) blockForever();
  });
  fake.on('before', 'C_Login', () => {
    if (fires('hangInLogin')) blockForever();
  });
  fake.on('before', 'C_GetSlotList', () => {
    if (fires('hangInListTokens')) blockForever();
  });
  return fake;
}
