// The server's configuration from the environment: it starts with nothing set on a developer's
// machine, lists every problem at once, and in production refuses what is only safe for development.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configProblemLines, loadServerConfig, secretWeakness, type ServerConfig } from '../../../src/server/config';
import { AppError } from '../../../src/shared/errors';

const GOOD_SECRET = 'q3V8f1ZkR2mN7xLp0sTbYc4HdWj9Ae6G';

function problemsOf(env: NodeJS.ProcessEnv): { err: AppError; lines: string[] } {
  try {
    loadServerConfig(env, '/srv/mahkama');
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { err, lines: configProblemLines(err) };
  }
  throw new Error('the configuration was accepted');
}

describe('server configuration: defaults', () => {
  it('needs nothing set in development: 127.0.0.1:8787, SQLite in ./server-data, a per-process secret, CORS closed', () => {
    const c = loadServerConfig({}, '/srv/mahkama');
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      databaseUrl: null,
      dataDir: path.resolve('/srv/mahkama', 'server-data'),
      bodyLimitBytes: 1024 * 1024,
      enrolPerMinute: 10,
      corsOrigins: [],
      trustProxy: [],
      logLevel: 'info',
      allowSqliteInProduction: false,
      shutdownGraceMs: 10_000,
      production: false,
      warnings: [],
    } satisfies Partial<ServerConfig>);
    expect(c.jwt).toMatchObject({ secretSource: 'generated', issuer: 'mahkama-server', audience: 'mahkama-workstation', accessTokenTtlSeconds: 900 });
    expect(c.jwt.secret.byteLength).toBeGreaterThanOrEqual(32);
    // Each process makes its own.
    expect(loadServerConfig({}).jwt.secret.reveal()).not.toBe(c.jwt.secret.reveal());
  });

  it('reads every setting', () => {
    const c = loadServerConfig(
      {
        MAHKAMA_SERVER_HOST: '0.0.0.0',
        MAHKAMA_SERVER_PORT: '0',
        DATABASE_URL: 'postgresql://mahkama:pw@db.internal:5432/mahkama',
        MAHKAMA_SERVER_DATA_DIR: '/var/lib/mahkama-server',
        MAHKAMA_SERVER_JWT_SECRET: GOOD_SECRET,
        MAHKAMA_SERVER_JWT_ISSUER: 'https://sync.tribunal.ma',
        MAHKAMA_SERVER_JWT_AUDIENCE: 'desk',
        MAHKAMA_SERVER_ACCESS_TOKEN_TTL_SECONDS: '300',
        MAHKAMA_SERVER_BODY_LIMIT_BYTES: '8388608',
        MAHKAMA_SERVER_ENROL_PER_MINUTE: '60',
        MAHKAMA_SERVER_CORS_ORIGINS: 'https://greffe.tribunal.ma, http://localhost:5173',
        MAHKAMA_SERVER_TRUST_PROXY: '10.0.0.5, 192.168.10.0/24, fd00::/8, loopback',
        MAHKAMA_SERVER_LOG_LEVEL: 'warn',
        MAHKAMA_SERVER_ALLOW_SQLITE_IN_PRODUCTION: 'true',
        MAHKAMA_SERVER_SHUTDOWN_GRACE_SECONDS: '3',
        NODE_ENV: 'production',
      },
      '/ignored',
    );
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/var/lib/mahkama-server',
      bodyLimitBytes: 8_388_608,
      enrolPerMinute: 60,
      corsOrigins: ['https://greffe.tribunal.ma', 'http://localhost:5173'],
      trustProxy: ['10.0.0.5', '192.168.10.0/24', 'fd00::/8', 'loopback'],
      logLevel: 'warn',
      allowSqliteInProduction: true,
      shutdownGraceMs: 3_000,
      production: true,
    });
    expect(c.databaseUrl?.reveal()).toBe('postgresql://mahkama:pw@db.internal:5432/mahkama');
    expect(c.jwt).toMatchObject({ secretSource: 'environment', issuer: 'https://sync.tribunal.ma', audience: 'desk', accessTokenTtlSeconds: 300 });
    expect(c.jwt.secret.reveal()).toBe(GOOD_SECRET);
  });

  it('never shows a secret or the database URL when the configuration is printed or logged', () => {
    const c = loadServerConfig({ MAHKAMA_SERVER_JWT_SECRET: GOOD_SECRET, DATABASE_URL: 'postgres://u:hunter2@db/m' });
    const shown = [JSON.stringify(c), inspect(c, { depth: 5 }), String(c.jwt.secret), `${c.databaseUrl}`].join('\n');
    expect(shown).not.toContain(GOOD_SECRET);
    expect(shown).not.toContain('hunter2');
    expect(shown).toContain('[redacted]');
  });
});

