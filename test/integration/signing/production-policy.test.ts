// A production build and a SoftHSM2 token (issue 10 item 7): the signer refuses it with
// SOFTWARE_TOKEN_REFUSED and writes nothing — found by the module's name, and by the token's own
// manufacturer and model when the module is renamed —, the override lets it sign, and app.status
// says so from the start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../../src/main/services/app-service';
import { signPdf } from '../../../src/main/services/signing/pades-sign';
import type { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { openSigner } from '../../../src/main/services/signing/token-signer';
import { AppError } from '../../../src/shared/errors';
import type { AppStatus } from '../../../src/shared/schemas/views';
import { makeJudgmentPdfs, type JudgmentPdfs } from '../../helpers/judgment-pdfs';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { testConfig } from '../services/helpers';
import { startTokenService } from './helpers';

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('software tokens in a production build', { timeout: 120_000 }, () => {
  let hsm: SoftHsm;
  let client: TokenServiceClient;
  let pdfs: JudgmentPdfs;
  let work: string;
  const production = { production: true, allowSoftTokenOverride: false };

  beforeAll(async () => {
    hsm = makeSoftHsm([{ label: 'judge', pin: '2468', keys: [{ type: 'RSA', commonName: 'محمد العلوي Mohamed Alaoui' }] }]);
    client = startTokenService(hsm.env);
    work = path.join(hsm.dir, 'policy');
    fs.mkdirSync(work);
    pdfs = await makeJudgmentPdfs(work);
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    hsm?.cleanup();
  });

  it('refuses SoftHSM2 by its module name before the token is asked anything', async () => {
    const err = await refusal(openSigner(client, { module: { path: SOFTHSM_MODULE, osLocking: true }, token: { label: 'judge' }, pin: '2468', policy: production }));
    expect(err.code).toBe('SOFTWARE_TOKEN_REFUSED');
    expect(err.params).toMatchObject({ module: 'libsofthsm2.so' });
  });

  it('refuses it by the token\'s manufacturer and model when the module is renamed, and nothing is written', async () => {
    const renamed = path.join(work, 'libcourt-card.so');
    fs.symlinkSync(SOFTHSM_MODULE, renamed);
    const err = await refusal(openSigner(client, { module: { path: renamed, osLocking: true }, token: { label: 'judge' }, pin: '2468', policy: production }));
    expect(err.code).toBe('SOFTWARE_TOKEN_REFUSED');
    expect(err.params).toEqual({ module: 'libcourt-card.so', token: 'SoftHSM project SoftHSM v2' });
    expect(fs.readdirSync(work).filter((f) => f.startsWith('signed'))).toEqual([]);
  });

  it('signs in production with MAHKAMA_ALLOW_SOFT_TOKEN\'s override, and in development', async () => {
    for (const policy of [{ production: true, allowSoftTokenOverride: true }, { production: false, allowSoftTokenOverride: false }]) {
      const signer = await openSigner(client, { module: { path: SOFTHSM_MODULE, osLocking: true }, token: { label: 'judge' }, pin: '2468', policy });
      const out = path.join(work, `signed-${String(policy.production)}-${String(policy.allowSoftTokenOverride)}.pdf`);
      await signPdf(pdfs.classic, out, signer);
      expect(fs.statSync(out).size).toBeGreaterThan(fs.statSync(pdfs.classic).size);
    }
  });

  it('app.status says at start that the configured software module will be refused', async () => {
    const statusOf = async (overrides: Parameters<typeof testConfig>[1]): Promise<AppStatus> => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-policy-'));
      const service = await createAppService({ dataDir, config: testConfig(dataDir, overrides), dailySnapshots: false });
      try {
        const r = await service.handle('app.status', {});
        if (!r.ok) throw new Error(r.error.code);
        return r.value;
      } finally {
        await service.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    };
    expect((await statusOf({ production: true, pkcs11Module: SOFTHSM_MODULE })).signing).toEqual({ softwareTokens: 'refused', configuredModuleRefused: true });
    expect((await statusOf({ production: true, pkcs11Module: SOFTHSM_MODULE, allowSoftToken: true })).signing).toEqual({
      softwareTokens: 'allowedByOverride',
      configuredModuleRefused: false,
    });
    expect((await statusOf({ production: false, pkcs11Module: SOFTHSM_MODULE })).signing).toEqual({ softwareTokens: 'allowed', configuredModuleRefused: false });
  });
});
