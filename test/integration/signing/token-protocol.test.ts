// The token service answers only messages of the protocol: anything else gets VALIDATION_FAILED
// and the service keeps serving.
import { fork } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tokenReplySchema, type TokenReply } from '../../../src/shared/signing/token-protocol';
import { entryFork } from '../../helpers/entries';

describe('token service protocol', () => {
  it('refuses a malformed request with a typed error and still answers the next one', async () => {
    const { entry, execArgv } = entryFork('token-service');
    const child = fork(entry, [], { execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const replies: TokenReply[] = [];
    const next = () => new Promise<TokenReply>((resolve) => child.once('message', (m) => resolve(tokenReplySchema.parse(m))));
    try {
      let reply = next();
      child.send({ id: 7, request: { op: 'sign', module: { path: '/x.so', osLocking: true }, token: { label: 'judge' }, keyId: 'zz', algorithm: 'MD5', digest: '!', pin: 1234 } });
      replies.push(await reply);
      reply = next();
      child.send({ id: 8, request: { op: 'listTokens', module: { path: '/no/such/module.so', osLocking: true } } });
      replies.push(await reply);
    } finally {
      child.kill();
    }
    expect(replies[0]).toMatchObject({ id: 7, ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(replies[1]).toMatchObject({ id: 8, ok: false, error: { code: 'TOKEN_UNAVAILABLE', i18nKey: 'signing.errors.moduleInvalid' } });
  });
});
