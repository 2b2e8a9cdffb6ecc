// SoftHSM2 tokens for the signing tests, made from scratch in a temporary SOFTHSM2_CONF folder:
// a test CA chain built with openssl (root -> intermediate -> signers), then RSA-2048 and EC P-256
// keys imported with softhsm2-util and their certificates (and the intermediate's) written with
// pkcs11-tool. SoftHSM2 is a real PKCS#11 module; only what it cannot show (PIN counters, pinpad,
// always-authenticate) uses the fake of test/helpers/fake-pkcs11-token.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

function run(tool: string, args: string[], env?: NodeJS.ProcessEnv): string {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

export interface TestKey {
  /** CKA_ID as hex. */
  id: string;
  label: string;
  type: 'RSA' | 'EC';
  certPem: string;
  certDer: Buffer;
  /** The key's PEM file (to sign with openssl in comparisons). */
  keyFile: string;
}

export interface TestCa {
  dir: string;
  rootPem: string;
  rootFile: string;
  intermediatePem: string;
  intermediateFile: string;
  intermediateDer: Buffer;
}

export interface TestToken {
  label: string;
  serial: string;
  pin: string;
  soPin: string;
  keys: TestKey[];
}

export interface SoftHsm {
  dir: string;
  /** Environment that points SoftHSM2 at this folder (for the token service process). */
  env: { SOFTHSM2_CONF: string };
  ca: TestCa;
  tokens: TestToken[];
  cleanup(): void;
}

const SIGNER_EXT = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';
const ENCRYPT_ONLY_EXT = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\n';
const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';

function newKey(dir: string, name: string, type: 'RSA' | 'EC'): string {
  const file = path.join(dir, `${name}.key.pem`);
  if (type === 'RSA') run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file]);
  else run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
  return file;
}

