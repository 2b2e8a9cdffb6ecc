// HTTP for the PKI services a signature needs online: a timestamp authority (RFC 3161 over HTTP,
// POST application/timestamp-query), OCSP responders (RFC 6960 POST) and CRL distribution points
// (GET). Answers are size-capped and time-limited; anything but a 200 with a body is a failure
// the caller turns into its typed error.

/** Longest wait for one PKI answer: a TSA or responder that hangs must not hold a signature forever. */
export const PKI_TIMEOUT_MS = 15_000;
/** Largest answer read: a CRL of a big CA is a few MB; nothing legitimate is bigger. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export class PkiHttpError extends Error {}

export async function pkiRequest(url: string, init: { method: 'GET' } | { method: 'POST'; contentType: string; body: Buffer }, timeoutMs = PKI_TIMEOUT_MS): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      signal: AbortSignal.timeout(timeoutMs),
      ...(init.method === 'POST' ? { headers: { 'content-type': init.contentType }, body: new Uint8Array(init.body) } : {}),
    });
  } catch (err) {
    throw new PkiHttpError(`${url} unreachable: ${(err as Error).message}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new PkiHttpError(`${url} answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw new PkiHttpError(`${url} answered ${declared} bytes, more than ${MAX_ANSWER_BYTES}`);
  }
  let body: Buffer;
  try {
    body = Buffer.from(await response.arrayBuffer());
  } catch (err) {
    throw new PkiHttpError(`${url} answer cut: ${(err as Error).message}`);
  }
  if (body.length === 0) throw new PkiHttpError(`${url} answered nothing`);
  if (body.length > MAX_ANSWER_BYTES) throw new PkiHttpError(`${url} answered more than ${MAX_ANSWER_BYTES} bytes`);
  return body;
}
