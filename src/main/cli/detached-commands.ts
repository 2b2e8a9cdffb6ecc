// Detached signatures of any file on the command line, with the app's code (token service, signer,
// the PDF verifier's signer check):
//   sign-detached FILE --out FILE.p7s --token LABEL [--module LIB.so] [--serial S] [--key-id ID] [--pss] [--tsa URL | --no-timestamp]
//   verify-detached FILE --sig FILE.p7s [--trust CA.pem]... [--json]
// `sign-detached` writes a DER CAdES-BES (B-T with a TSA, as `sign`) and nothing when it fails.
// `verify-detached` exits 0 only when the signature is sound over that file and chains to an anchor
// given with --trust (as `verify`: without one, the chain is not checked and the verdict says so),
// 1 when it is not, 2 on error (index.ts).
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Language } from '../../shared/enums';
import { summarizeCertificate } from '../../signatures/cert-info';
import { verifyDetached, type DetachedVerification } from '../../signatures/cades-verify';
import { addSignatureTimestamp } from '../../signatures/timestamp-client';
import { signFileDetached } from '../services/signing/cades-sign';
import { loadConfig } from '../services/config';
import { startTokenServiceClient } from '../services/signing/token-service-entry';
import { trustAnchorFiles } from '../../signatures/trust-anchors';
import { assertOutputUsable, assertReadableFile } from './cli-files';
import { catalogueMessage } from './messages';
import { CARD_SIGNING_OPTIONS, openCliSigner, SigningUsageError, timestampAuthority, type SigningCliIo } from './signing-commands';

export const DETACHED_USAGE = `  mahkama sign-detached FILE --out FILE.p7s --token LABEL [--module LIB.so] [--serial SERIAL] [--key-id ID] [--pss] [--tsa URL | --no-timestamp]
  mahkama verify-detached FILE --sig FILE.p7s [--trust CA.pem]... [--json]`;

function parse<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw new SigningUsageError((err as Error).message);
  }
}

export async function signDetachedCommand(argv: string[], io: SigningCliIo, lang: Language): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: CARD_SIGNING_OPTIONS,
    }),
  );
  if (values.pin !== undefined) throw new SigningUsageError('sign-detached: the PIN is never an argument: set MAHKAMA_PIN or type it when asked');
  if (positionals.length !== 1 || !values.out || typeof values.token !== 'string') {
    throw new SigningUsageError('sign-detached: expected FILE, --out FILE.p7s and --token LABEL');
  }
  const input = path.resolve(positionals[0]!);
  const out = path.resolve(values.out);
  const tsaUrl = timestampAuthority('sign-detached', values, io.env);
  assertOutputUsable(input, out);
  assertReadableFile(input);
  const client = io.tokenService ?? startTokenServiceClient(io.env, loadConfig(io.env));
  try {
    const signer = await openCliSigner(client, io, lang, { module: values.module, token: values.token, serial: values.serial, keyId: values['key-id'], pss: values.pss === true });
    const done = await signFileDetached(input, out, signer, tsaUrl ? { completeCms: (cms) => addSignatureTimestamp(cms, tsaUrl) } : {});
    const summary = summarizeCertificate(signer.certificate);
    io.out(catalogueMessage(lang, 'signing.cli.signedDetached', { subject: summary.subject, file: input, sha256: done.sha256, level: tsaUrl ? 'B-T' : 'B-B', out }));
    return 0;
  } finally {
    if (!io.tokenService) await client.close();
  }
}

function printVerdict(lang: Language, v: DetachedVerification, io: SigningCliIo): void {
  const time = v.timestamp?.valid ? v.timestamp.time! : (v.signingTime ?? '?');
  const params = { subject: v.signer?.subject ?? '?', time, file: v.file, level: v.level ?? '?' };
  if (v.valid) io.out(catalogueMessage(lang, 'signing.cli.detachedValid', params));
  else {
    const reasons = v.problems.map((p) => catalogueMessage(lang, `signing.problems.${p}`)).join('; ');
    io.out(catalogueMessage(lang, 'signing.cli.detachedInvalid', { ...params, reasons }));
  }
  if (v.timestamp) io.out(catalogueMessage(lang, 'signing.cli.detachedTimestamp', { tsa: v.timestamp.tsa ?? '?', time: v.timestamp.time ?? '?' }));
}

export async function verifyDetachedCommand(argv: string[], io: SigningCliIo, lang: Language): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { sig: { type: 'string' }, trust: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    }),
  );
  if (positionals.length !== 1 || typeof values.sig !== 'string') throw new SigningUsageError('verify-detached: expected FILE and --sig FILE.p7s');
  const anchors = trustAnchorFiles((values.trust ?? []).map((f) => path.resolve(f)));
  const verdict = await verifyDetached(path.resolve(positionals[0]!), path.resolve(values.sig), anchors);
  if (values.json) io.out(JSON.stringify(verdict, null, 2));
  else printVerdict(lang, verdict, io);
  return verdict.valid ? 0 : 1;
}
