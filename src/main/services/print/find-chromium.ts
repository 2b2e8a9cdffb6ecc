// Where the browser shell's PDF maker finds a Chromium: MAHKAMA_CHROMIUM_PATH when set (and then
// only there: a wrong setting is reported, never silently replaced), else the usual install places
// of Chromium, Chrome and Edge. Asked at the first print, so a browser installed later is found.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

export interface FindChromiumEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** A file that exists and is not a folder. */
  isFile(file: string): boolean;
}

const defaults: FindChromiumEnv = {
  platform: process.platform,
  env: process.env,
  isFile: (file) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
};

/** The places looked at, in order, when MAHKAMA_CHROMIUM_PATH is not set. */
export function wellKnownChromiumPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return [
      ...roots.map((r) => path.win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')),
      ...roots.map((r) => path.win32.join(r, 'Chromium', 'Application', 'chrome.exe')),
      ...roots.map((r) => path.win32.join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
    ];
  }
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/snap/bin/chromium',
  ];
}

/** The browser to run, or PRINT_UNAVAILABLE with the clerk's message when there is none. */
export function findChromium(setting: string | null, where: FindChromiumEnv = defaults): string {
  if (setting !== null) {
    if (where.isFile(setting)) return setting;
    throw new AppError('PRINT_UNAVAILABLE', 'errors.print.browserPathMissing', { params: { path: setting } });
  }
  const found = wellKnownChromiumPaths(where.platform, where.env).find((p) => where.isFile(p));
  if (found) return found;
  throw new AppError('PRINT_UNAVAILABLE', 'errors.print.noBrowser');
}
