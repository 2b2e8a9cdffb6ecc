// What the token service does with a PKCS#11 module: list tokens, list their certificates with
// their keys, and sign one digest. It runs inside the token service process (never in main: a
// vendor driver may block or crash), over `Pkcs11Api`, the part of pkcs11js it uses, so that
// behaviour SoftHSM2 cannot show (PIN counters, pinpad, always-authenticate) is tested with a
// fake of the same shape (test/helpers/fake-pkcs11-token.ts).
//
// Rules (ARCHITECTURE §6, PITFALLS "PKCS#11"): C_Initialize with OS locking when configured and
// "already initialized" taken as success; tokens found by label (+ serial), never by slot number;
// login only when the token says CKF_LOGIN_REQUIRED, with no PIN on a pinpad reader; a wrong PIN
// is never retried — the token's flags are read again and the error says count low, final try or
// locked; the session is logged out and closed after every signature, and the PIN is not kept; a
// card pulled mid-operation (CKR_DEVICE_REMOVED, _TOKEN_NOT_PRESENT, or a dead session or device
// error with the token gone from the slot list) is `cardRemoved`, never the card's "refusal".
// pkcs11js is CommonJS with a native addon: its constants are reachable only through the default export under ESM.
import pkcs11js from 'pkcs11js';
import type { Mechanism, RsaPSS } from 'pkcs11js';
import { AppError } from '../../../shared/errors';
import type { ModuleRef, PinState, SignatureAlgorithm, TokenCertificate, TokenCertificates, TokenInfo, TokenRef } from '../../../shared/signing/token-protocol';

type Handle = Buffer;

/** The subset of pkcs11js's PKCS11 this service calls. */
export interface Pkcs11Api {
  load(path: string): void;
  C_Initialize(options?: { flags?: number }): void;
  C_GetSlotList(tokenPresent?: boolean): Handle[];
  C_GetTokenInfo(slot: Handle): { label: string; serialNumber: string; manufacturerID: string; model: string; flags: number };
  C_OpenSession(slot: Handle, flags: number): Handle;
  C_CloseSession(session: Handle): void;
  C_Login(session: Handle, userType: number, pin?: string): void;
  C_Logout(session: Handle): void;
  C_FindObjectsInit(session: Handle, template: { type: number; value?: number | boolean | string | Buffer }[]): void;
  C_FindObjects(session: Handle, maxObjectCount: number): Handle[];
  C_FindObjectsFinal(session: Handle): void;
  C_GetAttributeValue(session: Handle, object: Handle, template: { type: number }[]): { type: number; value?: number | boolean | string | Buffer }[];
  C_SignInit(session: Handle, mechanism: Mechanism, key: Handle): void;
  C_Sign(session: Handle, inData: Buffer, outData: Buffer): Buffer;
}

/** The CKR_ name of a pkcs11js error, or null for anything else. */
export function ckrOf(err: unknown): string | null {
  const message = err instanceof Error ? err.message : '';
  const m = /^(CKR_[A-Z_]+)/.exec(message);
  return m ? m[1]! : null;
}

function tokenError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('SIGNING_FAILED', 'signing.errors.tokenError', { params: { reason: ckrOf(err) ?? 'unknown' }, cause: err });
}

/** What drivers answer when the card leaves the reader: always a removal. */
const REMOVED = new Set(['CKR_DEVICE_REMOVED', 'CKR_TOKEN_NOT_PRESENT']);
/**
 * What drivers answer on a session whose card was pulled (and re-inserted), or on a card that stopped
 * answering: a removal if the token is no longer there, the card not answering otherwise.
 */
const LOST = new Set(['CKR_SESSION_HANDLE_INVALID', 'CKR_SESSION_CLOSED', 'CKR_DEVICE_ERROR']);

