// The card's PIN never reaches the log: a signing request logged whole at debug level, at any depth
// the redaction covers, keeps every other field and loses the PIN.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/main/services/logger';

describe('the workstation logger', () => {
  it('cuts the PIN from a signing request logged at debug level', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger('debug', sink);
    const request = { op: 'sign', module: { path: '/usr/lib/card.so', osLocking: true }, token: { label: 'juge' }, keyId: '01', algorithm: 'RSA_PKCS1_SHA256', digest: 'AAAA', pin: '739164' };
    log.debug(request, 'sign request');
    log.debug({ request }, 'sign request');
    log.debug({ envelope: { id: 7, request } }, 'sign envelope');
    log.debug({ input: { judgmentId: 'j1', pin: '739164' }, env: { MAHKAMA_PIN: '739164' } }, 'signing.signJudgment');
    const text = lines.join('');
    expect(lines).toHaveLength(4);
    expect(text).not.toContain('739164');
    expect(text).toContain('[redacted]');
    expect(JSON.parse(lines[2]!).envelope.request).toMatchObject({ op: 'sign', keyId: '01', pin: '[redacted]' });
  });
});
