// r||s from a token to DER: leading zeros trimmed, a 0x00 put in front of a high bit, and the result
// accepted by node:crypto as the same signature as its own 'ieee-p1363' form.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ecdsaRawToDer } from '../../../../src/main/services/signing/ecdsa-der';

describe('ecdsaRawToDer', () => {
  it('encodes r and s as minimal positive INTEGERs', () => {
    const r = Buffer.alloc(32, 0);
    r[31] = 0x05; // leading zeros go
    const s = Buffer.alloc(32, 0xff); // high bit: a 0x00 goes in front
    const der = ecdsaRawToDer(Buffer.concat([r, s]));
    expect(der.toString('hex')).toBe(`3026020105022100${'ff'.repeat(32)}`);
  });

  it('gives what node:crypto verifies, for many random signatures', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 200; i++) {
      const data = crypto.randomBytes(40);
      const raw = crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      expect(crypto.verify('sha256', data, publicKey, ecdsaRawToDer(raw))).toBe(true);
    }
  });

  it('refuses a raw value of odd length', () => {
    expect(() => ecdsaRawToDer(Buffer.alloc(63))).toThrow(RangeError);
  });
});
