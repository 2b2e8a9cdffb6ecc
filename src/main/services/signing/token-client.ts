// Main's side of the token service: starts the service process on first use, sends one typed
// request at a time and checks every reply against the protocol. If the process dies (a driver
// crash, a card pulled in a bad moment, a kill) the request it was working on fails with
// TOKEN_UNAVAILABLE/serviceStopped and the next request starts a fresh process.
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
}

export interface TokenServiceOptions {
  /** The service's entry file (src/main/workers/token-service.ts, or its bundle). */
  entry: string;
  /** Node flags for the child, e.g. ['--import', 'tsx'] to run the TypeScript entry in tests. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** How the process is started; default child_process.fork of `entry`. */
  spawn?: (options: TokenServiceOptions) => TokenProcess;
}

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
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, op: request.op, child });
      child.send({ id, request }, () => {
        // The channel is gone (the process died; its exit may be reported later): the next request
        // starts a fresh service instead of writing to this one again.
        if (this.child === child) this.child = null;
        if (this.pending.delete(id)) reject(new AppError('TOKEN_UNAVAILABLE', 'signing.errors.serviceStopped'));
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
