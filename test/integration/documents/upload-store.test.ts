// The browser shell's waiting uploads on real files: one import takes an upload, an upload left
// unimported for an hour goes when the next arrives, and the cap counts uploads still arriving.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_WAITING_UPLOADS, UPLOAD_MAX_AGE_MS, UploadStore } from '../../../src/main/services/documents/upload-store';
import { tempDir } from '../services/helpers';

async function* bytes(text: string): AsyncIterable<Buffer> {
  yield Buffer.from(text);
}
const whole = { declaredBytes: null, complete: () => true };

describe('uploads waiting for their import', () => {
  it('an upload left unimported for an hour is removed when the next one arrives; one still young is kept', async () => {
    let t = Date.parse('2026-03-02T09:00:00Z');
    const store = new UploadStore(tempDir(), 1024 * 1024, () => t);
    const old = await store.receive(bytes('%PDF-1.4 old'), whole);
    t += UPLOAD_MAX_AGE_MS / 2;
    const young = await store.receive(bytes('%PDF-1.4 young'), whole);
    t += UPLOAD_MAX_AGE_MS / 2 + 1;
    await store.receive(bytes('%PDF-1.4 next'), whole);
    expect(() => store.claim(old.uploadId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', i18nKey: 'errors.documents.uploadUnknown' }));
    await expect.poll(() => fs.existsSync(path.join(store.dir, old.uploadId))).toBe(false);
    expect(fs.existsSync(store.claim(young.uploadId))).toBe(true);
  });

  it('a claimed upload is not taken again, and is removed only by the import that took it', async () => {
    const store = new UploadStore(tempDir());
    const up = await store.receive(bytes('%PDF-1.4 once'), whole);
    const file = store.claim(up.uploadId);
    expect(() => store.claim(up.uploadId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await store.remove(up.uploadId);
    expect(fs.existsSync(file)).toBe(false);
    expect(() => store.claim(up.uploadId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it(`the cap counts uploads still arriving: ${MAX_WAITING_UPLOADS + 4} sent at once, ${MAX_WAITING_UPLOADS} kept`, async () => {
    const store = new UploadStore(tempDir());
    const results = await Promise.allSettled(Array.from({ length: MAX_WAITING_UPLOADS + 4 }, (_, i) => store.receive(bytes(`%PDF-1.4 ${i}`), whole)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_WAITING_UPLOADS);
    for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(fs.readdirSync(store.dir)).toHaveLength(MAX_WAITING_UPLOADS);
  });
});
