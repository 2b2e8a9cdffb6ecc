// Workstation configuration from the environment: sensible defaults, and every problem listed at once.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, loadConfig } from '../../../src/main/services/config';
import { tokenDeadlinesOf } from '../../../src/main/services/signing/token-service-entry';
import { AppError } from '../../../src/shared/errors';

describe('workstation configuration', () => {
  it('needs nothing set: per-user data folder, 30 days of snapshots, random port, 10 minute idle lock', () => {
    const c = loadConfig({});
    expect(c.dataDir).toBe(defaultDataDir({}));
    expect(c.snapshotRetentionDays).toBe(30);
    expect(c.shellPort).toBe(0);
    expect(c.idleLockMinutes).toBe(10);
    expect(c.logLevel).toBe('info');
    expect(c.updateFeedUrl).toBeNull();
    expect(c.chromiumPath).toBeNull();
  });

  it('uses the data folder of each operating system', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\greffe\\AppData\\Roaming' }, 'win32')).toBe(
      path.join('C:\\Users\\greffe\\AppData\\Roaming', 'Mahkama'),
    );
    expect(defaultDataDir({}, 'darwin')).toBe(path.join(os.homedir(), 'Library', 'Application Support', 'Mahkama'));
    expect(defaultDataDir({ XDG_DATA_HOME: '/srv/data' }, 'linux')).toBe('/srv/data/mahkama');
    expect(defaultDataDir({}, 'linux')).toBe(path.join(os.homedir(), '.local', 'share', 'mahkama'));
  });

  it('reads every setting', () => {
    const c = loadConfig({
      MAHKAMA_DATA_DIR: '/var/lib/mahkama',
      MAHKAMA_SNAPSHOT_RETENTION_DAYS: '2555',
      MAHKAMA_SHELL_PORT: '8123',
      MAHKAMA_IDLE_LOCK_MINUTES: '5',
      MAHKAMA_LOG_LEVEL: 'warn',
      MAHKAMA_UPDATE_FEED_URL: 'https://updates.example.ma/mahkama',
      MAHKAMA_CHROMIUM_PATH: '/opt/chromium/chrome',
      MAHKAMA_OFFLINE_LOGIN_DAYS: '14',
      MAHKAMA_SYNC_INTERVAL_SECONDS: '30',
      MAHKAMA_SYNC_FILES_KIBPS: '512',
    });
    expect(c).toMatchObject({
      dataDir: '/var/lib/mahkama',
      snapshotRetentionDays: 2555,
      shellPort: 8123,
      idleLockMinutes: 5,
      logLevel: 'warn',
      updateFeedUrl: 'https://updates.example.ma/mahkama',
      chromiumPath: '/opt/chromium/chrome',
      offlineLoginDays: 14,
      syncIntervalSeconds: 30,
      syncFilesKiBps: 512,
    });
  });

  it('lists every bad setting in one CONFIG_INVALID error', () => {
    let err: AppError | null = null;
    try {
      loadConfig({
        MAHKAMA_DATA_DIR: 'relative/dir',
        MAHKAMA_SNAPSHOT_RETENTION_DAYS: '0',
        MAHKAMA_SHELL_PORT: 'eighty',
        MAHKAMA_IDLE_LOCK_MINUTES: '99999',
        MAHKAMA_LOG_LEVEL: 'loud',
        MAHKAMA_UPDATE_FEED_URL: 'http://insecure.example',
        MAHKAMA_CHROMIUM_PATH: 'chromium',
        MAHKAMA_OFFLINE_LOGIN_DAYS: '0',
        MAHKAMA_SYNC_INTERVAL_SECONDS: 'soon',
      });
    } catch (e) {
      err = e as AppError;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err!.code).toBe('CONFIG_INVALID');
    expect(err!.i18nKey).toBe('errors.config.invalid');
    expect(err!.params?.count).toBe(9);
    expect(err!.fields!.map((f) => f.path[0]).sort()).toEqual(
      [
        'MAHKAMA_DATA_DIR',
        'MAHKAMA_IDLE_LOCK_MINUTES',
        'MAHKAMA_LOG_LEVEL',
        'MAHKAMA_SHELL_PORT',
        'MAHKAMA_SNAPSHOT_RETENTION_DAYS',
        'MAHKAMA_UPDATE_FEED_URL',
        'MAHKAMA_CHROMIUM_PATH',
        'MAHKAMA_OFFLINE_LOGIN_DAYS',
        'MAHKAMA_SYNC_INTERVAL_SECONDS',
      ].sort(),
    );
    expect(String(err!.params?.problems)).toContain('MAHKAMA_SNAPSHOT_RETENTION_DAYS: must be at least 1');
    expect(String(err!.params?.problems)).toContain('MAHKAMA_CHROMIUM_PATH: must be an absolute path');
  });

  it('takes the PDF browser path as given (an empty value means unset); whether it exists is asked when printing', () => {
    expect(loadConfig({ MAHKAMA_CHROMIUM_PATH: '' }).chromiumPath).toBeNull();
    expect(loadConfig({ MAHKAMA_CHROMIUM_PATH: '/no/such/chromium' }).chromiumPath).toBe('/no/such/chromium');
  });

  it('reads the scanner folder (unset by default, an empty value unset too), refusing a relative path', () => {
    expect(loadConfig({}).scannerFolder).toBeNull();
    expect(loadConfig({ MAHKAMA_SCANNER_FOLDER: '' }).scannerFolder).toBeNull();
    expect(loadConfig({ MAHKAMA_SCANNER_FOLDER: '/srv/scans/desk-3' }).scannerFolder).toBe('/srv/scans/desk-3');
    expect(() => loadConfig({ MAHKAMA_SCANNER_FOLDER: 'scans' })).toThrow(/CONFIG_INVALID/);
  });

  it('reads the PKCS#11 module path and its locking flag, refusing a relative path', () => {
    expect(loadConfig({})).toMatchObject({ pkcs11Module: null, pkcs11OsLocking: true });
    expect(loadConfig({ MAHKAMA_PKCS11_MODULE: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', MAHKAMA_PKCS11_OS_LOCKING: '0' })).toMatchObject({
      pkcs11Module: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
      pkcs11OsLocking: false,
    });
    expect(() => loadConfig({ MAHKAMA_PKCS11_MODULE: 'opensc-pkcs11.so' })).toThrow(/CONFIG_INVALID/);
  });

  it('reads the timestamp authority as an http(s) URL (unset: B-B signatures), refusing anything else', () => {
    expect(loadConfig({}).tsaUrl).toBeNull();
    expect(loadConfig({ MAHKAMA_TSA_URL: '' }).tsaUrl).toBeNull();
    expect(loadConfig({ MAHKAMA_TSA_URL: 'http://tsa.justice.ma/tsr' }).tsaUrl).toBe('http://tsa.justice.ma/tsr');
    expect(() => loadConfig({ MAHKAMA_TSA_URL: 'tsa.justice.ma' })).toThrow(/CONFIG_INVALID/);
    expect(() => loadConfig({ MAHKAMA_TSA_URL: 'ftp://tsa.justice.ma/' })).toThrow(/CONFIG_INVALID/);
  });

  it('renews archive timestamps 30 days before the TSA certificate expires unless told otherwise, within 1–3650 days', () => {
    expect(loadConfig({}).ltvRenewDays).toBe(30);
    expect(loadConfig({ MAHKAMA_LTV_RENEW_DAYS: '45' }).ltvRenewDays).toBe(45);
    expect(() => loadConfig({ MAHKAMA_LTV_RENEW_DAYS: '0' })).toThrow(/CONFIG_INVALID/);
    expect(() => loadConfig({ MAHKAMA_LTV_RENEW_DAYS: 'soon' })).toThrow(/CONFIG_INVALID/);
  });

  it('rasterizes scanned PDFs for OCR at 300 dpi unless told otherwise, within 150–600; a bad value is named with its problem', () => {
    expect(loadConfig({}).ocrDpi).toBe(300);
    expect(loadConfig({ MAHKAMA_OCR_DPI: '' }).ocrDpi).toBe(300);
    expect(loadConfig({ MAHKAMA_OCR_DPI: '150' }).ocrDpi).toBe(150);
    expect(loadConfig({ MAHKAMA_OCR_DPI: ' 600 ' }).ocrDpi).toBe(600);
    const refusal = (value: string): AppError => {
      try {
        loadConfig({ MAHKAMA_OCR_DPI: value });
      } catch (e) {
        return e as AppError;
      }
      throw new Error(`MAHKAMA_OCR_DPI=${value} was accepted`);
    };
    const cases: [string, string][] = [
      ['149', 'must be at least 150'],
      ['601', 'must be at most 600'],
      ['72', 'must be at least 150'],
      ['300dpi', 'must be a whole number between 150 and 600'],
      ['250.5', 'must be a whole number between 150 and 600'],
      ['-300', 'must be a whole number between 150 and 600'],
    ];
    for (const [value, problem] of cases) {
      const err = refusal(value);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'CONFIG_INVALID', i18nKey: 'errors.config.invalid', params: { count: 1, problems: `MAHKAMA_OCR_DPI: ${problem}` } });
      expect(err.fields).toEqual([{ path: ['MAHKAMA_OCR_DPI'], i18nKey: 'errors.config.badSetting', params: { name: 'MAHKAMA_OCR_DPI', problem } }]);
    }
  });

  it('gives the card 120 s to sign unless told otherwise (a pinpad, a network HSM), within 10–600 s; the token service client is built with it', () => {
    expect(loadConfig({}).tokenSignTimeoutSeconds).toBe(120);
    const slow = loadConfig({ MAHKAMA_TOKEN_SIGN_TIMEOUT_SECONDS: '300' });
    expect(slow.tokenSignTimeoutSeconds).toBe(300);
    expect(tokenDeadlinesOf(slow)).toEqual({ sign: 300_000 });
    for (const bad of ['5', '601', 'two minutes', '90.5']) {
      expect(() => loadConfig({ MAHKAMA_TOKEN_SIGN_TIMEOUT_SECONDS: bad })).toThrow(/CONFIG_INVALID/);
    }
  });

  it('keeps retention within 1–3650 days', () => {
    expect(loadConfig({ MAHKAMA_SNAPSHOT_RETENTION_DAYS: '3650' }).snapshotRetentionDays).toBe(3650);
    expect(() => loadConfig({ MAHKAMA_SNAPSHOT_RETENTION_DAYS: '3651' })).toThrow(AppError);
    expect(() => loadConfig({ MAHKAMA_SNAPSHOT_RETENTION_DAYS: '-1' })).toThrow(AppError);
    expect(() => loadConfig({ MAHKAMA_SNAPSHOT_RETENTION_DAYS: '1.5' })).toThrow(AppError);
  });
});
