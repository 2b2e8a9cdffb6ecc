// Which versions of the sync protocol the server serves, and the previous one's requests and
// answers in this release's terms (ARCHITECTURE §4, version skew): a v1 push's mutations carry
// version 1 inputs; every mutation's arguments are brought up to this release's command before
// any is applied; a v1 pull gets a v1 answer (no versions on its changes, no records, and only the
// records a v1 desk knows: ENTITIES_OF_V1). A request,
// or a mutation, of a version outside what the server serves is UPDATE_REQUIRED (426) as a whole:
// nothing of it is applied, so the desk keeps its queue in order and sends it again once updated.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import { updateRequired, upcastMutationArgs } from '../../shared/schemas/command-upcasts';
import type { PushedMutation, PullRequest, PullResponse, PushRequest } from '../../shared/schemas/sync';
import { OLDEST_SYNC_PROTOCOL, SYNC_PROTOCOL_VERSION } from '../../shared/schemas/sync';
import type { PullRequestV1, PullResponseV1, PushRequestV1 } from '../../shared/schemas/sync-v1';
import type { StoredChange, StoredPullPage } from './serve-pull';

/**
 * Before the body is validated: a well-formed version the server does not serve is told to
 * update, not refused as malformed, so the desk knows to pause rather than to give up.
 */
export function checkProtocol(oldest: number) {
  return async (request: FastifyRequest): Promise<void> => {
    const protocol = (request.body as { protocol?: unknown } | null | undefined)?.protocol;
    if (typeof protocol !== 'number' || !Number.isInteger(protocol) || protocol < 1 || protocol > 1000) return;
    if (protocol < oldest || protocol > SYNC_PROTOCOL_VERSION) throw updateRequired(protocol, oldest);
  };
}

/** The push's mutations in this release's terms, or UPDATE_REQUIRED when one of them cannot be. */
export function mutationsOfPush(body: PushRequest | PushRequestV1, oldest: number = OLDEST_SYNC_PROTOCOL): PushedMutation[] {
  return body.mutations.map((m) => {
    const { schemaVersion = body.protocol, ...rest } = m as typeof m & { schemaVersion?: number };
    if (schemaVersion < oldest || schemaVersion > SYNC_PROTOCOL_VERSION) throw updateRequired(schemaVersion, oldest);
    return schemaVersion === SYNC_PROTOCOL_VERSION ? rest : { ...rest, args: upcastMutationArgs(rest.name, rest.args, schemaVersion) };
  });
}

/** A pull request in this release's terms. */
export function pullRequestOf(body: PullRequest | PullRequestV1): PullRequest {
  return { ...body, protocol: SYNC_PROTOCOL_VERSION };
}

/**
 * The records a desk of protocol 1 knows, frozen: the synced entities of the release that spoke it.
 * Its pull refuses a change of any other entity (unknownEntity) and would stop there for good, so
 * it is sent none of the later ones (documents, page corrections, signed judgments, their
 * extensions, daily registers); its cursor still moves past them. Never edit.
 */
export const ENTITIES_OF_V1: ReadonlySet<string> = new Set(['court', 'chamber', 'case_type', 'user', 'case', 'party', 'case_party', 'hearing', 'judgment']);

/** The answer in the protocol the desk asked in. */
export function pullAnswerFor(protocol: number, page: PullResponse): PullResponse | PullResponseV1 {
  if (protocol === SYNC_PROTOCOL_VERSION) return page;
  return {
    changes: page.changes.filter((c) => ENTITIES_OF_V1.has(c.entity)).map(({ schemaVersion: _v, ...c }) => c),
    cursor: page.cursor,
    more: page.more,
    blocks: page.blocks,
  };
}

/** A stored row is the court journal's canonical JSON of a record: an object, sent as it is. */
function storedRow(c: StoredChange): string {
  const text = c.rowJson;
  if (!text.startsWith('{') || !text.endsWith('}')) throw new AppError('INTERNAL', 'errors.internal', { params: { entity: c.entity, seq: c.seq } });
  return text;
}

/**
 * `pullAnswerFor` written out as JSON, with each change's row as the change log holds it: the row
 * was the court journal's own canonical JSON of a record, so parsing it, checking it against the
 * protocol's schema and writing it again would give the same text at a page's greatest cost. The
 * desk checks the answer with the protocol's schema as before (tested equal to pullAnswerFor).
 */
export function pullJsonFor(protocol: number, page: StoredPullPage): string {
  const current = protocol === SYNC_PROTOCOL_VERSION;
  const changes: string[] = [];
  for (const c of page.changes) {
    if (!current && !ENTITIES_OF_V1.has(c.entity)) continue;
    const head = `{"courtId":${JSON.stringify(c.courtId)},"seq":${JSON.stringify(c.seq)},"entity":${JSON.stringify(c.entity)},"entityId":${JSON.stringify(c.entityId)},"version":${JSON.stringify(c.version)},"hlc":${JSON.stringify(c.hlc)},"row":`;
    changes.push(`${head}${storedRow(c)}${current ? `,"schemaVersion":${JSON.stringify(c.schemaVersion)}}` : '}'}`);
  }
  const rest = current
    ? { cursor: page.cursor, more: page.more, blocks: page.blocks, records: page.records, resolvedConflicts: page.resolvedConflicts }
    : { cursor: page.cursor, more: page.more, blocks: page.blocks };
  return `{"changes":[${changes.join(',')}],${JSON.stringify(rest).slice(1)}`;
}
