// The token service's message loop: answers the messages of src/shared/signing/token-protocol.ts
// one at a time over a TokenCore, on Electron's parentPort or Node's IPC channel, and exits when
// main lets go. Apart from the entry (src/main/workers/token-service.ts) so that tests can run the
// same loop over a fake PKCS#11 module (test/integration/signing/workers/fake-token-service.ts).
import { AppError, toAppError } from '../../../shared/errors';
import { tokenEnvelopeSchema, type TokenReply, type TokenRequest } from '../../../shared/signing/token-protocol';
import type { TokenCore } from './token-core';

function handle(core: TokenCore, request: TokenRequest): unknown {
  switch (request.op) {
    case 'listTokens':
      return core.listTokens(request.module);
    case 'listCertificates':
      return core.listCertificates(request.module, request.token);
    case 'sign': {
      const signature = core.sign({ ...request, digest: Buffer.from(request.digest, 'base64') });
      return { signature: signature.toString('base64') };
    }
  }
}

/** Electron's utilityProcess gives its child a parentPort instead of process.send (typed here: no Electron import in a worker). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export function serveTokenRequests(core: TokenCore): void {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

  function reply(message: TokenReply): void {
    if (parentPort) parentPort.postMessage(message);
    else process.send?.(message);
  }

  function onRequest(raw: unknown): void {
    const parsed = tokenEnvelopeSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : 0;
      reply({ id, ok: false, error: new AppError('VALIDATION_FAILED', 'errors.validationFailed').toData() });
      return;
    }
    const { id, request } = parsed.data;
    try {
      reply({ id, ok: true, value: handle(core, request) });
    } catch (err) {
      reply({ id, ok: false, error: toAppError(err).toData() });
    }
  }

  if (parentPort) parentPort.on('message', (event) => onRequest(event.data));
  else process.on('message', onRequest);

  // Main went away: nothing to finish, no PIN to keep.
  process.on('disconnect', () => process.exit(0));
}
