// The scanner folder's inbox on a real folder with the clock in the test's hand: a file is listed
// only once its size and time have held for the stable period (a scanner still writing is not), a
// file that grows starts its wait again, hidden files and folders are never listed, a file taken
// away leaves the list, and a filed file moves to filed/ (a number added when the name is taken).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScannerInbox } from '../../../src/main/services/documents/scanner-inbox';
import { tempDir } from '../services/helpers';

function inboxAt(folder: string) {
  const clock = { t: 1_000_000 };
  const changes: string[][] = [];
  const inbox = new ScannerInbox({ folder, stableMs: 2000, now: () => clock.t, onChange: (files) => changes.push(files.map((f) => f.name)) });
  return { inbox, clock, changes };
}

describe('the scanner inbox', () => {
  it('lists a file once it held still for the stable period, and starts the wait again when it grows', async () => {
    const folder = tempDir('mahkama-inbox-');
    const { inbox, clock, changes } = inboxAt(folder);
    fs.writeFileSync(path.join(folder, 'scan-1.pdf'), 'x'.repeat(10));
    fs.writeFileSync(path.join(folder, '.scan-2.pdf.part'), 'partial');
    fs.mkdirSync(path.join(folder, 'filed'));
    await inbox.poll();
    expect(inbox.files()).toEqual([]);
    clock.t += 1000;
    await inbox.poll();
    expect(inbox.files()).toEqual([]);
    // Still being written: the wait starts again.
    fs.appendFileSync(path.join(folder, 'scan-1.pdf'), 'y'.repeat(10));
    clock.t += 1500;
    await inbox.poll();
    expect(inbox.files()).toEqual([]);
    clock.t += 1999;
    await inbox.poll();
    expect(inbox.files()).toEqual([]);
    clock.t += 1;
    await inbox.poll();
    expect(inbox.files()).toMatchObject([{ name: 'scan-1.pdf', size: 20 }]);
    expect(changes).toEqual([['scan-1.pdf']]);
    // Nothing changed: no new notice.
    clock.t += 5000;
    await inbox.poll();
    expect(changes).toHaveLength(1);
    fs.rmSync(path.join(folder, 'scan-1.pdf'));
    await inbox.poll();
    expect(inbox.files()).toEqual([]);
    expect(changes).toEqual([['scan-1.pdf'], []]);
  });

  it('files a listed file away to filed/, keeping an earlier one of the same name; a name not listed is vanished, a path is refused', async () => {
    const folder = tempDir('mahkama-inbox-');
    const { inbox, clock } = inboxAt(folder);
    fs.mkdirSync(path.join(folder, 'filed'));
    fs.writeFileSync(path.join(folder, 'filed', 'scan.png'), 'earlier');
    fs.writeFileSync(path.join(folder, 'scan.png'), 'now');
    await inbox.poll();
    clock.t += 2000;
    await inbox.poll();
    expect(inbox.pathOf('scan.png')).toBe(path.join(folder, 'scan.png'));
    expect(() => inbox.pathOf('other.png')).toThrow(expect.objectContaining({ code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.vanished' }));
    expect(() => inbox.pathOf('../scan.png')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    await inbox.fileAway('scan.png');
    expect(fs.readFileSync(path.join(folder, 'filed', 'scan.png'), 'utf8')).toBe('earlier');
    expect(fs.readFileSync(path.join(folder, 'filed', 'scan (2).png'), 'utf8')).toBe('now');
    expect(fs.existsSync(path.join(folder, 'scan.png'))).toBe(false);
    expect(inbox.files()).toEqual([]);
  });

  it('a folder not there lists nothing and is no error', async () => {
    const errors: unknown[] = [];
    const inbox = new ScannerInbox({ folder: path.join(tempDir('mahkama-inbox-'), 'unplugged'), onError: (e) => errors.push(e) });
    await inbox.poll();
    expect(inbox.files()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