describe('server configuration: every problem at once', () => {
  it('lists each bad setting in one CONFIG_INVALID error, without echoing the values', () => {
    const { err, lines } = problemsOf({
      MAHKAMA_SERVER_HOST: 'bad host!',
      MAHKAMA_SERVER_PORT: '70000',
      DATABASE_URL: 'mysql://root:topsecret@db/m',
      MAHKAMA_SERVER_JWT_ISSUER: 'has spaces',
      MAHKAMA_SERVER_ACCESS_TOKEN_TTL_SECONDS: 'soon',
      MAHKAMA_SERVER_BODY_LIMIT_BYTES: '10',
      MAHKAMA_SERVER_ENROL_PER_MINUTE: '0',
      MAHKAMA_SERVER_CORS_ORIGINS: 'https://ok.example, https://bad.example/path',
      MAHKAMA_SERVER_TRUST_PROXY: '10.0.0.5, 10.0.0.0/33',
      MAHKAMA_SERVER_LOG_LEVEL: 'loud',
      MAHKAMA_SERVER_ALLOW_SQLITE_IN_PRODUCTION: 'perhaps',
      MAHKAMA_SERVER_SHUTDOWN_GRACE_SECONDS: '-1',
    });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.i18nKey).toBe('errors.server.configInvalid');
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual(
      [
        'DATABASE_URL',
        'MAHKAMA_SERVER_ACCESS_TOKEN_TTL_SECONDS',
        'MAHKAMA_SERVER_ALLOW_SQLITE_IN_PRODUCTION',
        'MAHKAMA_SERVER_BODY_LIMIT_BYTES',
        'MAHKAMA_SERVER_CORS_ORIGINS',
        'MAHKAMA_SERVER_ENROL_PER_MINUTE',
        'MAHKAMA_SERVER_HOST',
        'MAHKAMA_SERVER_JWT_ISSUER',
        'MAHKAMA_SERVER_LOG_LEVEL',
        'MAHKAMA_SERVER_PORT',
        'MAHKAMA_SERVER_SHUTDOWN_GRACE_SECONDS',
        'MAHKAMA_SERVER_TRUST_PROXY',
      ].sort(),
    );
    expect(err.params?.count).toBe(12);
    expect(JSON.stringify(err.toData())).not.toContain('topsecret');
    expect(err.fields?.every((f) => f.i18nKey === 'errors.config.badSetting')).toBe(true);
  });

  it('takes an empty value as unset, so the default applies', () => {
    const c = loadServerConfig({ MAHKAMA_SERVER_PORT: '', MAHKAMA_SERVER_HOST: ' ', DATABASE_URL: '', MAHKAMA_SERVER_CORS_ORIGINS: ' , ', MAHKAMA_SERVER_TRUST_PROXY: ' ' });
    expect(c).toMatchObject({ port: 8787, host: '127.0.0.1', databaseUrl: null, corsOrigins: [], trustProxy: [] });
  });
});

