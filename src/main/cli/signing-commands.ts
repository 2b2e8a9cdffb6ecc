// `sign` and `verify` on the command line, for the court's IT and batch work, with the same code
// as the app (token service, PAdES signer, verifier):
//   sign IN.pdf --out OUT.pdf [--module LIB.so] --token LABEL [--serial S] [--key-id ID] [--reason TEXT] [--pss]
//        [--name-ar NAME --name-latin NAME [--role-ar ROLE] [--role-latin ROLE] [--case NUMBER] [--page N|last]]
//   (the names ask for the visible stamp; without them the signature is invisible)
//   verify FILE.pdf [--trust CA.pem]... [--json]
//   extend FILE.pdf [--tsa URL] [--out OUT.pdf] --trust CA.pem... (ltv-command.ts)
//   sign-detached FILE --out FILE.p7s …, verify-detached FILE --sig FILE.p7s … (detached-commands.ts)
// `sign` makes a B-T signature when a TSA is configured (MAHKAMA_TSA_URL or --tsa); a TSA that is
// down or answers garbage fails the signature with nothing written, and `--no-timestamp` signs B-B
// on purpose — never silently.
// The PIN comes from MAHKAMA_PIN or is asked on the terminal without echo, never as an argument,
// and only when the token needs a login without a pinpad. `verify` exits 0 only when the file has
// signatures and every one is valid, 1 otherwise; errors exit 2 (index.ts).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import type { Language } from '../../shared/enums';
import { loadConfig } from '../services/config';
import { summarizeCertificate } from '../../signatures/cert-info';
import { PdfFile } from '../../signatures/pdf-file';
import { trustAnchorFiles } from '../../signatures/trust-anchors';
import { signPdf, type StampOptions } from '../services/signing/pades-sign';
import { verifyPdf, type SignatureVerdict } from '../../signatures/pdf-verify';
import type { TokenServiceClient } from '../services/signing/token-client';
import { startTokenServiceClient } from '../services/signing/token-service-entry';
import { openSigner } from '../services/signing/token-signer';
import { assertTokenMaySign } from '../services/signing/token-policy';
import { signatureTimestampOptions } from '../../signatures/timestamp-client';
import type { CliIo } from './index';
import { assertOutputUsable } from './cli-files';
import { DETACHED_USAGE, signDetachedCommand, verifyDetachedCommand } from './detached-commands';
import { extendCommand, LTV_USAGE } from './ltv-command';
import { catalogueMessage } from './messages';

export const SIGNING_USAGE = `  mahkama sign IN.pdf --out OUT.pdf --token LABEL [--module LIB.so] [--serial SERIAL] [--key-id ID] [--reason TEXT] [--pss] [--tsa URL | --no-timestamp]
      [--name-ar NAME --name-latin NAME [--role-ar ROLE] [--role-latin ROLE] [--case NUMBER] [--page N|last]]  (a visible stamp)
  mahkama verify FILE.pdf [--trust CA.pem]... [--json]
${LTV_USAGE}
${DETACHED_USAGE}
The TSA defaults to MAHKAMA_TSA_URL. The PIN comes from MAHKAMA_PIN or is asked on the terminal; the module defaults to MAHKAMA_PKCS11_MODULE.`;

export interface SigningCliIo extends CliIo {
  /** Asks for a secret without echo; null when nobody can type (not a terminal). */
  askSecret?(prompt: string): Promise<string | null>;
  /** The token service to use (tests); one is started and stopped otherwise. */
  tokenService?: TokenServiceClient;
}

export class SigningUsageError extends Error {}

/** Runs node:util's parseArgs, its complaints becoming usage errors. */
function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new SigningUsageError((err as Error).message);
  }
}

/** The stamp the options ask for: both names, or neither (then the signature is invisible). */
function stampOf(values: Record<string, string | boolean | undefined>): StampOptions | null {
  const text = (k: string) => (typeof values[k] === 'string' ? (values[k] as string).trim() : '');
  const stampOptions = ['name-ar', 'name-latin', 'role-ar', 'role-latin', 'case', 'page'];
  if (!stampOptions.some((k) => values[k] !== undefined)) return null;
  if (!text('name-ar') || !text('name-latin')) throw new SigningUsageError('sign: a stamp needs both --name-ar and --name-latin');
  const page = text('page');
  if (page && page !== 'last' && !/^[1-9]\d*$/.test(page)) throw new SigningUsageError('sign: --page is a page number or "last"');
  return {
    nameArabic: text('name-ar'),
    nameLatin: text('name-latin'),
    roleArabic: text('role-ar'),
    roleLatin: text('role-latin'),
    ...(text('case') ? { caseNumber: text('case') } : {}),
    page: !page || page === 'last' ? 'last' : Number(page),
  };
}

