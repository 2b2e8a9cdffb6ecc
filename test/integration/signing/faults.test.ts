// Faults around a PDF signature: the token service killed while the token signs (no output file,
// an earlier file at the target left as it was, no temporary file left, the next signature
// works), and PDFs refused with their reason: encrypted, certified, broken xref, cut short, not a PDF.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { signPdf } from '../../../src/main/services/signing/pades-sign';
import { verifyPdf } from '../../../src/signatures/pdf-verify';
import type { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { openSigner, type Signer } from '../../../src/main/services/signing/token-signer';
import { makeJudgmentPdfs, type JudgmentPdfs } from '../../helpers/judgment-pdfs';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { startTokenService } from './helpers';
import { allToolsAgree, independentVerdicts } from './pdf-tools';

const module = { path: SOFTHSM_MODULE, osLocking: true };

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('signing faults', () => {
  let hsm: SoftHsm;
  let client: TokenServiceClient;
  let pdfs: JudgmentPdfs;
  let work: string;
  let signer: Signer;

  beforeAll(async () => {
    hsm = makeSoftHsm([{ label: 'judge', pin: '2468', keys: [{ type: 'EC', commonName: 'Judge' }] }]);
    client = startTokenService(hsm.env);
    work = path.join(hsm.dir, 'faults');
    fs.mkdirSync(work);
    pdfs = await makeJudgmentPdfs(work);
    signer = await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' });
  }, 120_000); // a CA, tokens and Chromium PDFs: slow on a busy machine
  afterAll(async () => {
    await client?.close();
    hsm?.cleanup();
  });

  it('the token service killed mid-signature: typed error, nothing written, the next signature works', async () => {
    const out = path.join(work, 'killed.pdf');
    fs.writeFileSync(out, 'the file that was here before');
    const killedWhileSigning: Signer = {
      ...signer,
      signDigest(digest) {
        const pending = signer.signDigest(digest);
        process.kill(client.pid!, 'SIGKILL');
        return pending;
      },
    };
    const e = await refusal(signPdf(pdfs.classic, out, killedWhileSigning));
    expect(e).toMatchObject({ code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.serviceStopped' });
    expect(fs.readFileSync(out, 'utf8')).toBe('the file that was here before');
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    await signPdf(pdfs.classic, out, signer);
    expect(independentVerdicts(out, hsm.ca.rootFile, work)).toEqual(allToolsAgree(1, true));
    expect((await verifyPdf(out, [Buffer.from(hsm.ca.rootPem)])).allValid).toBe(true);
  });

  it('refuses an encrypted PDF', async () => {
    const encrypted = path.join(work, 'encrypted.pdf');
    execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', pdfs.classic, encrypted]);
    const out = path.join(work, 'encrypted-signed.pdf');
    expect(await refusal(signPdf(encrypted, out, signer))).toMatchObject({ code: 'PDF_UNSUPPORTED', i18nKey: 'signing.errors.pdfEncrypted' });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a PDF whose startxref points at the wrong place, or whose xref table is damaged', async () => {
    const bytes = fs.readFileSync(pdfs.classic);
    const text = bytes.toString('latin1');
    const at = text.lastIndexOf('startxref');
    const m = /startxref\s+(\d+)/.exec(text.slice(at))!;
    const wrong = Buffer.from(text.slice(0, at) + text.slice(at).replace(m[0], `startxref\n${Number(m[1]) - 7}`), 'latin1');
    const shifted = path.join(work, 'shifted-xref.pdf');
    fs.writeFileSync(shifted, wrong);
    const out = path.join(work, 'never.pdf');
    expect(await refusal(signPdf(shifted, out, signer))).toMatchObject({ code: 'PDF_UNSUPPORTED', i18nKey: 'signing.errors.pdfBrokenXref' });

    // Every offset in the table moved by a few bytes: the catalog is not where the table says.
    const table = text.indexOf('\nxref\n', at - 200000 > 0 ? at - 200000 : 0);
    const damaged = Buffer.from(text.slice(0, table) + text.slice(table).replace(/(\d{10}) (\d{5}) n/g, (_, o: string, g: string) => `${String(Number(o) + 3).padStart(10, '0')} ${g} n`), 'latin1');
    const damagedFile = path.join(work, 'damaged-xref.pdf');
    fs.writeFileSync(damagedFile, damaged);
    expect(await refusal(signPdf(damagedFile, out, signer))).toMatchObject({ code: 'PDF_UNSUPPORTED', i18nKey: 'signing.errors.pdfBrokenXref' });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a certified PDF (its author allowed no further signature)', async () => {
    // /Perms /DocMDP put into the catalog by hand, then qpdf rebuilds the xref around it.
    const text = fs.readFileSync(pdfs.classic).toString('latin1');
    expect(text).toContain('<</Type /Catalog');
    const edited = path.join(work, 'certified-edited.pdf');
    fs.writeFileSync(edited, Buffer.from(text.replace('<</Type /Catalog', '<</Type /Catalog /Perms <</DocMDP <</Type /Sig>>>>'), 'latin1'));
    const certified = path.join(work, 'certified.pdf');
    try {
      execFileSync('qpdf', [edited, certified], { stdio: 'ignore' });
    } catch {
      /* exit 3: qpdf warns that it rebuilt the xref, and writes the file */
    }
    const out = path.join(work, 'never.pdf');
    expect(await refusal(signPdf(certified, out, signer))).toMatchObject({ code: 'PDF_UNSUPPORTED', i18nKey: 'signing.errors.pdfCertified' });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a PDF cut short and a file that is not a PDF, saying why', async () => {
    const bytes = fs.readFileSync(pdfs.xrefStream);
    const cut = path.join(work, 'cut.pdf');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const out = path.join(work, 'never.pdf');
    expect(await refusal(signPdf(cut, out, signer))).toMatchObject({ code: 'PDF_UNSUPPORTED', i18nKey: 'signing.errors.pdfCorrupt' });
    const notPdf = path.join(work, 'not.pdf');
    fs.writeFileSync(notPdf, Buffer.from('PK\u0003\u0004 this is a zip, not a PDF'));
    expect(await refusal(signPdf(notPdf, out, signer))).toMatchObject({ code: 'PDF_UNSUPPORTED', i18nKey: 'signing.errors.pdfCorrupt', params: { why: 'pdfNoHeader' } });
    expect(await refusal(verifyPdf(notPdf))).toMatchObject({ code: 'PDF_UNSUPPORTED' });
    expect(fs.existsSync(out)).toBe(false);
  });
});
