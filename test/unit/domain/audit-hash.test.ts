// The entry hash has one definition — sha256hex(prev_hash + canonicalJson(entry)) — and the
// verifier's fast path (hashing the stored text without parsing it) must agree with it for every
// entry the runner can write.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditEntryHash, storedEntryHash } from '../../../src/domain';
import { sha256hex } from '../../../src/domain/audit-chain';
import { canonicalJson } from '../../../src/shared/canonical-json';
import type { AuditChange } from '../../../src/shared/schemas/views';

const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean());
const fields = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), value, { maxKeys: 6 });
const change: fc.Arbitrary<AuditChange> = fc.record({
  entity: fc.constantFrom('case', 'party', 'case_party', 'hearing', 'user', 'number_block'),
  id: fc.uuid(),
  before: fc.option(fields, { nil: null }),
  after: fc.option(fields, { nil: null }),
});
const entry = fc.record({
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  device_id: fc.string({ maxLength: 20 }),
  hlc: fc.string({ maxLength: 40 }),
  wall_time: fc.string({ maxLength: 30 }),
  user_id: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
  command: fc.string({ maxLength: 30 }),
  changes: fc.array(change, { maxLength: 5 }),
});

describe('audit entry hash', () => {
  it('is sha256 of the previous hash followed by the canonical JSON of the entry', () => {
    const e = { seq: 1, device_id: 'd', hlc: 'h', wall_time: 'w', user_id: null, command: 'registerCase', changes: [] };
    expect(auditEntryHash(GENESIS_HASH, e)).toBe(sha256hex(GENESIS_HASH + canonicalJson(e)));
    expect(auditEntryHash(GENESIS_HASH, e)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the verifier\'s reading of a stored entry gives the same hash as the writer', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 64, maxLength: 64 }), entry, (prev, e) => {
        expect(storedEntryHash(prev, { ...e, changes: canonicalJson(e.changes) })).toBe(auditEntryHash(prev, e));
      }),
      { numRuns: 300 },
    );
  });
});