/**
 * The TSA a signing command uses: --tsa, else the workstation's MAHKAMA_TSA_URL; null with
 * --no-timestamp (B-B on purpose). Shared by `sign` and `sign-detached`.
 */
export function timestampAuthority(command: string, values: { tsa?: string | undefined; 'no-timestamp'?: boolean | undefined }, env: NodeJS.ProcessEnv): string | null {
  if (values.tsa !== undefined && values['no-timestamp']) throw new SigningUsageError(`${command}: --tsa and --no-timestamp exclude each other`);
  const tsaUrl = values['no-timestamp'] ? null : (values.tsa ?? loadConfig(env).tsaUrl);
  if (tsaUrl !== null && !URL.canParse(tsaUrl)) throw new SigningUsageError(`${command}: --tsa ${tsaUrl} is not a URL`);
  return tsaUrl;
}

export interface CliTokenChoice {
  module: string | undefined;
  token: string;
  serial: string | undefined;
  keyId: string | undefined;
  pss: boolean;
}

/**
 * The signer of the token the command line names: the module from --module or
 * MAHKAMA_PKCS11_MODULE, the token by label (and serial), the PIN from MAHKAMA_PIN or the terminal
 * only when the token needs a login without a pinpad. Shared by `sign` and `close-day`.
 */
export async function openCliSigner(client: TokenServiceClient, io: SigningCliIo, lang: Language, choice: CliTokenChoice): Promise<Awaited<ReturnType<typeof openSigner>>> {
  const config = loadConfig(io.env);
  const modulePath = choice.module ?? config.pkcs11Module;
  if (!modulePath) throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.moduleNotConfigured');
  const module = { path: path.resolve(modulePath), osLocking: config.pkcs11OsLocking };
  const token = { label: choice.token, ...(choice.serial !== undefined ? { serial: choice.serial } : {}) };
  // A software token in a production build is refused before any PIN is asked.
  const policy = { production: config.production, allowSoftTokenOverride: config.allowSoftToken };
  assertTokenMaySign(policy, module.path);
  const tokens = (await client.request({ op: 'listTokens', module })).filter((t) => t.label === token.label && (token.serial === undefined || t.serial === token.serial));
  if (tokens.length === 0) throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.tokenNotFound', { params: { label: token.label } });
  if (tokens.length > 1) throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.tokenAmbiguous', { params: { label: token.label } });
  const info = tokens[0]!;
  assertTokenMaySign(policy, module.path, info);
  if (info.pinState === 'locked') throw new AppError('PIN_LOCKED', 'signing.errors.pinLocked');
  let pin: string | null = null;
  if (info.loginRequired && !info.protectedAuthPath) {
    pin = io.env.MAHKAMA_PIN || (await io.askSecret?.(catalogueMessage(lang, 'signing.cli.pinPrompt', { label: info.label }))) || null;
    if (!pin) throw new AppError('PIN_REQUIRED', 'signing.errors.pinRequired');
  }
  return openSigner(client, { module, token, ...(choice.keyId !== undefined ? { keyId: choice.keyId } : {}), rsaPss: choice.pss, pin, policy });
}

/**
 * The options of every command that signs with a card (`sign`, `sign-detached`): output, card
 * choice, timestamp; `pin` only so that a PIN given as an argument is refused by name.
 */
export const CARD_SIGNING_OPTIONS = {
  out: { type: 'string' },
  module: { type: 'string' },
  token: { type: 'string' },
  serial: { type: 'string' },
  'key-id': { type: 'string' },
  pss: { type: 'boolean' },
  tsa: { type: 'string' },
  'no-timestamp': { type: 'boolean' },
  pin: { type: 'string' },
} as const;

