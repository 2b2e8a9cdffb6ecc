// Where the data shipped with the app (resources/: fonts, later tessdata) is on this machine:
// beside app.asar in a packaged app (electron-builder's extraResources), else in the repository
// (sources run by tsx or vitest, or the built out/main of the browser shell). Read-only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The resources/ folder that holds `marker` (a path inside it), or null when none does. */
export function findResourcesDir(marker: string): string | null {
  const candidates: string[] = [];
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged) candidates.push(path.join(packaged, 'resources'));
  // Up from this file: src/main/services/ (sources) or out/main/[chunks/] (build) → the repository.
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'resources'));
    if (path.dirname(dir) === dir) break;
  }
  return candidates.find((c) => fs.existsSync(path.join(c, marker))) ?? null;
}
