// The token service's own loop and TokenCore in a process of their own, over FakePkcs11Token
// instead of a real module: what a test cannot do to SoftHSM2 from outside — pull the card in the
// middle of a signature, or have the driver block inside a call — is driven through files in the
// folder MAHKAMA_FAKE_TOKEN_DIR (test/helpers/fake-pkcs11-token.ts, `FakeCardReader`).
import { createTokenCore } from '../../../../src/main/services/signing/token-core';
import { serveTokenRequests } from '../../../../src/main/services/signing/token-service-loop';
import { fakeTokenInReader } from '../../../helpers/fake-pkcs11-token';

const dir = process.env.MAHKAMA_FAKE_TOKEN_DIR;
if (!dir) throw new Error('MAHKAMA_FAKE_TOKEN_DIR is not set');
serveTokenRequests(createTokenCore(() => fakeTokenInReader(dir)));
