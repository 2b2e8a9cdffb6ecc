// A real blob server for the tests: the server's own store opener (SQLite file), blob store and
// routes on buildServer, listening on 127.0.0.1 at a free port, in a data folder that can be
// reopened (restart) or shared (two instances).
//
// The authorizer here is the TEST'S OWN, not the server's: it believes two headers naming a court
// and a device. The real one (src/server/auth, requireAuth) replaces it when auth is wired.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { buildServer, type MahkamaServer } from '../../../src/server/app';
import { createBlobStore, type BlobAccess, type BlobStore } from '../../../src/server/blobs/blob-store';
import { registerBlobRoutes } from '../../../src/server/blobs/routes';
import type { ServerConfig } from '../../../src/server/config';
import { createServerLogger } from '../../../src/server/logger';
import { openServerStore, type ServerStore } from '../../../src/server/store';
import { AppError } from '../../../src/shared/errors';
import { serverStoreConfig } from '../../helpers/server-database';
import { serverConfig, tempDir } from './helpers';

export const COURT_A = '0190a000-0000-7000-8000-00000000000a';
export const COURT_B = '0190b000-0000-7000-8000-00000000000b';
const COURTS = [COURT_A, COURT_B];

/** Headers the test authorizer believes. */
export function as(courtId: string, deviceId: string): Record<string, string> {
  return { 'x-test-court': courtId, 'x-test-device': deviceId };
}

async function testOnlyAuthorizer(request: FastifyRequest): Promise<BlobAccess> {
  const courtId = request.headers['x-test-court'];
  const deviceId = request.headers['x-test-device'];
  if (typeof courtId !== 'string' || !COURTS.includes(courtId) || typeof deviceId !== 'string' || !/^[a-z0-9-]{1,40}$/.test(deviceId)) {
    throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
  }
  return { courtId, deviceId };
}

export interface BlobServer {
  url: string;
  port: number;
  config: ServerConfig;
  store: ServerStore;
  blobs: BlobStore;
  app: MahkamaServer;
  close(): Promise<void>;
}

export interface BlobServerOptions {
  /** Reuse a data folder (restart, second instance); default a new one. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

export async function startBlobServer(opts: BlobServerOptions = {}): Promise<BlobServer> {
  const dataDir = opts.dataDir ?? tempDir('mahkama-blobs-');
  const config = serverConfig({ MAHKAMA_SERVER_DATA_DIR: dataDir, MAHKAMA_SERVER_BLOB_CHUNK_BYTES: String(64 * 1024), ...opts.env });
  const store = await openServerStore(await serverStoreConfig(dataDir));
  for (const [i, id] of COURTS.entries()) {
    await store.db
      .insertInto('courts')
      .values({ id, code: `T${i}`, name_ar: 'محكمة', name_fr: 'Tribunal', version: 1, updated_hlc: '0000000000000:0000:server' })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const blobs = createBlobStore({ db: store.db, settings: config.blobs });
  await blobs.init();
  const app = await buildServer({
    config,
    logger: createServerLogger('silent'),
    routes: (a) => registerBlobRoutes(a, { store: blobs, authorize: testOnlyAuthorizer }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    config,
    store,
    blobs,
    app,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await store.close();
    },
  };
}

/** A file of random bytes in a temp folder, and its SHA-256. */
export function randomFile(size: number, dir = tempDir('mahkama-blob-files-')): { file: string; sha256: string; bytes: Buffer } {
  const bytes = crypto.randomBytes(size);
  const file = path.join(dir, `${crypto.randomUUID()}.bin`);
  fs.writeFileSync(file, bytes);
  return { file, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), bytes };
}

export function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every file under a folder, relative, sorted: what the blob folder holds. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

/**
 * A TCP proxy in front of the server that cuts ONE connection, once: after `cutAfter` bytes
 * went through in the given direction, the rest is dropped and both sockets are closed, as when a
 * network cable is pulled. Every later connection passes untouched. Counts bytes both ways.
 */
export async function cuttingProxy(targetPort: number, cut: { direction: 'up' | 'down'; cutAfter: number }) {
  let armed = true;
  const counted = { up: 0, down: 0, connections: 0, cuts: 0 };
  const sockets = new Set<net.Socket>();
  // Counted over every connection, not per socket: the client's fetch may open a fresh connection
  // between chunks, and the cut must still fall at the cutAfter-th byte the client sent in all.
  let seen = 0;
  const server = net.createServer((client) => {
    counted.connections += 1;
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let cutting = false;
    const relay = (from: net.Socket, to: net.Socket, direction: 'up' | 'down') => {
      from.on('data', (data: Buffer) => {
        if (cutting) return;
        if (armed && direction === cut.direction && seen + data.length >= cut.cutAfter) {
          armed = false;
          cutting = true;
          counted.cuts += 1;
          const keep = data.subarray(0, cut.cutAfter - seen);
          counted[direction] += keep.length;
          // What was sent before the cut arrives; then the line goes dead both ways.
          to.end(keep, () => {
            client.destroy();
            upstream.destroy();
          });
          return;
        }
        if (armed && direction === cut.direction) seen += data.length;
        counted[direction] += data.length;
        to.write(data);
      });
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
      from.on('close', () => sockets.delete(from));
    };
    relay(client, upstream, 'up');
    relay(upstream, client, 'down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counted,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