function issue(dir: string, name: string, subject: string, keyFile: string, issuer: { cert: string; key: string }, ext: string): string {
  const csr = path.join(dir, `${name}.csr`);
  const extFile = path.join(dir, `${name}.ext`);
  const cert = path.join(dir, `${name}.cert.pem`);
  fs.writeFileSync(extFile, ext);
  run('openssl', ['req', '-new', '-key', keyFile, '-subj', subject, '-utf8', '-out', csr]);
  run('openssl', ['x509', '-req', '-in', csr, '-CA', issuer.cert, '-CAkey', issuer.key, '-CAcreateserial', '-days', '30', '-sha256', '-extfile', extFile, '-out', cert]);
  return cert;
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** Root and intermediate CAs in `dir`. */
export function makeTestCa(dir: string, name = 'Mahkama Test', intermediateExtra = ''): TestCa & { intermediateKey: string } {
  const rootKey = newKey(dir, 'root', 'EC');
  const rootFile = path.join(dir, 'root.cert.pem');
  fs.writeFileSync(path.join(dir, 'root.ext'), CA_EXT.replace('authorityKeyIdentifier=keyid\n', ''));
  run('openssl', ['req', '-x509', '-new', '-key', rootKey, '-subj', `/C=MA/O=${name}/CN=${name} Root CA`, '-days', '60', '-sha256', '-extensions', 'v3', '-config', writeReqConfig(dir), '-out', rootFile]);
  const intermediateKey = newKey(dir, 'intermediate', 'EC');
  const intermediateFile = issue(dir, 'intermediate', `/C=MA/O=${name}/CN=${name} Signing CA`, intermediateKey, { cert: rootFile, key: rootKey }, CA_EXT + intermediateExtra);
  const intermediatePem = fs.readFileSync(intermediateFile, 'utf8');
  return {
    dir,
    rootFile,
    rootPem: fs.readFileSync(rootFile, 'utf8'),
    intermediateFile,
    intermediatePem,
    intermediateDer: pemToDer(intermediatePem),
    intermediateKey,
  };
}

function writeReqConfig(dir: string): string {
  const file = path.join(dir, 'req.cnf');
  fs.writeFileSync(file, `[req]\ndistinguished_name=dn\n[dn]\n[v3]\n${CA_EXT.replace('authorityKeyIdentifier=keyid\n', '')}`);
  return file;
}

export interface TokenSpec {
  label: string;
  pin: string;
  /** Subject common names of the signer keys; keys get ids 01, 02, … in this order. */
  keys: { type: 'RSA' | 'EC'; commonName: string; encryptOnly?: boolean }[];
}

export interface SoftHsmOptions {
  /** Extension lines added to the intermediate CA's and the signers' certificates (AIA, CRL distribution points). */
  intermediateExtensions?: string;
  signerExtensions?: string;
}

/** A SoftHSM2 folder with the given tokens, their keys and certificates from one test CA. */
export function makeSoftHsm(specs: TokenSpec[], options: SoftHsmOptions = {}): SoftHsm {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-softhsm-'));
  const tokenDir = path.join(dir, 'tokens');
  fs.mkdirSync(tokenDir);
  const conf = path.join(dir, 'softhsm2.conf');
  fs.writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const env = { SOFTHSM2_CONF: conf };
  const caDir = path.join(dir, 'ca');
  fs.mkdirSync(caDir);
  const ca = makeTestCa(caDir, 'Mahkama Test', options.intermediateExtensions ?? '');
  const tokens: TestToken[] = [];
  for (const spec of specs) {
    const soPin = '87654321';
    run('softhsm2-util', ['--init-token', '--free', '--label', spec.label, '--so-pin', soPin, '--pin', spec.pin], env);
    const slots = run('softhsm2-util', ['--show-slots'], env);
    const serial = new RegExp(`Serial number:\\s+(\\S+)\\n(?:.*\\n){0,3}?\\s+Label:\\s+${spec.label}\\s*\\n`).exec(slots)?.[1];
    if (!serial) throw new Error(`no serial for token ${spec.label} in:\n${slots}`);
    const keys: TestKey[] = [];
    spec.keys.forEach((k, i) => {
      const id = (i + 1).toString(16).padStart(2, '0');
      const label = `${spec.label}-${k.type.toLowerCase()}-${id}`;
      const keyFile = newKey(caDir, label, k.type);
      const certFile = issue(caDir, label, `/C=MA/O=Mahkama Test/CN=${k.commonName}`, keyFile, { cert: ca.intermediateFile, key: ca.intermediateKey }, k.encryptOnly ? ENCRYPT_ONLY_EXT : SIGNER_EXT + (options.signerExtensions ?? ''));
      const certPem = fs.readFileSync(certFile, 'utf8');
      const certDer = pemToDer(certPem);
      const derFile = path.join(caDir, `${label}.cert.der`);
      fs.writeFileSync(derFile, certDer);
      run('softhsm2-util', ['--import', keyFile, '--token', spec.label, '--label', label, '--id', id, '--pin', spec.pin], env);
      writeCertificate(env, spec.label, spec.pin, derFile, id, label);
      keys.push({ id, label, type: k.type, certPem, certDer, keyFile });
    });
    // The intermediate CA's certificate travels on the card, as on real ones, to complete the chain.
    const intermediateDer = path.join(caDir, 'intermediate.cert.der');
    fs.writeFileSync(intermediateDer, ca.intermediateDer);
    writeCertificate(env, spec.label, spec.pin, intermediateDer, 'ca01', 'Signing CA');
    tokens.push({ label: spec.label, serial, pin: spec.pin, soPin, keys });
  }
  return { dir, env, ca, tokens, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function writeCertificate(env: NodeJS.ProcessEnv, label: string, pin: string, derFile: string, id: string, objectLabel: string): void {
  run('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', label, '--login', '--pin', pin, '--write-object', derFile, '--type', 'cert', '--id', id, '--label', objectLabel], env);
}