async function sign(argv: string[], io: SigningCliIo, lang: Language): Promise<number> {
  const { values, positionals } = asUsage(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...CARD_SIGNING_OPTIONS,
        reason: { type: 'string' },
        'name-ar': { type: 'string' },
        'name-latin': { type: 'string' },
        'role-ar': { type: 'string' },
        'role-latin': { type: 'string' },
        case: { type: 'string' },
        page: { type: 'string' },
      },
    }),
  );
  if (values.pin !== undefined) throw new SigningUsageError('sign: the PIN is never an argument: set MAHKAMA_PIN or type it when asked');
  if (positionals.length !== 1 || !values.out || typeof values.token !== 'string') {
    throw new SigningUsageError('sign: expected IN.pdf, --out OUT.pdf and --token LABEL');
  }
  const stamp = stampOf(values);
  const tsaUrl = timestampAuthority('sign', values, io.env);
  const input = path.resolve(positionals[0]!);
  const out = path.resolve(values.out);
  assertOutputUsable(input, out);
  // The PDF read once before the card is asked for anything: an encrypted, cut or missing file costs no PIN try.
  PdfFile.open(input).close();
  const client = io.tokenService ?? startTokenServiceClient(io.env, loadConfig(io.env));
  try {
    const signer = await openCliSigner(client, io, lang, {
      module: values.module,
      token: values.token,
      serial: values.serial,
      keyId: values['key-id'],
      pss: values.pss === true,
    });
    const summary = summarizeCertificate(signer.certificate);
    await signPdf(input, out, signer, {
      ...(typeof values.reason === 'string' ? { reason: values.reason } : {}),
      ...(summary.commonNames[0] ? { signerName: summary.commonNames[0] } : {}),
      ...(stamp ? { stamp } : {}),
      ...(tsaUrl ? signatureTimestampOptions(tsaUrl) : {}),
    });
    io.out(catalogueMessage(lang, 'signing.cli.signed', { subject: summary.subject, file: out }));
    return 0;
  } finally {
    if (!io.tokenService) await client.close();
  }
}

function problemsText(lang: Language, s: SignatureVerdict): string {
  return s.problems.map((p) => catalogueMessage(lang, `signing.problems.${p}`)).join('; ');
}

async function verify(argv: string[], io: SigningCliIo, lang: Language): Promise<number> {
  const { values, positionals } = asUsage(() =>
    parseArgs({ args: argv, allowPositionals: true, strict: true, options: { trust: { type: 'string', multiple: true }, json: { type: 'boolean' } } }),
  );
  if (positionals.length !== 1) throw new SigningUsageError('verify: expected one FILE.pdf');
  const anchors = trustAnchorFiles((values.trust ?? []).map((f) => path.resolve(f)));
  const result = await verifyPdf(path.resolve(positionals[0]!), anchors);
  if (values.json) io.out(JSON.stringify(result, null, 2));
  else {
    if (result.truncated) io.out(catalogueMessage(lang, 'signing.cli.fileCut'));
    else if (result.signatures.length === 0) io.out(catalogueMessage(lang, 'signing.cli.noSignatures'));
    for (const s of result.signatures) {
      const params = { index: s.index, field: s.fieldName, subject: s.signer?.subject ?? '?', time: s.timestamp?.valid ? s.timestamp.time! : (s.signingTime ?? '?') };
      io.out(s.valid ? catalogueMessage(lang, 'signing.cli.signatureValid', params) : catalogueMessage(lang, 'signing.cli.signatureInvalid', { ...params, reasons: problemsText(lang, s) }));
      if (s.kind === 'documentTimestamp') io.out(catalogueMessage(lang, 'signing.cli.documentTimestamp', { index: s.index, tsa: s.signer?.subject ?? '?' }));
      if (s.level) io.out(catalogueMessage(lang, 'signing.cli.level', { index: s.index, level: s.level }));
      for (const r of s.revocation) {
        if (r.status === 'revoked') io.out(catalogueMessage(lang, 'signing.cli.revoked', { index: s.index, subject: r.subject, at: r.revokedAt ?? '?' }));
      }
      if (s.bytesAfter > 0) io.out(catalogueMessage(lang, 'signing.cli.appendedAfter', { index: s.index, bytes: s.bytesAfter }));
    }
  }
  return result.allValid ? 0 : 1;
}

export function isSigningCommand(argv: string[]): boolean {
  return ['sign', 'verify', 'extend', 'sign-detached', 'verify-detached'].includes(argv[0] ?? '');
}

/** `sign …`, `verify …`, `extend …`, `sign-detached …` or `verify-detached …`. */
export async function runSigningCommand(argv: string[], io: SigningCliIo, lang: Language): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'sign') return sign(rest, io, lang);
  if (command === 'extend') return extendCommand(rest, io, lang);
  if (command === 'sign-detached') return signDetachedCommand(rest, io, lang);
  if (command === 'verify-detached') return verifyDetachedCommand(rest, io, lang);
  return verify(rest, io, lang);
}