/** A card pulled or gone silent mid-operation: the clerk inserts it and signs again (nothing was signed). */
function cardFault(err: unknown, stillPresent: () => boolean): AppError | null {
  const ckr = ckrOf(err);
  if (ckr === null) return null;
  if (REMOVED.has(ckr)) return new AppError('TOKEN_UNAVAILABLE', 'signing.errors.cardRemoved', { params: { reason: ckr }, cause: err });
  if (!LOST.has(ckr)) return null;
  let present = false;
  try {
    present = stillPresent();
  } catch {
    /* the slot list itself fails: the reader lost the card */
  }
  return present
    ? new AppError('TOKEN_UNAVAILABLE', 'signing.errors.cardNotAnswering', { params: { reason: ckr }, cause: err })
    : new AppError('TOKEN_UNAVAILABLE', 'signing.errors.cardRemoved', { params: { reason: ckr }, cause: err });
}

export function pinStateOf(flags: number): PinState {
  if (flags & pkcs11js.CKF_USER_PIN_LOCKED) return 'locked';
  if (flags & pkcs11js.CKF_USER_PIN_FINAL_TRY) return 'finalTry';
  if (flags & pkcs11js.CKF_USER_PIN_COUNT_LOW) return 'countLow';
  return 'ok';
}

function tokenInfoOf(raw: ReturnType<Pkcs11Api['C_GetTokenInfo']>): TokenInfo {
  return {
    label: raw.label.trim(),
    serial: raw.serialNumber.trim(),
    manufacturer: raw.manufacturerID.trim(),
    model: raw.model.trim(),
    loginRequired: (raw.flags & pkcs11js.CKF_LOGIN_REQUIRED) !== 0,
    protectedAuthPath: (raw.flags & pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0,
    pinState: pinStateOf(raw.flags),
  };
}

/** ASN.1 DigestInfo prefix for SHA-256: CKM_RSA_PKCS signs what it is given, so we wrap the hash (OpenSC/libp11#178). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

function mechanismFor(algorithm: SignatureAlgorithm, digest: Buffer): { mechanism: Mechanism; data: Buffer } {
  switch (algorithm) {
    case 'RSA_PKCS1_SHA256':
      return { mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS }, data: Buffer.concat([SHA256_DIGEST_INFO, digest]) };
    case 'RSA_PSS_SHA256':
      return {
        mechanism: {
          mechanism: pkcs11js.CKM_RSA_PKCS_PSS,
          parameter: { type: pkcs11js.CK_PARAMS_RSA_PSS, hashAlg: pkcs11js.CKM_SHA256, mgf: pkcs11js.CKG_MGF1_SHA256, saltLen: 32 } as RsaPSS,
        },
        data: digest,
      };
    case 'ECDSA_SHA256':
      return { mechanism: { mechanism: pkcs11js.CKM_ECDSA }, data: digest };
  }
}

export interface TokenCore {
  listTokens(module: ModuleRef): TokenInfo[];
  listCertificates(module: ModuleRef, token: TokenRef): TokenCertificates;
  sign(request: { module: ModuleRef; token: TokenRef; keyId: string; algorithm: SignatureAlgorithm; digest: Buffer; pin: string | null }): Buffer;
}

/** One loaded, initialized module per path for the life of the process (a module is initialized once). */
export function createTokenCore(newApi: () => Pkcs11Api = () => new pkcs11js.PKCS11()): TokenCore {
  const modules = new Map<string, Pkcs11Api>();

  function open(module: ModuleRef): Pkcs11Api {
    const known = modules.get(module.path);
    if (known) return known;
    const api = newApi();
    try {
      api.load(module.path);
    } catch (err) {
      throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.moduleInvalid', { params: { module: module.path }, cause: err });
    }
    try {
      api.C_Initialize(module.osLocking ? { flags: pkcs11js.CKF_OS_LOCKING_OK } : undefined);
    } catch (err) {
      // Another user of the module in this process initialized it first (pkcs11js#62).
      if (ckrOf(err) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
        // Loaded but refusing to start (CKR_CANT_LOCK when OS locking is asked of a module that cannot, …).
        throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.moduleInitFailed', { params: { module: module.path, reason: ckrOf(err) ?? 'unknown' }, cause: err });
      }
    }
    modules.set(module.path, api);
    return api;
  }

  /** The tokens present now; a card pulled while they are read is left out, not an error (hot-plug polling). */
  function presentTokens(api: Pkcs11Api): { slot: Handle; info: TokenInfo }[] {
    const out: { slot: Handle; info: TokenInfo }[] = [];
    for (const slot of api.C_GetSlotList(true)) {
      try {
        out.push({ slot, info: tokenInfoOf(api.C_GetTokenInfo(slot)) });
      } catch (err) {
        if (!REMOVED.has(ckrOf(err) ?? '')) throw err;
      }
    }
    return out;
  }

  function findSlot(api: Pkcs11Api, ref: TokenRef): { slot: Handle; info: TokenInfo } {
    const matches = presentTokens(api)
      .filter(({ info }) => info.label === ref.label && (ref.serial === undefined || info.serial === ref.serial));
    if (matches.length === 0) throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.tokenNotFound', { params: { label: ref.label } });
    if (matches.length > 1) throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.tokenAmbiguous', { params: { label: ref.label } });
    return matches[0]!;
  }

  /** The error a failed call on `ref` ends as: a pulled card said so, anything else the card's refusal. */
  function failure(api: Pkcs11Api, ref: TokenRef, err: unknown): AppError {
    if (err instanceof AppError) return err;
    const present = () => presentTokens(api).some(({ info }) => info.label === ref.label && (ref.serial === undefined || info.serial === ref.serial));
    return cardFault(err, present) ?? tokenError(err);
  }

  function findObjects(api: Pkcs11Api, session: Handle, template: { type: number; value?: number | boolean | string | Buffer }[]): Handle[] {
    api.C_FindObjectsInit(session, template);
    try {
      const found: Handle[] = [];
      for (;;) {
        const batch = api.C_FindObjects(session, 32);
        if (batch.length === 0) return found;
        found.push(...batch);
      }
    } finally {
      api.C_FindObjectsFinal(session);
    }
  }

  function attr(api: Pkcs11Api, session: Handle, object: Handle, type: number): Buffer | undefined {
    const [a] = api.C_GetAttributeValue(session, object, [{ type }]);
    return Buffer.isBuffer(a?.value) ? a.value : undefined;
  }

  function withSession<T>(api: Pkcs11Api, slot: Handle, run: (session: Handle) => T): T {
    const session = api.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    try {
      return run(session);
    } finally {
      try {
        api.C_CloseSession(session);
      } catch {
        /* a pulled card has no session left to close */
      }
    }
  }

  /** After a refused login: what the token's flags say now decides the error, never a retry. */
  function loginFailure(api: Pkcs11Api, slot: Handle, err: unknown): unknown {
    const ckr = ckrOf(err);
    if (ckr === 'CKR_PIN_LOCKED') return new AppError('PIN_LOCKED', 'signing.errors.pinLocked');
    // Anything else (a card pulled during C_Login…) is judged with the other failures of the call.
    if (ckr !== 'CKR_PIN_INCORRECT' && ckr !== 'CKR_PIN_LEN_RANGE' && ckr !== 'CKR_PIN_INVALID') return err;
    let state: PinState = 'ok';
    try {
      state = tokenInfoOf(api.C_GetTokenInfo(slot)).pinState;
    } catch {
      /* the flags could not be read: say only that the PIN was wrong */
    }
    if (state === 'locked') return new AppError('PIN_LOCKED', 'signing.errors.pinLocked');
    const i18nKey = state === 'finalTry' ? 'signing.errors.pinIncorrectFinalTry' : state === 'countLow' ? 'signing.errors.pinIncorrectCountLow' : 'signing.errors.pinIncorrect';
    return new AppError('PIN_INCORRECT', i18nKey, { params: { pinState: state } });
  }

  function login(api: Pkcs11Api, slot: Handle, session: Handle, userType: number, pin: string | null, pinpad: boolean): void {
    if (pin === null && !pinpad) throw new AppError('PIN_REQUIRED', 'signing.errors.pinRequired');
    try {
      if (pinpad && pin === null) api.C_Login(session, userType);
      else api.C_Login(session, userType, pin ?? undefined);
    } catch (err) {
      if (ckrOf(err) === 'CKR_USER_ALREADY_LOGGED_IN') return;
      throw loginFailure(api, slot, err);
    }
  }

  return {
    listTokens(module) {
      const api = open(module);
      try {
        return presentTokens(api).map(({ info }) => info);
      } catch (err) {
        throw tokenError(err);
      }
    },

    listCertificates(module, ref) {
      const api = open(module);
      let found: { slot: Handle; info: TokenInfo };
      try {
        found = findSlot(api, ref);
      } catch (err) {
        throw failure(api, ref, err);
      }
      const { slot, info } = found;
      try {
        return withSession(api, slot, (session) => {
          const certificates: TokenCertificate[] = [];
          for (const cert of findObjects(api, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }])) {
            const value = attr(api, session, cert, pkcs11js.CKA_VALUE);
            const id = attr(api, session, cert, pkcs11js.CKA_ID);
            if (!value || !id || id.length === 0) continue;
            const label = attr(api, session, cert, pkcs11js.CKA_LABEL)?.toString('utf8') ?? '';
            // Private keys are often private objects, invisible before login: the public key with
            // the same CKA_ID stands for it then.
            const privateKeys = findObjects(api, session, [
              { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
              { type: pkcs11js.CKA_ID, value: id },
            ]);
            const publicKeys =
              privateKeys.length > 0 ? [] : findObjects(api, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY }, { type: pkcs11js.CKA_ID, value: id }]);
            const alwaysAuthenticate = privateKeys.length > 0 && attr(api, session, privateKeys[0]!, pkcs11js.CKA_ALWAYS_AUTHENTICATE)?.[0] === 1;
            certificates.push({
              keyId: id.toString('hex'),
              label,
              certificate: value.toString('base64'),
              hasKey: privateKeys.length > 0 || publicKeys.length > 0,
              alwaysAuthenticate,
            });
          }
          return { token: info, certificates };
        });
      } catch (err) {
        throw failure(api, ref, err);
      }
    },

    sign({ module, token, keyId, algorithm, digest, pin }) {
      const api = open(module);
      let found: { slot: Handle; info: TokenInfo };
      try {
        found = findSlot(api, token);
      } catch (err) {
        throw failure(api, token, err);
      }
      const { slot, info } = found;
      if (info.pinState === 'locked') throw new AppError('PIN_LOCKED', 'signing.errors.pinLocked');
      try {
        return withSession(api, slot, (session) => {
          let loggedIn = false;
          try {
            if (info.loginRequired) {
              login(api, slot, session, pkcs11js.CKU_USER, pin, info.protectedAuthPath);
              loggedIn = true;
            }
            const [key] = findObjects(api, session, [
              { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
              { type: pkcs11js.CKA_ID, value: Buffer.from(keyId, 'hex') },
            ]);
            if (!key) throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.keyNotFound', { params: { keyId } });
            const alwaysAuthenticate = attr(api, session, key, pkcs11js.CKA_ALWAYS_AUTHENTICATE)?.[0] === 1;
            const { mechanism, data } = mechanismFor(algorithm, digest);
            api.C_SignInit(session, mechanism, key);
            // A qualified-signature key asks for the PIN again for each signature (context-specific login).
            if (alwaysAuthenticate) login(api, slot, session, pkcs11js.CKU_CONTEXT_SPECIFIC, pin, info.protectedAuthPath);
            return Buffer.from(api.C_Sign(session, data, Buffer.alloc(1024)));
          } finally {
            if (loggedIn) {
              try {
                api.C_Logout(session);
              } catch {
                /* closing the session logs out as well */
              }
            }
          }
        });
      } catch (err) {
        throw failure(api, token, err);
      }
    },
  };
}
