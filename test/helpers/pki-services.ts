// The online PKI a long-term-validation test needs, all local and started by the test on free
// ports: an OCSP responder (`openssl ocsp -index … -port`, its own process) for the signers, CRLs
// of the root and the intermediate CA (made with `openssl ca -gencrl`), and an RFC 3161 timestamp
// authority (`openssl ts -reply`) behind a tiny node:http server, which can also be told to be
// down, to answer garbage, to refuse or to hold a request unanswered (a TSA that hangs), to show
// the signer's faults; the revocation services can be
// taken down too (the responder stopped, the CRLs answering 503) and brought back. The TSA's
// certificate is valid a year unless told otherwise (`tsaDays`), and the TSA can move to a new
// certificate for its key (`rollTsaCertificate`), as a TSA does before its certificate expires —
// what renewing an archive timestamp needs. Nothing here is a fake: the answers are openssl's.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

export type TsaMode = 'ok' | 'down' | 'garbage' | 'refuse' | 'hang';

export interface PkiServices {
  baseUrl: string;
  tsaUrl: string;
  ocspUrl: string;
  /** Extension lines for the intermediate CA (CRL of the root) and the signers (OCSP, CRL of the intermediate). */
  intermediateExtensions: string;
  signerExtensions: string;
  tsaMode: TsaMode;
  /** Timestamp requests received so far (any mode). */
  readonly tsaRequests: number;
  /**
   * Starts the OCSP responder and makes the TSA's certificate and the CRLs, once the CA exists in
   * `caDir`; `issued` are the signers' certificates, good or revoked (a minute ago).
   */
  start(caDir: string, issued: { certPem: string; revoked: boolean }[]): Promise<void>;
  /** Stops the OCSP responder and makes the CRL addresses answer 503; `revocationUp` undoes it. */
  revocationDown(): Promise<void>;
  revocationUp(): Promise<void>;
  /** The TSA's certificate (PEM), issued by the intermediate: the one it signs with now. */
  tsaCertPem(): string;
  /** Every certificate the TSA signed with so far (PEM, oldest first). */
  tsaCertPems(): string[];
  /** The intermediate issues the TSA a new certificate for its key, valid `days` days from now; the TSA signs with it from now on. */
  rollTsaCertificate(days: number): string;
  close(): Promise<void>;
}

function run(tool: string, args: string[], cwd?: string): string {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Waits for the responder's "waiting for OCSP client connections" line. Not a probe connection:
 * openssl's responder serves one connection at a time and an empty one can hold it.
 */
async function waitForResponder(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`openssl ocsp did not start: ${text}`)), timeoutMs);
    child.stderr!.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('waiting for OCSP client connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openssl ocsp exited with ${code}: ${text}`));
    });
  });
}

/** openssl's CA database line for a certificate: V or R, expiry, revocation time, serial, file, subject. */
function indexLine(certPem: string, revokedAt: Date | null): string {
  const x = new X509Certificate(certPem);
  const asn1Time = (d: Date) => `${d.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`;
  const subject = `/${x.subject.split('\n').join('/')}`;
  return [revokedAt ? 'R' : 'V', asn1Time(new Date(x.validTo)), revokedAt ? asn1Time(revokedAt) : '', x.serialNumber.toUpperCase(), 'unknown', subject].join('\t');
}

