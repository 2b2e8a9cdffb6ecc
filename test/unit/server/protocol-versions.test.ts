// What a desk of the previous release (sync protocol 1) is sent: a v1 answer, with the records that
// release knew only — a change of a later record (a document, a signed judgment's extension…) would
// stop its pulls for good (its apply-pull refuses an unknown entity) — while its cursor moves past
// them. A desk of this release gets the page as it is.
import { describe, expect, it } from 'vitest';
import { ENTITIES_OF_V1, pullAnswerFor, pullJsonFor } from '../../../src/server/sync/protocol-versions';
import { parsedPage, type StoredPullPage } from '../../../src/server/sync/serve-pull';
import { canonicalJson } from '../../../src/shared/canonical-json';
import { SYNC_PROTOCOL_VERSION, pullResponseSchema, type PullResponse } from '../../../src/shared/schemas/sync';
import { pullResponseV1Schema } from '../../../src/shared/schemas/sync-v1';

const court = '01900000-0000-7000-8000-000000000001';
const change = (seq: number, entity: string) => ({
  courtId: court,
  seq,
  entity,
  entityId: `01900000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
  version: 1,
  hlc: '001768986000000-00000-server',
  row: { id: `01900000-0000-7000-8000-${String(seq).padStart(12, '0')}`, version: 1 },
  schemaVersion: SYNC_PROTOCOL_VERSION,
});
const page: PullResponse = {
  changes: [change(1, 'case'), change(2, 'document'), change(3, 'judgment'), change(4, 'judgment_signature'), change(5, 'signature_extension'), change(6, 'daily_register'), change(7, 'hearing')],
  cursor: { [court]: 7 },
  more: false,
  blocks: [],
  records: [],
  resolvedConflicts: [],
};

describe('the pull answer in the protocol the desk speaks', () => {
  it('a v1 desk gets the records version 1 knew, no versions on them, and the cursor past the rest', () => {
    const v1 = pullResponseV1Schema.parse(pullAnswerFor(1, page));
    expect(v1.changes.map((c) => [c.seq, c.entity])).toEqual([
      [1, 'case'],
      [3, 'judgment'],
      [7, 'hearing'],
    ]);
    expect(v1.cursor).toEqual({ [court]: 7 });
    expect(ENTITIES_OF_V1.has('signature_extension')).toBe(false);
  });

  it('a desk of this release gets the page as it is', () => {
    expect(pullResponseSchema.parse(pullAnswerFor(SYNC_PROTOCOL_VERSION, page))).toEqual(page);
  });
});

describe('the pull answer sent with its rows as stored', () => {
  // As the change log holds them: the court journal's canonical JSON, here with text that needs escaping.
  const stored: StoredPullPage = {
    ...page,
    records: [{ entity: 'case', entityId: court, row: null, schemaVersion: SYNC_PROTOCOL_VERSION }],
    changes: page.changes.map(({ row, ...c }) => ({ ...c, rowJson: canonicalJson({ ...row, subject: 'دين "قديم"\n\\ \u2028 ok' }) })),
  };

  it.each([1, SYNC_PROTOCOL_VERSION])('is exactly the answer of protocol %i, written out', (protocol) => {
    const sent = JSON.parse(pullJsonFor(protocol, stored)) as unknown;
    const expected = pullAnswerFor(protocol, parsedPage(stored));
    expect(sent).toEqual(expected);
    const schema = protocol === 1 ? pullResponseV1Schema : pullResponseSchema;
    expect(schema.parse(sent)).toEqual(expected);
    expect((sent as { changes: { row: { subject: string } }[] }).changes[0]!.row.subject).toBe('دين "قديم"\n\\ \u2028 ok');
  });

  it('refuses a stored row that is not a JSON object rather than send it', () => {
    const broken: StoredPullPage = { ...stored, changes: [{ ...stored.changes[0]!, rowJson: '[1]' }] };
    expect(() => pullJsonFor(SYNC_PROTOCOL_VERSION, broken)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
