// Preloaded (`node --import`) into a process and, through its execArgv, its worker threads: any
// attempt to reach the network — fetch, a TCP socket, a DNS lookup — throws and is reported on
// stderr as "NETWORK ATTEMPT". Proves the OCR pipeline never downloads language data. Test support only.
import dns from 'node:dns';
import net from 'node:net';

function refuse(what) {
  process.stderr.write(`NETWORK ATTEMPT: ${what}\n`);
  throw new Error(`network refused in this test: ${what}`);
}
const originalConnect = net.Socket.prototype.connect;
globalThis.fetch = async (url) => refuse(`fetch ${String(url)}`);
net.Socket.prototype.connect = function connect(...args) {
  // net.connect passes its normalized arguments as one array.
  const target = Array.isArray(args[0]) ? args[0][0] : args[0];
  // A Unix socket or pipe (a path) is local IPC, not the network.
  const isLocal = (typeof target === 'object' && target !== null && typeof target.path === 'string') || (typeof target === 'string' && Number.isNaN(Number(target)));
  if (isLocal) return Reflect.apply(originalConnect, this, args);
  return refuse(`socket ${JSON.stringify(target)}`);
};
dns.lookup = (host) => refuse(`dns ${host}`);
