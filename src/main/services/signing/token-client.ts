// Main's side of the token service: starts the service process on first use, sends one typed
// request at a time and checks every reply against the protocol. If the process dies (a driver
// crash, a card pulled in a bad moment, a kill) the request it was working on fails with
// TOKEN_UNAVAILABLE/serviceStopped and the next request starts a fresh process. A request not
// answered within its deadline (a driver blocked inside a synchronous pkcs11js call) kills the
// process, fails with TOKEN_UNAVAILABLE/serviceTimedOut, and the next request starts a fresh one:
// a hung driver never stalls the queue, or the card polling behind it, for longer than a deadline.
import { fork } from 'node:child_process';
import { AppError } from '../../../shared/errors';
import { tokenReplySchema, tokenReplyValueSchemas, type TokenEnvelope, type TokenReplyValue, type TokenRequest } from '../../../shared/signing/token-protocol';

/**
 * The service's process as the client uses it, whatever started it: a Node child process
 * (child_process.fork) or Electron's utilityProcess (src/main/electron-token-service.ts).
 */
export interface TokenProcess {
  readonly pid: number | undefined;
  /** Sends one envelope; `failed` is called if it could not be sent. */
  send(envelope: TokenEnvelope, failed: () => void): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: () => void): void;
  /** Asks it to end (it exits when main lets go), killing it if it does not within a moment. */
  stop(): void;
  /** Kills it now (a driver blocked in a call never reads a request to end). */
  kill(): void;
}

export interface TokenServiceOptions {
  /** The service's entry file (src/main/workers/token-service.ts, or its bundle). */
  entry: string;
  /** Node flags for the child, e.g. ['--import', 'tsx'] to run the TypeScript entry in tests. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** How the process is started; default child_process.fork of `entry`. */
  spawn?: (options: TokenServiceOptions) => TokenProcess;
  /** Milliseconds each kind of request may take before the service is killed (TOKEN_DEADLINES_MS by default). */
  deadlinesMs?: Partial<Record<TokenRequest['op'], number>>;
}

/**
 * How long each request may go unanswered, counted from when it is sent (not while it waits in the
 * queue), including a fresh process's start and the module's C_Initialize. A signature may wait on
 * a pinpad reader (C_Login without a PIN: the judge types on the reader, and an always-authenticate
 * key asks a second time): readers end their own PIN entry after 30–60 s (the CCID firmware's
 * timeout) and the driver answers then, so 120 s leaves that answer to come first and kills only a
 * driver that will not answer at all. Listing needs no person: 20 s covers a slow module's load and
 * a card with many certificates; the token list, polled every 2 s while a dialog is open, gets 10 s.
 */
export const TOKEN_DEADLINES_MS: Readonly<Record<TokenRequest['op'], number>> = { sign: 120_000, listCertificates: 20_000, listTokens: 10_000 };

/** child_process.fork of the entry: the CLI, tests and the browser shell. */
export function forkTokenProcess(options: TokenServiceOptions): TokenProcess {
  const child = fork(options.entry, [], {
    execArgv: options.execArgv ?? [],
    env: options.env ?? process.env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'json',
  });
  child.on('error', () => {
    /* reported through 'exit' */
  });
  return {
    get pid() {
      return child.pid;
    },
    send(envelope, failed) {
      child.send(envelope, (err) => {
        if (err) failed();
      });
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', () => listener()),
    stop() {
      if (child.connected) child.disconnect();
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: AppError): void;
  op: TokenRequest['op'];
  /** The process the request went to: its death fails this request, never one sent to its successor. */
  child: TokenProcess;
}

export class TokenServiceClient {
  private child: TokenProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Requests run one after another: PIN entry and signatures never interleave on a token. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: TokenServiceOptions) {}

  /** The service's process id while it runs (tests kill it to show a crash is survived). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  request<Op extends TokenRequest['op']>(request: Extract<TokenRequest, { op: Op }>): Promise<TokenReplyValue<Op>> {
    const run = this.queue.then(() => this.send(request));
    this.queue = run.catch(() => undefined);
    return run as Promise<TokenReplyValue<Op>>;
  }

  private start(): TokenProcess {
    const child = (this.options.spawn ?? forkTokenProcess)(this.options);
    child.onMessage((raw: unknown) => this.onMessage(raw));
    child.onExit(() => {
      if (this.child === child) this.child = null;
      const stopped = new AppError('TOKEN_UNAVAILABLE', 'signing.errors.serviceStopped');
      for (const [id, p] of this.pending) {
        if (p.child !== child) continue;
        this.pending.delete(id);
        p.reject(stopped);
      }
    });
    this.child = child;
    return child;
  }

  private onMessage(raw: unknown): void {
    const parsed = tokenReplySchema.safeParse(raw);
    if (!parsed.success) return;
    const reply = parsed.data;
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (!reply.ok) {
      p.reject(AppError.fromData(reply.error));
      return;
    }
    const value = tokenReplyValueSchemas[p.op].safeParse(reply.value);
    if (value.success) p.resolve(value.data);
    else p.reject(new AppError('INTERNAL', 'errors.internal'));
  }

  private send(request: TokenRequest): Promise<unknown> {
    const child = this.child ?? this.start();
    const id = this.nextId++;
    const deadlineMs = this.options.deadlinesMs?.[request.op] ?? TOKEN_DEADLINES_MS[request.op];
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        // The driver is stuck in a call that may never return: this process is done for. Its exit,
        // reported later, fails nothing else (the request was its only one), and the next request
        // starts a fresh service.
        if (this.child === child) this.child = null;
        child.kill();
        reject(new AppError('TOKEN_UNAVAILABLE', 'signing.errors.serviceTimedOut', { params: { seconds: Math.ceil(deadlineMs / 1000), op: request.op } }));
      }, deadlineMs);
      const settle = <T>(done: (value: T) => void) => (value: T) => {
        clearTimeout(timer);
        done(value);
      };
      this.pending.set(id, { resolve: settle(resolve), reject: settle(reject), op: request.op, child });
      child.send({ id, request }, () => {
        // The channel is gone (the process died; its exit may be reported later): the next request
        // starts a fresh service instead of writing to this one again.
        if (this.child === child) this.child = null;
        if (this.pending.delete(id)) {
          clearTimeout(timer);
          reject(new AppError('TOKEN_UNAVAILABLE', 'signing.errors.serviceStopped'));
        }
      });
    });
  }

  /** Stops the service; pending requests fail with serviceStopped. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    await new Promise<void>((resolve) => {
      child.onExit(() => resolve());
      child.stop();
    });
  }
}
