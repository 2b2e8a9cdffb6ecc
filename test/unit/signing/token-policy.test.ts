// The production policy for software tokens (§6): which modules and tokens count as software, and
// what a development build, a production build and a production build with the override do.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { assertTokenMaySign, isSoftwareModule, isSoftwareToken, signingPolicyFromEnv, signingStatus } from '../../../src/main/services/signing/token-policy';

const production = { production: true, allowSoftTokenOverride: false };
const development = { production: false, allowSoftTokenOverride: false };
const softhsm = { manufacturer: 'SoftHSM project', model: 'SoftHSM v2' };
const card = { manufacturer: 'Gemalto', model: 'IDPrime MD 840' };

function refusal(run: () => void): AppError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('software token policy', () => {
  it('knows the software modules by file name and the smart-card drivers as not software', () => {
    for (const p of ['/usr/lib/softhsm/libsofthsm2.so', 'C:\\SoftHSM2\\lib\\softhsm2-x64.dll', '/usr/lib/x86_64-linux-gnu/nss/libsoftokn3.so', '/usr/lib/opencryptoki/stdll/libpkcs11_sw.so', '/usr/lib/kryoptic/libkryoptic_pkcs11.so']) {
      expect(isSoftwareModule(p), p).toBe(true);
    }
    for (const p of ['/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', '/usr/lib/libIDPrimePKCS11.so', '/opt/nfast/toolkits/pkcs11/libcknfast.so', 'C:\\Windows\\System32\\eTPKCS11.dll']) {
      expect(isSoftwareModule(p), p).toBe(false);
    }
  });

  it('knows a software token by its manufacturer or model, whatever its module is called', () => {
    expect(isSoftwareToken(softhsm)).toBe(true);
    expect(isSoftwareToken({ manufacturer: 'Mozilla Foundation', model: 'NSS 3' })).toBe(true);
    expect(isSoftwareToken(card)).toBe(false);
    expect(isSoftwareToken({ manufacturer: 'Thales', model: 'Luna K7' })).toBe(false);
  });

  it('a production build refuses a software module or token with SOFTWARE_TOKEN_REFUSED, naming both', () => {
    const byModule = refusal(() => assertTokenMaySign(production, '/usr/lib/softhsm/libsofthsm2.so'));
    expect(byModule.code).toBe('SOFTWARE_TOKEN_REFUSED');
    expect(byModule.i18nKey).toBe('signing.errors.softwareTokenRefused');
    expect(byModule.params).toEqual({ module: 'libsofthsm2.so', token: '-' });
    const byToken = refusal(() => assertTokenMaySign(production, '/opt/vendor/libvendor.so', softhsm));
    expect(byToken.params).toEqual({ module: 'libvendor.so', token: 'SoftHSM project SoftHSM v2' });
    expect(() => assertTokenMaySign(production, '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', card)).not.toThrow();
  });

  it('development, and production with the override, sign with a software token', () => {
    expect(() => assertTokenMaySign(development, '/usr/lib/softhsm/libsofthsm2.so', softhsm)).not.toThrow();
    expect(() => assertTokenMaySign({ production: true, allowSoftTokenOverride: true }, '/usr/lib/softhsm/libsofthsm2.so', softhsm)).not.toThrow();
  });

  it('the policy of a bare process comes from NODE_ENV and MAHKAMA_ALLOW_SOFT_TOKEN', () => {
    expect(signingPolicyFromEnv({ NODE_ENV: 'production' })).toEqual(production);
    expect(signingPolicyFromEnv({ NODE_ENV: 'production', MAHKAMA_ALLOW_SOFT_TOKEN: '1' })).toEqual({ production: true, allowSoftTokenOverride: true });
    expect(signingPolicyFromEnv({ NODE_ENV: 'test' })).toEqual(development);
  });

  it('the start-up status says whether the configured module will be refused', () => {
    expect(signingStatus(production, '/usr/lib/softhsm/libsofthsm2.so')).toEqual({ softwareTokens: 'refused', configuredModuleRefused: true });
    expect(signingStatus(production, '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so')).toEqual({ softwareTokens: 'refused', configuredModuleRefused: false });
    expect(signingStatus(production, null)).toEqual({ softwareTokens: 'refused', configuredModuleRefused: false });
    expect(signingStatus({ production: true, allowSoftTokenOverride: true }, '/usr/lib/softhsm/libsofthsm2.so')).toEqual({ softwareTokens: 'allowedByOverride', configuredModuleRefused: false });
    expect(signingStatus(development, '/usr/lib/softhsm/libsofthsm2.so')).toEqual({ softwareTokens: 'allowed', configuredModuleRefused: false });
  });
});