describe('server configuration: production refuses what only development may use', () => {
  it('lists a missing secret, SQLite not allowed and a wildcard origin together with malformed settings', () => {
    const { lines } = problemsOf({ NODE_ENV: 'production', MAHKAMA_SERVER_CORS_ORIGINS: '*', MAHKAMA_SERVER_PORT: 'http' });
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual(
      ['DATABASE_URL', 'MAHKAMA_SERVER_CORS_ORIGINS', 'MAHKAMA_SERVER_JWT_SECRET', 'MAHKAMA_SERVER_PORT'].sort(),
    );
    expect(lines.find((l) => l.startsWith('DATABASE_URL'))).toMatch(/MAHKAMA_SERVER_ALLOW_SQLITE_IN_PRODUCTION=1/);
  });

  it.each([
    ['short', 'Zx8-q'],
    ['one repeated character', 'a'.repeat(64)],
    ['a short piece repeated', 'abc123'.repeat(8)],
    ['few different characters', 'ababababbbaabbabaabababbabababaaabbbbab'],
    ["jwt.io's example", 'a-string-secret-at-least-256-bits-long'],
    ['a well-known word, in any case', 'ChangeMe'],
  ])('refuses a JWT secret that is %s, naming why and never showing it', (_why, secret) => {
    const { lines } = problemsOf({ NODE_ENV: 'production', MAHKAMA_SERVER_JWT_SECRET: secret, DATABASE_URL: 'postgres://db/m' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^MAHKAMA_SERVER_JWT_SECRET: /);
    expect(lines[0]).not.toContain(secret);
  });

  it('starts with a strong secret and PostgreSQL, or with SQLite when explicitly allowed', () => {
    expect(loadServerConfig({ NODE_ENV: 'production', MAHKAMA_SERVER_JWT_SECRET: GOOD_SECRET, DATABASE_URL: 'postgres://db/m' }).production).toBe(true);
    const sqlite = loadServerConfig({ NODE_ENV: 'production', MAHKAMA_SERVER_JWT_SECRET: GOOD_SECRET, MAHKAMA_SERVER_ALLOW_SQLITE_IN_PRODUCTION: '1' });
    expect(sqlite.databaseUrl).toBeNull();
    expect(sqlite.allowSqliteInProduction).toBe(true);
  });

  it('lets development use a weak secret and a wildcard origin, with a warning for the secret', () => {
    const c = loadServerConfig({ MAHKAMA_SERVER_JWT_SECRET: 'dev', MAHKAMA_SERVER_CORS_ORIGINS: '*' });
    expect(c.corsOrigins).toEqual(['*']);
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toMatch(/production would refuse it/);
    expect(c.warnings[0]).not.toMatch(/\bdev\b/);
  });

  it('judges secrets by bytes, not characters, and accepts random ones', () => {
    // 24 characters, 34 bytes: long enough for HS256, which counts bytes.
    expect(secretWeakness('éàüöçñßøåækP2fQ9xW7LmZ4r')).toBeNull();
    expect(secretWeakness('kP2+fQ9/xW7=LmZ4rT1sVb8NyC3dHj6')).toMatch(/too short/);
    expect(secretWeakness(GOOD_SECRET)).toBeNull();
    expect(secretWeakness('kP2+fQ9/xW7=LmZ4rT1sVb8NyC3dHj6uEoAa')).toBeNull();
  });
});

describe('server configuration: long-term validation of judgments (TSA and trust anchors)', () => {
  let dir: string;
  let anchors: string;
  let leafOnly: string;
  let empty: string;
  let garbage: string;
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-server-ltv-config-'));
    anchors = path.join(dir, 'anchors');
    leafOnly = path.join(dir, 'leaf');
    empty = path.join(dir, 'empty');
    garbage = path.join(dir, 'garbage');
    for (const d of [anchors, leafOnly, empty, garbage]) fs.mkdirSync(d);
    // A root (CA:TRUE), and a certificate that is no CA (a signer's, say) put there by mistake.
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'root.key'), '-out', path.join(anchors, 'root.pem'), '-days', '30', '-subj', '/CN=Test Root', '-addext', 'basicConstraints=critical,CA:TRUE');
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'leaf.key'), '-out', path.join(leafOnly, 'leaf.crt'), '-days', '30', '-subj', '/CN=Not a CA', '-addext', 'basicConstraints=critical,CA:FALSE');
    fs.writeFileSync(path.join(empty, 'readme.txt'), 'no certificates here');
    fs.writeFileSync(path.join(garbage, 'root.pem'), '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('extends nothing by default; with trust anchors B-LT, with a TSA as well B-LTA; the job timings have defaults', () => {
    expect(loadServerConfig({}).ltv).toEqual({ tsaUrl: null, trustAnchorsDir: null, scanIntervalMs: 60_000, leaseMs: 600_000, retryMs: 60_000, renewDays: 90 });
    const c = loadServerConfig({
      MAHKAMA_SERVER_TSA_URL: 'http://tsa.tribunal.ma/tsr',
      MAHKAMA_SERVER_TRUST_ANCHORS: 'anchors',
      MAHKAMA_SERVER_LTV_SCAN_SECONDS: '5',
      MAHKAMA_SERVER_LTV_LEASE_SECONDS: '30',
      MAHKAMA_SERVER_LTV_RETRY_SECONDS: '2',
      MAHKAMA_SERVER_LTV_RENEW_DAYS: '120',
    }, dir);
    expect(c.ltv).toEqual({ tsaUrl: 'http://tsa.tribunal.ma/tsr', trustAnchorsDir: anchors, scanIntervalMs: 5_000, leaseMs: 30_000, retryMs: 2_000, renewDays: 120 });
    expect(c.warnings).toEqual([]);
  });

  it('lists a TSA without trust anchors, a TSA address that is no http(s) URL or carries a password, and bad timings, at once', () => {
    expect(problemsOf({ MAHKAMA_SERVER_TSA_URL: 'http://tsa.example/tsr' }).lines).toEqual([
      'MAHKAMA_SERVER_TSA_URL: needs MAHKAMA_SERVER_TRUST_ANCHORS: without trust anchors the server extends nothing',
    ]);
    const { lines } = problemsOf({
      MAHKAMA_SERVER_TSA_URL: 'http://user:hunter2@tsa.example/tsr',
      MAHKAMA_SERVER_TRUST_ANCHORS: anchors,
      MAHKAMA_SERVER_LTV_SCAN_SECONDS: '0',
      MAHKAMA_SERVER_LTV_LEASE_SECONDS: '1',
      MAHKAMA_SERVER_LTV_RETRY_SECONDS: 'often',
      MAHKAMA_SERVER_LTV_RENEW_DAYS: '0',
    });
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual(['MAHKAMA_SERVER_LTV_LEASE_SECONDS', 'MAHKAMA_SERVER_LTV_RENEW_DAYS', 'MAHKAMA_SERVER_LTV_RETRY_SECONDS', 'MAHKAMA_SERVER_LTV_SCAN_SECONDS', 'MAHKAMA_SERVER_TSA_URL']);
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(problemsOf({ MAHKAMA_SERVER_TSA_URL: 'ftp://tsa.example', MAHKAMA_SERVER_TRUST_ANCHORS: anchors }).lines).toEqual(['MAHKAMA_SERVER_TSA_URL: must be an http:// or https:// URL']);
  });

  it('refuses a trust anchors folder that is missing, empty of certificates, or holds a file that is no certificate', () => {
    expect(problemsOf({ MAHKAMA_SERVER_TRUST_ANCHORS: path.join(dir, 'nowhere') }).lines).toEqual(['MAHKAMA_SERVER_TRUST_ANCHORS: must be an existing folder of certificates (.pem, .crt, .cer)']);
    expect(problemsOf({ MAHKAMA_SERVER_TRUST_ANCHORS: path.join(anchors, 'root.pem') }).lines).toEqual(['MAHKAMA_SERVER_TRUST_ANCHORS: must be a folder of certificates (.pem, .crt, .cer)']);
    expect(problemsOf({ MAHKAMA_SERVER_TRUST_ANCHORS: empty }).lines).toEqual(['MAHKAMA_SERVER_TRUST_ANCHORS: holds no certificate file (.pem, .crt, .cer)']);
    expect(problemsOf({ MAHKAMA_SERVER_TRUST_ANCHORS: garbage }).lines).toEqual(['MAHKAMA_SERVER_TRUST_ANCHORS: root.pem is not a certificate (PEM or DER)']);
  });

  it('in production refuses an anchor that is no CA certificate or is not valid now; development warns', () => {
    const prod = { NODE_ENV: 'production', MAHKAMA_SERVER_JWT_SECRET: GOOD_SECRET, DATABASE_URL: 'postgres://db/m' };
    expect(problemsOf({ ...prod, MAHKAMA_SERVER_TRUST_ANCHORS: leafOnly }).lines).toEqual(['MAHKAMA_SERVER_TRUST_ANCHORS: leaf.crt: a certificate is not a CA certificate']);
    const later = new Date(Date.now() + 90 * 86_400_000);
    let expired: string[] = [];
    try {
      loadServerConfig({ ...prod, MAHKAMA_SERVER_TRUST_ANCHORS: anchors }, dir, later);
    } catch (err) {
      expired = configProblemLines(err as AppError);
    }
    expect(expired).toEqual(['MAHKAMA_SERVER_TRUST_ANCHORS: root.pem: a certificate is not valid now']);
    expect(loadServerConfig({ ...prod, MAHKAMA_SERVER_TRUST_ANCHORS: anchors }, dir).ltv.trustAnchorsDir).toBe(anchors);
    const dev = loadServerConfig({ MAHKAMA_SERVER_TRUST_ANCHORS: leafOnly });
    expect(dev.ltv.trustAnchorsDir).toBe(leafOnly);
    expect(dev.warnings).toEqual(['MAHKAMA_SERVER_TRUST_ANCHORS: leaf.crt: a certificate is not a CA certificate (production would refuse it)']);
  });
});
