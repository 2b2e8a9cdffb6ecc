// `extend` on the command line: long-term validation of a signed PDF, the same code as the app's
// (ltv-extend.ts): B-LT (DSS with the chains and their OCSP responses or CRLs) and, with a TSA,
// B-LTA (a document timestamp). Exit 0 when written; 1 when written but a signer is revoked (the
// evidence is kept, the signature is not good); errors exit 2 (index.ts).
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Language } from '../../shared/enums';
import { loadConfig } from '../services/config';
import { extendPdf } from '../../signatures/ltv-extend';
import type { CliIo } from './index';
import { trustAnchorFiles } from '../../signatures/trust-anchors';
import { assertOutputPlace, assertReadableFile, realFileOf } from './cli-files';
import { catalogueMessage } from './messages';
import { SigningUsageError } from './signing-commands';

export const LTV_USAGE = `  mahkama extend FILE.pdf --trust CA.pem... [--tsa URL | --no-timestamp] [--out OUT.pdf]`;

export async function extendCommand(argv: string[], io: CliIo, lang: Language): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { tsa: { type: 'string' }, 'no-timestamp': { type: 'boolean' }, out: { type: 'string' }, trust: { type: 'string', multiple: true } },
    });
  } catch (err) {
    throw new SigningUsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new SigningUsageError('extend: expected one FILE.pdf');
  if (!values.trust?.length) throw new SigningUsageError('extend: --trust CA.pem is needed to know where each chain ends');
  if (values.tsa !== undefined && values['no-timestamp']) throw new SigningUsageError('extend: --tsa and --no-timestamp exclude each other');
  const config = loadConfig(io.env);
  const tsaUrl = values['no-timestamp'] ? null : (values.tsa ?? config.tsaUrl);
  if (tsaUrl === null && !values['no-timestamp']) throw new SigningUsageError('extend: no TSA: give --tsa URL (or MAHKAMA_TSA_URL), or --no-timestamp for B-LT only');
  if (tsaUrl !== null && !URL.canParse(tsaUrl)) throw new SigningUsageError(`extend: --tsa ${tsaUrl} is not a URL`);
  const input = path.resolve(positionals[0]!);
  // A link is followed: the file it names is extended (its copy renamed over that file), and the
  // link stays a link. Renamed over the link itself, the court's archive would keep the old file.
  const output = realFileOf(path.resolve(values.out ?? positionals[0]!));
  assertReadableFile(input);
  // In place (no --out, or --out naming the file) its folder takes the copy renamed over it.
  assertOutputPlace(output);
  const result = await extendPdf(input, output, { tsaUrl, trustAnchors: trustAnchorFiles(values.trust.map((f) => path.resolve(f))) });
  io.out(catalogueMessage(lang, 'signing.cli.extended', { file: output, level: result.level, certs: result.added.certs, ocsps: result.added.ocsps, crls: result.added.crls }));
  for (const subject of result.revokedSigners) io.out(catalogueMessage(lang, 'signing.cli.signerRevoked', { subject }));
  return result.revokedSigners.length ? 1 : 0;
}