export async function createPkiServices(opts: { tsaDays?: number } = {}): Promise<PkiServices> {
  const tsaCerts: string[] = [];
  const ocspPort = await freePort();
  let dir = '';
  let ocsp: ChildProcess | null = null;
  const state: { mode: TsaMode; crlsDown: boolean; tsaRequests: number } = { mode: 'ok', crlsDown: false, tsaRequests: 0 };
  const held: http.ServerResponse[] = [];
  let tsaQueue: Promise<void> = Promise.resolve();

  const crl = (which: 'root' | 'intermediate') => path.join(dir, `${which}.crl`);
  const makeCrl = (which: 'root' | 'intermediate') => {
    run('openssl', ['ca', '-gencrl', '-config', path.join(dir, `${which}-ca.cnf`), '-keyfile', path.join(dir, `${which}.key.pem`), '-cert', path.join(dir, `${which}.cert.pem`), '-out', `${crl(which)}.pem`]);
    run('openssl', ['crl', '-in', `${crl(which)}.pem`, '-outform', 'DER', '-out', crl(which)]);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && (req.url === '/crl/root.crl' || req.url === '/crl/intermediate.crl')) {
        if (state.crlsDown) {
          res.writeHead(503).end('maintenance');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/pkix-crl' });
        res.end(fs.readFileSync(crl(req.url === '/crl/root.crl' ? 'root' : 'intermediate')));
        return;
      }
      if (req.method !== 'POST' || req.url !== '/tsa') {
        res.writeHead(404).end();
        return;
      }
      state.tsaRequests++;
      if (state.mode === 'down') {
        res.writeHead(503).end('maintenance');
        return;
      }
      if (state.mode === 'hang') {
        // Held until the mode changes (then 503) or the caller goes away.
        held.push(res);
        return;
      }
      if (state.mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
        res.end(Buffer.from('<html>this is not a timestamp</html>'));
        return;
      }
      const name = `q-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const query = path.join(dir, `${name}.tsq`);
      const reply = path.join(dir, `${name}.tsr`);
      fs.writeFileSync(query, Buffer.concat(chunks));
      // 'refuse': a TSA that accepts no SHA-256 imprint answers a rejection (badAlg), as openssl ts writes it.
      const args = ['ts', '-reply', '-config', path.join(dir, 'tsa.cnf'), '-section', state.mode === 'refuse' ? 'tsa_sha512_only' : 'tsa1', '-queryfile', query, '-out', reply];
      // One reply at a time: `openssl ts -reply` rewrites its serial file, and two at once fail.
      tsaQueue = tsaQueue.then(
        () =>
          new Promise<void>((done) => {
            const child = spawn('openssl', args, { stdio: 'ignore' });
            child.on('exit', () => {
              res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
              res.end(fs.existsSync(reply) ? fs.readFileSync(reply) : Buffer.alloc(0));
              done();
            });
          }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  // The intermediate CA answers OCSP for the certificates it issued.
  const startOcsp = async () => {
    ocsp = spawn(
      'openssl',
      ['ocsp', '-index', path.join(dir, 'intermediate-index.txt'), '-port', String(ocspPort), '-rsigner', path.join(dir, 'intermediate.cert.pem'), '-rkey', path.join(dir, 'intermediate.key.pem'), '-CA', path.join(dir, 'intermediate.cert.pem'), '-ignore_err', '-nmin', '60'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    await waitForResponder(ocsp);
  };
  const stopOcsp = async () => {
    if (ocsp && ocsp.exitCode === null && ocsp.signalCode === null) {
      const exited = new Promise((r) => ocsp!.once('exit', r));
      ocsp.kill('SIGTERM');
      await exited;
    }
    ocsp = null;
  };
  const port = (server.address() as net.AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  /** A certificate for the TSA's key (tsa.csr), valid `days` days, written where the TSA's configuration names its signer. */
  function issueTsaCertificate(days: number): string {
    const next = path.join(dir, `tsa-${tsaCerts.length + 1}.cert.pem`);
    run('openssl', ['x509', '-req', '-in', path.join(dir, 'tsa.csr'), '-CA', path.join(dir, 'intermediate.cert.pem'), '-CAkey', path.join(dir, 'intermediate.key.pem'), '-CAcreateserial', '-days', String(days), '-sha256', '-extfile', path.join(dir, 'tsa.ext'), '-out', next]);
    const pem = fs.readFileSync(next, 'utf8');
    // The TSA's replies are made one at a time (tsaQueue): a reply under way finishes with the old file or the new one, whole.
    fs.writeFileSync(`${path.join(dir, 'tsa.cert.pem')}.new`, pem);
    fs.renameSync(`${path.join(dir, 'tsa.cert.pem')}.new`, path.join(dir, 'tsa.cert.pem'));
    tsaCerts.push(pem);
    return pem;
  }

  const services: PkiServices = {
    baseUrl,
    tsaUrl: `${baseUrl}/tsa`,
    ocspUrl: `http://127.0.0.1:${ocspPort}`,
    intermediateExtensions: `crlDistributionPoints=URI:${baseUrl}/crl/root.crl\n`,
    signerExtensions: `authorityInfoAccess=OCSP;URI:http://127.0.0.1:${ocspPort}\ncrlDistributionPoints=URI:${baseUrl}/crl/intermediate.crl\n`,
    get tsaMode() {
      return state.mode;
    },
    set tsaMode(m: TsaMode) {
      state.mode = m;
      if (m !== 'hang') for (const res of held.splice(0)) if (!res.writableEnded && !res.destroyed) res.writeHead(503).end('maintenance');
    },
    get tsaRequests() {
      return state.tsaRequests;
    },
    async start(caDir: string, issued) {
      dir = caDir;
      for (const which of ['root', 'intermediate'] as const) {
        fs.writeFileSync(path.join(dir, `${which}-index.txt`), '');
        fs.writeFileSync(path.join(dir, `${which}-crlnumber`), '01\n');
        fs.writeFileSync(
          path.join(dir, `${which}-ca.cnf`),
          `[ca]\ndefault_ca = CA_default\n[CA_default]\ndatabase = ${path.join(dir, `${which}-index.txt`)}\ncrlnumber = ${path.join(dir, `${which}-crlnumber`)}\ndefault_md = sha256\ndefault_crl_days = 30\n`,
        );
      }
      // The intermediate is listed (good) in the root's database; the signers are added by `revoke` only when revoked.
      fs.writeFileSync(path.join(dir, 'root-index.txt'), `${indexLine(fs.readFileSync(path.join(dir, 'intermediate.cert.pem'), 'utf8'), null)}\n`);
      // The TSA: an EC key, certified by the intermediate for time stamping only, its status in the intermediate's CRL.
      const tsaKey = path.join(dir, 'tsa.key.pem');
      run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', tsaKey]);
      fs.writeFileSync(path.join(dir, 'tsa.ext'), `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncrlDistributionPoints=URI:${baseUrl}/crl/intermediate.crl\n`);
      run('openssl', ['req', '-new', '-key', tsaKey, '-subj', '/C=MA/O=Mahkama Test/CN=Mahkama Test TSA', '-out', path.join(dir, 'tsa.csr')]);
      issueTsaCertificate(opts.tsaDays ?? 365);
      fs.writeFileSync(path.join(dir, 'tsa-chain.pem'), fs.readFileSync(path.join(dir, 'intermediate.cert.pem')));
      fs.writeFileSync(path.join(dir, 'tsa-serial'), '01\n');
      fs.writeFileSync(
        path.join(dir, 'tsa.cnf'),
        [
          '[tsa]',
          'default_tsa = tsa1',
          '[tsa1]',
          `serial = ${path.join(dir, 'tsa-serial')}`,
          `signer_cert = ${path.join(dir, 'tsa.cert.pem')}`,
          `certs = ${path.join(dir, 'tsa-chain.pem')}`,
          `signer_key = ${tsaKey}`,
          'signer_digest = sha256',
          'default_policy = 1.2.3.4.1',
          'digests = sha256, sha384, sha512',
          'accuracy = secs:1',
          'ordering = yes',
          'tsa_name = yes',
          'ess_cert_id_alg = sha256',
          '[tsa_sha512_only]',
          `serial = ${path.join(dir, 'tsa-serial')}`,
          `signer_cert = ${path.join(dir, 'tsa.cert.pem')}`,
          `signer_key = ${tsaKey}`,
          'signer_digest = sha256',
          'default_policy = 1.2.3.4.1',
          'digests = sha512',
          '',
        ].join('\n'),
      );
      fs.writeFileSync(
        path.join(dir, 'intermediate-index.txt'),
        [...issued, { certPem: fs.readFileSync(path.join(dir, 'tsa.cert.pem'), 'utf8'), revoked: false }].map((c) => `${indexLine(c.certPem, c.revoked ? new Date(Date.now() - 60_000) : null)}\n`).join(''),
      );
      makeCrl('root');
      makeCrl('intermediate');
      await startOcsp();
    },
    async revocationDown() {
      state.crlsDown = true;
      await stopOcsp();
    },
    async revocationUp() {
      state.crlsDown = false;
      if (!ocsp) await startOcsp();
    },
    tsaCertPem: () => fs.readFileSync(path.join(dir, 'tsa.cert.pem'), 'utf8'),
    tsaCertPems: () => [...tsaCerts],
    rollTsaCertificate: (days) => issueTsaCertificate(days),
    async close() {
      await stopOcsp();
      for (const res of held.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  return services;
}
