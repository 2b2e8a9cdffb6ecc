// The token service process: holds the PKCS#11 module(s) and answers the messages of
// src/shared/signing/token-protocol.ts one at a time (pkcs11js calls are synchronous, pkcs11js#49;
// the loop: services/signing/token-service-loop.ts). It runs apart from main because a vendor
// driver may block or crash its host (PITFALLS); main starts a new one when it dies, and kills it
// when a request outlives its deadline (token-client.ts). Started with child_process.fork (tests,
// browser shell, CLI) or Electron's utilityProcess (src/main/electron-token-service.ts).
import { createTokenCore } from '../services/signing/token-core';
import { serveTokenRequests } from '../services/signing/token-service-loop';

serveTokenRequests(createTokenCore());
