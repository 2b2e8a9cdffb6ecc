// FakePkcs11Token: a named fake of the PKCS#11 calls the token service makes (`Pkcs11Api`), for
// what SoftHSM2 cannot show: a PIN retry counter that sets CKF_USER_PIN_COUNT_LOW, _FINAL_TRY and
// _LOCKED like a smart card, a pinpad reader (CKF_PROTECTED_AUTHENTICATION_PATH: C_Login without a
// PIN), and a key marked CKA_ALWAYS_AUTHENTICATE (a context-specific login before each C_Sign).
// Keys are real (node:crypto), so what it signs verifies. It records every call for the tests.
import crypto from 'node:crypto';
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
}

type Call = { fn: string; userType?: number; pin?: string | undefined };

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
  private readonly session = Buffer.from([9, 0, 0, 0, 0, 0, 0, 0]);
  private readonly objects = { cert: Buffer.from([1]), key: Buffer.from([2]) };

  constructor(private readonly o: FakeTokenOptions) {
    this.maxTries = o.maxTries ?? 3;
    this.triesLeft = this.maxTries;
  }

  load(): void {
    this.calls.push({ fn: 'load' });
  }
  C_Initialize(): void {
    this.calls.push({ fn: 'C_Initialize' });
  }
  C_GetSlotList(): Buffer[] {
    return [this.slot];
  }
  C_GetTokenInfo(): { label: string; serialNumber: string; manufacturerID: string; model: string; flags: number } {
    let flags = pkcs11js.CKF_LOGIN_REQUIRED | pkcs11js.CKF_USER_PIN_INITIALIZED | pkcs11js.CKF_TOKEN_INITIALIZED;
    if (this.o.pinpad) flags |= pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH;
    if (this.triesLeft === 0) flags |= pkcs11js.CKF_USER_PIN_LOCKED;
    else if (this.triesLeft === 1) flags |= pkcs11js.CKF_USER_PIN_FINAL_TRY;
    else if (this.triesLeft < this.maxTries) flags |= pkcs11js.CKF_USER_PIN_COUNT_LOW;
    return { label: this.o.label.padEnd(32), serialNumber: this.o.serial.padEnd(16), manufacturerID: 'Fake'.padEnd(32), model: 'FakePkcs11Token'.padEnd(16), flags };
  }
  C_OpenSession(): Buffer {
    this.calls.push({ fn: 'C_OpenSession' });
    return this.session;
  }
  C_CloseSession(): void {
    this.calls.push({ fn: 'C_CloseSession' });
    this.loggedIn = false;
  }
  C_Login(_session: Buffer, userType: number, pin?: string): void {
    this.calls.push({ fn: 'C_Login', userType, pin });
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
  }
  C_Logout(): void {
    this.calls.push({ fn: 'C_Logout' });
    this.loggedIn = false;
  }
  C_FindObjectsInit(_session: Buffer, template: { type: number; value?: number | boolean | string | Buffer }[]): void {
    this.search = template;
    const cls = template.find((t) => t.type === pkcs11js.CKA_CLASS)?.value;
    const id = template.find((t) => t.type === pkcs11js.CKA_ID)?.value as Buffer | undefined;
    const idOk = id === undefined || id.equals(Buffer.from([1]));
    if (cls === pkcs11js.CKO_CERTIFICATE && idOk) this.found = [this.objects.cert];
    else if (cls === pkcs11js.CKO_PRIVATE_KEY && idOk && this.loggedIn) this.found = [this.objects.key];
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
  C_GetAttributeValue(_session: Buffer, object: Buffer, template: { type: number }[]): { type: number; value?: Buffer }[] {
    return template.map(({ type }) => {
      if (object.equals(this.objects.cert)) {
        if (type === pkcs11js.CKA_VALUE) return { type, value: this.o.certificate };
        if (type === pkcs11js.CKA_ID) return { type, value: Buffer.from([1]) };
        if (type === pkcs11js.CKA_LABEL) return { type, value: Buffer.from('fake') };
      }
      if (object.equals(this.objects.key) && type === pkcs11js.CKA_ALWAYS_AUTHENTICATE) return { type, value: Buffer.from([this.o.alwaysAuthenticate ? 1 : 0]) };
      return { type };
    });
  }
  C_SignInit(_session: Buffer, _mechanism: Mechanism, key: Buffer): void {
    this.calls.push({ fn: 'C_SignInit' });
    if (!this.loggedIn) throw new Error(`CKR_USER_NOT_LOGGED_IN:${pkcs11js.CKR_USER_NOT_LOGGED_IN}`);
    this.signKey = key.equals(this.objects.key) ? 'key' : null;
    this.contextLogin = false;
  }
  C_Sign(_session: Buffer, data: Buffer): Buffer {
    this.calls.push({ fn: 'C_Sign' });
    if (this.signKey === null) throw new Error(`CKR_KEY_HANDLE_INVALID:${pkcs11js.CKR_KEY_HANDLE_INVALID}`);
    if (this.o.alwaysAuthenticate && !this.contextLogin) throw new Error(`CKR_USER_NOT_LOGGED_IN:${pkcs11js.CKR_USER_NOT_LOGGED_IN}`);
    this.contextLogin = false;
    // CKM_RSA_PKCS over a DigestInfo: private "encryption" with PKCS#1 type 1 padding.
    return crypto.privateEncrypt({ key: this.o.privateKey, padding: crypto.constants.RSA_PKCS1_PADDING }, data);
  }
}
