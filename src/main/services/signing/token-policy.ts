// Which PKCS#11 tokens may sign here (issue 10 item 7): a software token keeps its private key in
// a file on the workstation, so anyone with a copy of that file and the PIN can sign as the judge.
// It is for development and tests; a production build refuses it, at start (app.status) and again
// at every signature (the configured module may be right while the token chosen is not).
//
// A token is "software" when its module or its token info names a known software implementation.
// PKCS#11 has no flag that says so reliably (CKF_HW_SLOT is set by some software modules and not by
// some network HSMs), so this is a list of names, each seen in the module's file name or in
// C_GetTokenInfo's manufacturerID/model; a new software token is added here with its test.
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { SoftTokenRule } from '../../../shared/schemas/views';

export interface SigningPolicy {
  /** A production build (NODE_ENV=production, or Electron's app.isPackaged). */
  production: boolean;
  /** MAHKAMA_ALLOW_SOFT_TOKEN: lets a production build sign with a software token (tests of the built app, training rooms). */
  allowSoftTokenOverride: boolean;
}

export function softTokenRule(policy: SigningPolicy): SoftTokenRule {
  if (!policy.production) return 'allowed';
  return policy.allowSoftTokenOverride ? 'allowedByOverride' : 'refused';
}

/** The policy of a process that was given none: NODE_ENV and MAHKAMA_ALLOW_SOFT_TOKEN of its environment. */
export function signingPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): SigningPolicy {
  const flag = env.MAHKAMA_ALLOW_SOFT_TOKEN;
  return { production: env.NODE_ENV === 'production', allowSoftTokenOverride: flag === '1' || flag === 'true' };
}

// SoftHSM2 (libsofthsm2.so, "SoftHSM project" / "SoftHSM v2"), NSS's softokn (libsoftokn3,
// "Mozilla Foundation" / "NSS 3"), openCryptoki's soft token (PKCS11_SW, model "Soft"), Kryoptic,
// and p11-kit's trust module (no keys, but a software store all the same).
const SOFTWARE_MODULE_FILES = [/softhsm/i, /softokn/i, /pkcs11_sw|swtok/i, /kryoptic/i, /p11-kit-trust/i];
const SOFTWARE_TOKEN_NAMES = [/softhsm/i, /\bNSS\b/, /mozilla/i, /^soft$/i, /kryoptic/i, /software/i];

export function isSoftwareModule(modulePath: string): boolean {
  const file = path.basename(modulePath);
  return SOFTWARE_MODULE_FILES.some((re) => re.test(file));
}

export function isSoftwareToken(token: { manufacturer: string; model: string }): boolean {
  return SOFTWARE_TOKEN_NAMES.some((re) => re.test(token.manufacturer) || re.test(token.model));
}

/** What app.status says at start: the rule, and whether the configured module is one it refuses. */
export function signingStatus(policy: SigningPolicy, configuredModule: string | null): { softwareTokens: SoftTokenRule; configuredModuleRefused: boolean } {
  const rule = softTokenRule(policy);
  return { softwareTokens: rule, configuredModuleRefused: rule === 'refused' && configuredModule !== null && isSoftwareModule(configuredModule) };
}

/** Throws SOFTWARE_TOKEN_REFUSED when the policy forbids signing with this module or token. */
export function assertTokenMaySign(policy: SigningPolicy, modulePath: string, token?: { manufacturer: string; model: string }): void {
  if (softTokenRule(policy) !== 'refused') return;
  if (isSoftwareModule(modulePath) || (token !== undefined && isSoftwareToken(token))) {
    throw new AppError('SOFTWARE_TOKEN_REFUSED', 'signing.errors.softwareTokenRefused', {
      params: { module: path.basename(modulePath), token: token ? `${token.manufacturer} ${token.model}`.trim() : '-' },
    });
  }
}
